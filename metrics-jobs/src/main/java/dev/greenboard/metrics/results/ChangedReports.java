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
 * The reports an incremental test-statistics job has to look at again: those received since its last run (less the
 * late-arrival margin), and those of commits put on the default branch since then (a push may arrive after the
 * reports of its commit). They go into the temporary table {@code changed_report(report_id)}, dropped at commit.
 */
public final class ChangedReports {

    /**
     * A result is received after it ran, but GitHub's clock (job times) and ours (receive times) may differ a little;
     * bounding receive times from below by a run time less this much keeps every result of the window.
     */
    public static final Duration CLOCK_SKEW = Duration.ofHours(1);

    /**
     * The SQL condition that report run {@code rr} ran on day {@code d.day} (UTC) of table {@code changed_day d}; it
     * bounds the receive time too, so that only the partitions and index range of that day and later are read.
     */
    public static final String RAN_ON_CHANGED_DAY = """
            rr.repo_id = d.repo_id
            and rr.received_at >= (d.day::timestamp at time zone 'UTC') - interval '1 hour'
            and rr.ran_at >= (d.day::timestamp at time zone 'UTC')
            and rr.ran_at < ((d.day + 1)::timestamp at time zone 'UTC')""";

    private ChangedReports() {
    }

    /**
     * Fills {@code changed_report} with the reports that ran at or after {@code ranFrom} and arrived (or joined the
     * default branch) after {@code since}; with no {@code since} (a first or full run), every report that ran at or
     * after {@code ranFrom}.
     *
     * @return the number of reports
     */
    public static int collect(Connection connection, Optional<Instant> since, Instant ranFrom) throws SQLException {
        Instant receivedFrom = ranFrom.minus(CLOCK_SKEW);
        Instant after = since.filter(s -> s.isAfter(receivedFrom)).orElse(receivedFrom);
        try (PreparedStatement statement = connection.prepareStatement("""
                create temporary table changed_report on commit drop as
                select rr.report_id
                from test_report_run rr
                where rr.received_at > ? and rr.ran_at >= ?
                union
                select rr.report_id
                from repository_default_branch rp
                join branch_commit bc on bc.repo_id = rp.repo_id and bc.branch = rp.default_branch
                join test_report_run rr on rr.repo_id = bc.repo_id and rr.sha = bc.sha
                where bc.seen_at > ? and rr.ran_at >= ?""")) {
            statement.setObject(1, utc(after));
            statement.setObject(2, utc(ranFrom));
            statement.setObject(3, utc(after));
            statement.setObject(4, utc(ranFrom));
            return statement.executeUpdate();
        }
    }

    /**
     * Fills the temporary table {@code changed_day(repo_id, day)} with the days (UTC) on which the default-branch
     * reports of {@code changed_report} ran: the days a daily rollup has to recompute.
     *
     * @return the number of days
     */
    public static int collectDefaultBranchDays(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                create temporary table changed_day on commit drop as
                select distinct rr.repo_id, (rr.ran_at at time zone 'UTC')::date as day
                from changed_report c
                join test_report_run rr on rr.report_id = c.report_id
                where rr.commit_seen_at is not null""")) {
            return statement.executeUpdate();
        }
    }

    /**
     * The repositories whose windowed rollups a daily job recomputes: those with a day in {@code changed_day}; all of
     * them on the first run of a day (UTC), when every window has moved by a day.
     */
    public static Long[] reposToRefresh(Connection connection, Optional<Instant> watermark, LocalDate today)
            throws SQLException {
        boolean newDay = watermark.map(w -> !LocalDate.ofInstant(w, ZoneOffset.UTC).equals(today)).orElse(true);
        String sql = newDay ? "select id from repository" : "select distinct repo_id from changed_day";
        List<Long> repos = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql);
                ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                repos.add(rs.getLong(1));
            }
        }
        return repos.toArray(Long[]::new);
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
