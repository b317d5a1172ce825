package dev.greenboard.api.page;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a keyset query: the caller fetches {@code size + 1} rows; the extra row only says that a next page
 * exists. Never OFFSET, never COUNT.
 */
public record Page<T>(List<T> items, boolean hasNextPage) {

    public static <T> Page<T> of(List<T> fetched, int size) {
        boolean more = fetched.size() > size;
        return new Page<>(more ? fetched.subList(0, size) : fetched, more);
    }

    public PageInfo pageInfo(Function<T, String> cursor) {
        return new PageInfo(hasNextPage, items.isEmpty() ? null : cursor.apply(items.get(items.size() - 1)));
    }
}
