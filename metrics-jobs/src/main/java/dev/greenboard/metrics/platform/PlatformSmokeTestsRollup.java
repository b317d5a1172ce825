package dev.greenboard.metrics.platform;

import java.sql.Connection;
import java.sql.PreparedStatement;
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
import dev.greenboard.metrics.results.TestStatsFold;
import dev.greenboard.metrics.rollup.Rollup;
import dev.greenboard.metrics.rollup.RollupContext;
import dev.greenboard.metrics.rollup.RollupOutcome;

/**
 * Finds the tests that fail significantly more often on one platform than on all others (docs/definitions.md), per configured
 * window ({@code platform_smoke_test}), from the daily aggregates of {@link TestStatsFold} ({@link PlatformSmokeWindow}).
 * Only repositories with reports folded or corrected since the last run are judged again, and all of them once a day,
 * when the windows move. A row is written only when its values changed, so a run with nothing new writes nothing.
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

    /** The counts come from the daily aggregates the fold keeps. */
    @Override
    public List<String> dependsOn() {
        return List.of(TestStatsFold.NAME);
    }

    @Override
    public RollupOutcome run(RollupContext context) throws SQLException {
        Connection connection = context.connection();
        List<Integer> windows = config.sortedWindows();
        LocalDate today = LocalDate.ofInstant(context.now(), ZoneOffset.UTC);
        Optional<Instant> since = ChangedReports.since(context.watermark(), results.lateArrival());
        long rows = update(connection, "delete from platform_smoke_test where window_days <> all(?)",
                connection.createArrayOf("integer", windows.toArray()));
        Long[] repos = ChangedReports.reposWithFoldedReports(connection, since, context.watermark(), today);
        createFreshSmokeTests(connection);
        PlatformSmokeWindow judge = new PlatformSmokeWindow(config);
        for (int window : windows) {
            rows += refreshSmokeTests(connection, judge, repos, window, today.minusDays(window - 1L),
                    context.now());
        }
        context.advanceWatermark(context.now());
        return RollupOutcome.of(rows, repos.length + " repositories judged, windows " + windows + " days");
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
    private long refreshSmokeTests(Connection connection, PlatformSmokeWindow judge, Long[] repos, int window,
            LocalDate from, Instant now) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("truncate fresh_smoke_test");
        }
        try (PreparedStatement insert = connection
                .prepareStatement("insert into fresh_smoke_test values (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (PlatformSmokeWindow.Judged test : judge.judge(connection, repos, from, null)) {
                insert.setLong(1, test.repoId());
                insert.setString(2, test.platform());
                insert.setLong(3, test.testId());
                insert.setInt(4, test.runs());
                insert.setInt(5, test.failures());
                insert.setInt(6, test.otherRuns());
                insert.setInt(7, test.otherFailures());
                insert.setDouble(8, test.pValue());
                insert.addBatch();
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
