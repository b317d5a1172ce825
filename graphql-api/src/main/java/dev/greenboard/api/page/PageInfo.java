package dev.greenboard.api.page;

/** Relay page info: whether another page follows, and the cursor to ask for it. */
public record PageInfo(boolean hasNextPage, String endCursor) {
}
