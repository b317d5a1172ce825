package dev.greenboard.metrics.results;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What changed since a test-statistics rollup last ran: the margin it re-reads, and the repositories whose daily
 * aggregates the fold ({@link TestStatsFold}) changed since then.
 */
public final class ChangedReports {

    /**
     * A result is received after it ran, but GitHub's clock (job times) and ours (receive times) may differ a little;
     * bounding receive times from below by a run time less this much keeps every result of the window.
     */
    public static final Duration CLOCK_SKEW = Duration.ofHours(1);

    /**
     * Up to this many changed results, a rollup reads them (through the primary key, by report) to learn which tests
     * changed; with more (a full fold, a backlog) it goes through the failing tests' aggregates instead, whose cost
     * does not depend on how much changed.
     */
    public static final long MAX_CHANGED_RESULTS_READ = 200_000;

    private ChangedReports() {
    }

    /**
     * The repositories whose aggregates changed: those with reports folded or corrected by {@link TestStatsFold} after
     * {@code since}; every repository on the first run of a day (UTC), when every window has moved by a day, and on
     * a first or full run.
     */
    public static Long[] reposWithFoldedReports(Connection connection, Optional<Instant> since,
            Optional<Instant> watermark, LocalDate today) throws SQLException {
        boolean newDay = watermark.map(w -> !LocalDate.ofInstant(w, ZoneOffset.UTC).equals(today)).orElse(true);
        List<Long> repos = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(newDay || since.isEmpty()
                ? "select id from repository order by id"
                : "select distinct repo_id from test_stats_ledger where folded_at > ? order by 1")) {
            if (!newDay && since.isPresent()) {
                statement.setObject(1, utc(since.get()));
            }
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    repos.add(rs.getLong(1));
                }
            }
        }
        return repos.toArray(Long[]::new);
    }

    /** The watermark less the late-arrival margin: where re-reading starts; empty when everything is read. */
    public static Optional<Instant> since(Optional<Instant> watermark, Duration lateArrival) {
        return watermark.map(w -> w.minus(lateArrival));
    }

    public static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
