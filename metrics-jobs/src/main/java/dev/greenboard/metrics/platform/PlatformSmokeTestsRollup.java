package dev.greenboard.metrics.platform;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.greenboard.metrics.results.ChangedReports;
import dev.greenboard.metrics.results.TestResultsConfig;
import dev.greenboard.metrics.rollup.Rollup;
import dev.greenboard.metrics.rollup.RollupContext;
import dev.greenboard.metrics.rollup.RollupOutcome;

/**
 * Finds the tests that fail significantly more often on one platform than on all others (SPEC §6), in two stages:
 * <ol>
 * <li>{@code test_platform_day}: runs and failures per test, platform and day of default-branch results; only the days
 * with new or changed reports are recomputed;</li>
 * <li>{@code platform_smoke_test}: per window, the sums over its days, judged by a one-sided Fisher exact test; only
 * repositories with recomputed days are judged again, and all of them once a day, when the windows move.</li>
 * </ol>
 * Both stages write only rows whose values changed, so a run with nothing new writes nothing.
 */
@ApplicationScoped
public class PlatformSmokeTestsRollup implements Rollup {

    private final PlatformSmokeTestsConfig config;
    private final TestResultsConfig results;

    public PlatformSmokeTestsRollup(PlatformSmokeTestsConfig config, TestResultsConfig results) {
        this.config = config;
        this.results = results;
    }

    @Override
    public String name() {
        return "platform-smoke-tests";
    }

    @Override
    public String description() {
        return "Tests failing significantly more often on one platform (one-sided Fisher exact test, p < "
                + config.maxPValue() + ", at least " + config.minRuns() + " runs on each side), over windows of "
                + config.sortedWindows() + " days";
    }

    @Override
    public String defaultSchedule() {
        return "0 15 * * * ?";
    }

    @Override
    public RollupOutcome run(RollupContext context) throws SQLException {
        Connection connection = context.connection();
        List<Integer> windows = config.sortedWindows();
        LocalDate today = LocalDate.ofInstant(context.now(), ZoneOffset.UTC);
        LocalDate oldestDay = today.minusDays(windows.get(windows.size() - 1) - 1);
        Optional<Instant> since = ChangedReports.since(context.watermark(), results.lateArrival());
        ChangedReports.collect(connection, since, oldestDay.atStartOfDay(ZoneOffset.UTC).toInstant());
        int days = ChangedReports.collectDefaultBranchDays(connection);
        long rows = refreshDays(connection);
        rows += update(connection, "delete from test_platform_day where day < ?", oldestDay);
        rows += update(connection, "delete from platform_smoke_test where window_days <> all(?)",
                connection.createArrayOf("integer", windows.toArray()));
        Long[] repos = ChangedReports.reposToRefresh(connection, context.watermark(), today);
        createFreshSmokeTests(connection);
        FisherExact fisher = new FisherExact();
        for (int window : windows) {
            rows += refreshSmokeTests(connection, fisher, repos, window, today.minusDays(window - 1L),
                    context.now());
        }
        context.advanceWatermark(context.now());
        return RollupOutcome.of(rows, days + " repository days recomputed, " + repos.length
                + " repositories judged, windows " + windows + " days");
    }

