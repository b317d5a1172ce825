package dev.greenboard.ingest.githubapi;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * A span of creation times whose workflow runs GitHub lists in full: the runs listing filtered by {@code created}
 * returns at most 1,000 runs, so a longer history is read as several windows of at most 1,000 runs each.
 *
 * @param from first second of the window, inclusive
 * @param to last second of the window, inclusive; null for an open window (up to now)
 * @param totalCount the runs GitHub counted in the window when it was planned
 */
public record RunWindow(Instant from, Instant to, long totalCount) {

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx")
            .withZone(ZoneOffset.UTC);

    public RunWindow {
        from = from.truncatedTo(ChronoUnit.SECONDS);
        to = to == null ? null : to.truncatedTo(ChronoUnit.SECONDS);
        if (to != null && to.isBefore(from)) {
            throw new IllegalArgumentException("A run window ends before it starts: [" + from + ".." + to + "]");
        }
    }

    /**
     * The {@code created} qualifier: {@code >=2026-11-01T00:00:00+00:00} when open, else
     * {@code 2026-11-01T00:00:00+00:00..2026-11-02T11:59:59+00:00} (both ends inclusive, as in GitHub's search syntax).
     */
    public String createdQualifier() {
        return to == null ? ">=" + SECONDS.format(from) : SECONDS.format(from) + ".." + SECONDS.format(to);
    }

    /** More runs than GitHub lists for one filtered query. */
    public boolean overCap() {
        return totalCount > GitHubApiClient.RUNS_SEARCH_CAP;
    }
}
