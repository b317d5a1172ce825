package dev.greenboard.metrics.platform;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;

import dev.greenboard.metrics.results.ChangedReports;
import dev.greenboard.metrics.results.TestStatsFold;
import dev.greenboard.metrics.rollup.Rollup;
import dev.greenboard.metrics.rollup.RollupContext;
import dev.greenboard.metrics.rollup.RollupOutcome;

/**
 * Finds the tests that fail significantly more often on one platform than on all others (docs/definitions.md), per configured
 * window ({@code platform_smoke_test}), from the daily aggregates of {@link TestStatsFold} ({@link PlatformSmokeWindow}).
 * Between days only the tests of reports folded or corrected since the last run are judged again (their counts are
 * the only ones that changed); every test once a day, when the windows move, and on a first or full run. A row is
 * written only when its values changed, so a run with nothing new writes nothing.
 */
@ApplicationScoped
public class PlatformSmokeTestsRollup implements Rollup {

    private final PlatformSmokeTestsConfig config;

    public PlatformSmokeTestsRollup(PlatformSmokeTestsConfig config) {
        this.config = config;
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
        boolean newDay = context.watermark()
                .map(w -> !LocalDate.ofInstant(w, ZoneOffset.UTC).equals(today)).orElse(true);
        long rows = update(connection, "delete from platform_smoke_test where window_days <> all(?)",
                connection.createArrayOf("integer", windows.toArray()));
        Optional<Long> seen = context.transactionsSeen();
        Long[] repos;
        Long[] tests = null;
        if (newDay || seen.isEmpty()) {
            repos = ChangedReports.reposWithFoldedReports(connection, Optional.empty(), context.watermark(), today);
        } else {
            ChangedTests changed = changedTests(connection, seen.get());
            repos = changed.repos();
            tests = changed.tests();
        }
        createFreshSmokeTests(connection);
        PlatformSmokeWindow judge = new PlatformSmokeWindow(config);
        if (repos.length > 0) {
            for (int window : windows) {
                rows += refreshSmokeTests(connection, judge, repos, tests, window, today.minusDays(window - 1L),
                        context.now());
            }
        }
        context.advanceWatermark(context.now());
        context.advanceTransactionsSeen();
        return RollupOutcome.of(rows, repos.length + " repositories judged ("
                + (tests == null ? "every test" : tests.length + " tests with new counts") + "), windows " + windows
                + " days");
    }

    /**
     * The repositories and tests of the reports folded or corrected by transactions this rollup has not seen; null
     * tests when there are so many results to read that judging every test costs less.
     */
    private record ChangedTests(Long[] repos, Long[] tests) {
    }

    /** More changed results than this: every test is judged (it reads the failing tests' aggregates only). */
    static final long MAX_CHANGED_RESULTS = ChangedReports.MAX_CHANGED_RESULTS_READ;

    private static ChangedTests changedTests(Connection connection, long seen) throws SQLException {
        try (PreparedStatement count = connection.prepareStatement("""
                select coalesce(sum(r.tests), 0) from test_stats_ledger l join test_report r on r.id = l.report_id
                where l.folded_xid >= ?::text::xid8""")) {
            count.setString(1, Long.toString(seen));
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                if (rs.getLong(1) > MAX_CHANGED_RESULTS) {
                    return new ChangedTests(ChangedReports.reposWithFoldedReports(connection, Optional.empty(),
                            Optional.empty(), null), null);
                }
            }
        }
        Set<Long> repos = new TreeSet<>();
        List<Long> tests = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("""
                select distinct l.repo_id, tr.test_id
                from test_stats_ledger l
                join test_result tr on tr.repo_id = l.repo_id and tr.report_id = l.report_id
                                   and tr.received_at = l.received_at
                where l.folded_xid >= ?::text::xid8""")) {
            select.setString(1, Long.toString(seen));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    repos.add(rs.getLong(1));
                    tests.add(rs.getLong(2));
                }
            }
        }
        return new ChangedTests(repos.toArray(Long[]::new), tests.toArray(Long[]::new));
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
    private long refreshSmokeTests(Connection connection, PlatformSmokeWindow judge, Long[] repos, Long[] tests,
            int window, LocalDate from, Instant now) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("truncate fresh_smoke_test");
        }
        try (PreparedStatement insert = connection
                .prepareStatement("insert into fresh_smoke_test values (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (PlatformSmokeWindow.Judged test : judge.judge(connection, repos, from, null, tests)) {
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
        try (PreparedStatement delete = connection.prepareStatement(
                """
                        delete from platform_smoke_test p
                        where p.window_days = ? and p.repo_id = any(?) and (?::bigint[] is null or p.test_id in (select unnest(?::bigint[])))
                          and not exists (select 1 from fresh_smoke_test f
                                          where f.repo_id = p.repo_id and f.platform = p.platform
                                            and f.test_id = p.test_id)""")) {
            delete.setInt(1, window);
            delete.setArray(2, connection.createArrayOf("bigint", repos));
            Array testIds = tests == null ? null : connection.createArrayOf("bigint", tests);
            delete.setArray(3, testIds);
            delete.setArray(4, testIds);
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