    /** Recomputes the per-day counts of the days in {@code changed_day}. */
    private static long refreshDays(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("""
                    create temporary table fresh_platform_day on commit drop as
                    select d.repo_id, d.day, tr.test_id, rr.platform, count(*) as runs,
                           count(*) filter (where tr.status in (1, 2, 4)) as failures
                    from changed_day d
                    join test_report_run rr on %s
                        and rr.commit_seen_at is not null and rr.platform is not null
                    join test_result tr on tr.report_id = rr.report_id and tr.received_at = rr.received_at
                                       and tr.status <> 3
                    group by d.repo_id, d.day, tr.test_id, rr.platform""".formatted(ChangedReports.RAN_ON_CHANGED_DAY));
            long rows = statement.executeUpdate("""
                    insert into test_platform_day (repo_id, day, test_id, platform, runs, failures)
                    select repo_id, day, test_id, platform, runs, failures from fresh_platform_day
                    on conflict (repo_id, day, test_id, platform) do update set
                        runs = excluded.runs, failures = excluded.failures
                    where (test_platform_day.runs, test_platform_day.failures)
                          is distinct from (excluded.runs, excluded.failures)""");
            rows += statement.executeUpdate("""
                    delete from test_platform_day t using changed_day d
                    where t.repo_id = d.repo_id and t.day = d.day
                      and not exists (select 1 from fresh_platform_day f
                                      where f.repo_id = t.repo_id and f.day = t.day and f.test_id = t.test_id
                                        and f.platform = t.platform)""");
            return rows;
        }
    }

    private static void createFreshSmokeTests(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("""
                    create temporary table fresh_smoke_test (
                        repo_id bigint, platform text, test_id bigint, runs integer, failures integer,
                        other_runs integer, other_failures integer, p_value double precision
                    ) on commit drop""");
        }
    }

    /**
     * Judges every test of {@code repos} with enough runs on a platform and elsewhere in the window. A platform that
     * fails no more often than the others is skipped without a test: its one-sided p-value is at least 1/2.
     */
    private long refreshSmokeTests(Connection connection, FisherExact fisher, Long[] repos, int window,
            LocalDate from, Instant now) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("truncate fresh_smoke_test");
        }
        try (PreparedStatement select = connection.prepareStatement("""
                with counts as (
                    select repo_id, test_id, platform, sum(runs)::integer as runs, sum(failures)::integer as failures
                    from test_platform_day
                    where repo_id = any(?) and day >= ?
                    group by repo_id, test_id, platform
                ), totals as (
                    select repo_id, test_id, sum(runs)::integer as runs, sum(failures)::integer as failures
                    from counts group by repo_id, test_id
                )
                select c.repo_id, c.test_id, c.platform, c.runs, c.failures,
                       t.runs - c.runs as other_runs, t.failures - c.failures as other_failures
                from counts c join totals t on t.repo_id = c.repo_id and t.test_id = c.test_id
                where c.runs >= ? and t.runs - c.runs >= ?
                  and c.failures::bigint * (t.runs - c.runs) > (t.failures - c.failures)::bigint * c.runs""");
                PreparedStatement insert = connection
                        .prepareStatement("insert into fresh_smoke_test values (?, ?, ?, ?, ?, ?, ?, ?)")) {
            select.setArray(1, connection.createArrayOf("bigint", repos));
            select.setObject(2, from);
            select.setInt(3, config.minRuns());
            select.setInt(4, config.minRuns());
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    int runs = rs.getInt("runs");
                    int failures = rs.getInt("failures");
                    int otherRuns = rs.getInt("other_runs");
                    int otherFailures = rs.getInt("other_failures");
                    double p = fisher.greater(failures, runs - failures, otherFailures, otherRuns - otherFailures);
                    if (p < config.maxPValue()) {
                        insert.setLong(1, rs.getLong("repo_id"));
                        insert.setString(2, rs.getString("platform"));
                        insert.setLong(3, rs.getLong("test_id"));
                        insert.setInt(4, runs);
                        insert.setInt(5, failures);
                        insert.setInt(6, otherRuns);
                        insert.setInt(7, otherFailures);
                        insert.setDouble(8, p);
                        insert.addBatch();
                    }
                }
            }
            insert.executeBatch();
        }
        long rows;
        // The p-value follows from the four counts: comparing those decides whether a row changed.
        try (PreparedStatement upsert = connection.prepareStatement("""
                insert into platform_smoke_test (repo_id, window_days, platform, test_id, runs, failures, other_runs,
                    other_failures, p_value, updated_at)
                select repo_id, ?, platform, test_id, runs, failures, other_runs, other_failures, p_value, ?
                from fresh_smoke_test
                on conflict (repo_id, window_days, platform, test_id) do update set
                    runs = excluded.runs, failures = excluded.failures, other_runs = excluded.other_runs,
                    other_failures = excluded.other_failures, p_value = excluded.p_value,
                    updated_at = excluded.updated_at
                where (platform_smoke_test.runs, platform_smoke_test.failures, platform_smoke_test.other_runs,
                       platform_smoke_test.other_failures)
                      is distinct from (excluded.runs, excluded.failures, excluded.other_runs,
                                        excluded.other_failures)""")) {
            upsert.setInt(1, window);
            upsert.setObject(2, ChangedReports.utc(now));
            rows = upsert.executeUpdate();
        }
        try (PreparedStatement delete = connection.prepareStatement("""
                delete from platform_smoke_test p
                where p.window_days = ? and p.repo_id = any(?)
                  and not exists (select 1 from fresh_smoke_test f
                                  where f.repo_id = p.repo_id and f.platform = p.platform
                                    and f.test_id = p.test_id)""")) {
            delete.setInt(1, window);
            delete.setArray(2, connection.createArrayOf("bigint", repos));
            rows += delete.executeUpdate();
        }
        return rows;
    }

    private static long update(Connection connection, String sql, Object parameter) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, parameter);
            return statement.executeUpdate();
        }
    }
}
