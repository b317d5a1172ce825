package dev.greenboard.metrics.flaky;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.greenboard.metrics.results.ChangedReports;
import dev.greenboard.metrics.results.TestResultsConfig;
import dev.greenboard.metrics.results.TestStatsFold;
import dev.greenboard.metrics.rollup.Rollup;
import dev.greenboard.metrics.rollup.RollupContext;
import dev.greenboard.metrics.rollup.RollupOutcome;
import dev.greenboard.model.testresult.TestStatus;

/**
 * Rolls test results up into one health row per test that is not healthy, per configured window ({@code test_health}).
 * <p>
 * Only tests with a failing result in the window can be unhealthy, and the daily aggregates of {@link TestStatsFold}
 * say which those are; the others are healthy without reading a result. Incremental: a run looks only at the failing
 * tests with results in reports folded or corrected since the last one, tests already listed (their window moved),
 * and tests whose disabled-list entry changed. Each of those is recomputed whole over the largest window from its raw
 * results (read through the index on test and time), and a row is written only when its values changed, so a run
 * with nothing new writes nothing.
 */
@ApplicationScoped
public class FlakyTestsRollup implements Rollup {

    private static final int BATCH = 500;

    private final FlakyTestsConfig config;
    private final TestResultsConfig results;
    private final TestHealthAnalyzer analyzer;

    public FlakyTestsRollup(FlakyTestsConfig config, TestResultsConfig results) {
        this.config = config;
        this.results = results;
        this.analyzer = new TestHealthAnalyzer(config.breakageStreak());
    }

    @Override
    public String name() {
        return "flaky-tests";
    }

    @Override
    public String description() {
        return "Per test: flaky (reruns, flips), broken or disabled, with runs, failures and a Wilson interval of the"
                + " failure rate, over windows of " + config.sortedWindows() + " days";
    }

    /** The disabled list, and the daily counts that say which tests failed. */
    @Override
    public List<String> dependsOn() {
        return List.of("disabled-tests", TestStatsFold.NAME);
    }

    @Override
    public String defaultSchedule() {
        return "0 5/30 * * * ?";
    }

    @Override
    public RollupOutcome run(RollupContext context) throws SQLException {
        Connection connection = context.connection();
        List<Integer> windows = config.sortedWindows();
        Instant now = context.now();
        Instant oldestRun = now.minus(Duration.ofDays(windows.get(windows.size() - 1)));
        Optional<Instant> since = ChangedReports.since(context.watermark(), results.lateArrival());
        int tests = collectAffectedTests(connection, since, oldestRun);
        long rows = deleteOtherWindows(connection, windows);
        try (Writer writer = new Writer(connection, now)) {
            streamExecutions(connection, oldestRun, (test, executions) -> {
                for (int window : windows) {
                    TestHealthVerdict health = analyzer.analyze(executions, now.minus(Duration.ofDays(window)),
                            test.disabled());
                    writer.write(test, window, health);
                }
            });
            rows += writer.finish();
        }
        context.advanceWatermark(now);
        return RollupOutcome.of(rows, tests + " tests looked at, windows " + windows + " days");
    }

    /**
     * Fills {@code flaky_affected(test_id, repo_id, disabled, listed)} with the tests this run recomputes; listed: it has
     * a row now (a healthy test without one needs no delete).
     * <p>
     * A test with no failing result (failed, error, flaky) in the largest window is healthy from the daily counts
     * alone: it cannot have rerun-flaked, flipped or broken. So only failing tests are analysed: on a full run all of
     * them, on an incremental run those with results in reports folded or corrected since the last run; plus the
     * tests listed now (their window moved) and those whose disabled-list entry changed.
     */
    private static int collectAffectedTests(Connection connection, Optional<Instant> since, Instant oldestRun)
            throws SQLException {
        java.time.LocalDate oldestDay = java.time.LocalDate.ofInstant(oldestRun, java.time.ZoneOffset.UTC);
        OffsetDateTime from = since.map(ChangedReports::utc).orElse(null);
        // Which failing tests have a result in a report folded since the last run. Few new results (one report, a few
        // thousand): read them by report and keep their tests, so the cost follows what arrived. Many: ask per
        // failing test, through its index, whether it has such a result (reading millions of new results would cost
        // what they hold).
        boolean fewChanged = from != null
                && changedResults(connection, from) <= ChangedReports.MAX_CHANGED_RESULTS_READ;
        if (fewChanged) {
            try (PreparedStatement statement = connection.prepareStatement("""
                    create temporary table flaky_recent on commit drop as
                    select distinct tr.test_id
                    from test_stats_ledger l
                    join test_result tr on tr.repo_id = l.repo_id and tr.report_id = l.report_id
                                       and tr.received_at = l.received_at
                    where l.folded_at > ?""")) {
                statement.setObject(1, from);
                statement.execute();
            }
            try (Statement analyze = connection.createStatement()) {
                analyze.execute("analyze flaky_recent");
            }
        }
        String recentFailing = fewChanged
                ? """
                        select failing.test_id
                        from (select distinct s.test_id from test_day_stats s
                              where s.day >= ? and s.failures + s.errors + s.flakes > 0) failing
                        where failing.test_id in (select test_id from flaky_recent)"""
                : """
                        select failing.test_id
                        from (select distinct s.test_id from test_day_stats s
                              where s.day >= ? and s.failures + s.errors + s.flakes > 0) failing
                        left join lateral (
                            select true as hit from test_result tr
                            join test_stats_ledger l on l.report_id = tr.report_id and l.received_at = tr.received_at
                            where tr.test_id = failing.test_id and tr.received_at >= ? and l.folded_at > ?
                            limit 1) recent on true
                        where ?::timestamptz is null or recent.hit""";
        try (PreparedStatement statement = connection.prepareStatement("""
                create temporary table flaky_affected on commit drop as
                select ti.id as test_id, ti.repo_id,
                       exists (select 1 from disabled_test d
                               where d.active and d.repo_id = ti.repo_id and d.test_name = ti.name
                                 and class_is(ti.classname, d.test_class)) as disabled,
                       exists (select 1 from test_health h where h.repo_id = ti.repo_id and h.test_id = ti.id) as listed
                from test_identity ti
                where ti.id in (
                    %s
                    union
                    select test_id from test_health
                    union
                    select t.id
                    from disabled_test d
                    join test_identity t on t.repo_id = d.repo_id and t.name = d.test_name
                                        and class_is(t.classname, d.test_class)
                    where ?::timestamptz is null or d.updated_at > ?)""".formatted(recentFailing))) {
            int parameter = 1;
            statement.setObject(parameter++, oldestDay);
            if (!fewChanged) {
                statement.setObject(parameter++, ChangedReports.utc(oldestRun.minus(ChangedReports.CLOCK_SKEW)));
                statement.setObject(parameter++, from, Types.TIMESTAMP_WITH_TIMEZONE);
                statement.setObject(parameter++, from, Types.TIMESTAMP_WITH_TIMEZONE);
            }
            statement.setObject(parameter++, from, Types.TIMESTAMP_WITH_TIMEZONE);
            statement.setObject(parameter, from, Types.TIMESTAMP_WITH_TIMEZONE);
            int tests = statement.executeUpdate();
            // Without statistics the planner takes the temporary table for a thousand rows and reads every result of
            // the window instead of each test's through the index (measured: 50 s against 15 ms for 4 tests).
            try (Statement analyze = connection.createStatement()) {
                analyze.execute("analyze flaky_affected");
            }
            return tests;
        }
    }

    /** How many results the reports folded or corrected after {@code since} hold. */
    private static long changedResults(Connection connection, OffsetDateTime since) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                select coalesce(sum(r.tests), 0) from test_stats_ledger l join test_report r on r.id = l.report_id
                where l.folded_at > ?""")) {
            statement.setObject(1, since);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static long deleteOtherWindows(Connection connection, List<Integer> windows) throws SQLException {
        try (PreparedStatement statement = connection
                .prepareStatement("delete from test_health where window_days <> all(?)")) {
            statement.setArray(1, connection.createArrayOf("integer", windows.toArray()));
            return statement.executeUpdate();
        }
    }

    private record AffectedTest(long testId, long repoId, boolean disabled, boolean listed) {
    }

    private interface TestConsumer {

        void accept(AffectedTest test, List<TestExecution> executions) throws SQLException;
    }

    /**
     * Streams every affected test with its executions since {@code oldestRun} (none for a test with no results there),
     * one test at a time, so memory holds one test's history, not the window's.
     */
    private static void streamExecutions(Connection connection, Instant oldestRun, TestConsumer consumer)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                """
                        select a.test_id, a.repo_id, a.disabled, a.listed, x.job_name, x.sha, x.commit_seen_at, x.commit_ordinal,
                               x.attempt, x.report_id, x.ordinal, x.status, x.ran_at
                        from flaky_affected a
                        left join lateral (
                            select rr.job_name, rr.sha, rr.commit_seen_at, rr.commit_ordinal, rr.attempt, rr.report_id,
                                   tr.ordinal, tr.status, rr.ran_at
                            from test_result tr
                            join test_report_run rr on rr.report_id = tr.report_id
                            where tr.test_id = a.test_id and tr.received_at >= ? and tr.status <> 3 and rr.ran_at >= ?
                        ) x on true
                        order by a.test_id""")) {
            statement.setFetchSize(5_000);
            statement.setObject(1, ChangedReports.utc(oldestRun.minus(ChangedReports.CLOCK_SKEW)));
            statement.setObject(2, ChangedReports.utc(oldestRun));
            try (ResultSet rs = statement.executeQuery()) {
                AffectedTest test = null;
                List<TestExecution> executions = new ArrayList<>();
                while (rs.next()) {
                    long testId = rs.getLong("test_id");
                    if (test == null || test.testId() != testId) {
                        if (test != null) {
                            consumer.accept(test, executions);
                        }
                        test = new AffectedTest(testId, rs.getLong("repo_id"), rs.getBoolean("disabled"),
                                rs.getBoolean("listed"));
                        executions = new ArrayList<>();
                    }
                    if (rs.getObject("report_id") != null) {
                        executions.add(new TestExecution(rs.getString("job_name"), rs.getString("sha"),
                                instant(rs, "commit_seen_at"), rs.getInt("commit_ordinal"), rs.getInt("attempt"),
                                rs.getLong("report_id"), rs.getInt("ordinal"),
                                TestStatus.fromCode(rs.getShort("status")), instant(rs, "ran_at")));
                    }
                }
                if (test != null) {
                    consumer.accept(test, executions);
                }
            }
        }
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }

    /** Batches upserts of unhealthy tests and deletes of healthy ones; counts only rows that changed. */
    private static final class Writer implements AutoCloseable {

        private final Connection connection;
        private final OffsetDateTime now;
        private final PreparedStatement upsert;
        private final PreparedStatement delete;
        private int pending;
        private long written;

        Writer(Connection connection, Instant now) throws SQLException {
            this.connection = connection;
            this.now = ChangedReports.utc(now);
            this.upsert = connection.prepareStatement("""
                    insert into test_health (repo_id, window_days, test_id, state, reasons, runs, failures, flips,
                        last_flake_at, failure_rate_low, failure_rate_high, updated_at)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    on conflict (repo_id, window_days, test_id) do update set
                        state = excluded.state, reasons = excluded.reasons, runs = excluded.runs,
                        failures = excluded.failures, flips = excluded.flips, last_flake_at = excluded.last_flake_at,
                        failure_rate_low = excluded.failure_rate_low, failure_rate_high = excluded.failure_rate_high,
                        updated_at = excluded.updated_at
                    where (test_health.state, test_health.reasons, test_health.runs, test_health.failures,
                           test_health.flips, test_health.last_flake_at, test_health.failure_rate_low,
                           test_health.failure_rate_high)
                          is distinct from
                          (excluded.state, excluded.reasons, excluded.runs, excluded.failures, excluded.flips,
                           excluded.last_flake_at, excluded.failure_rate_low, excluded.failure_rate_high)""");
            this.delete = connection
                    .prepareStatement("delete from test_health where repo_id = ? and window_days = ? and test_id = ?");
        }

        void write(AffectedTest test, int window, TestHealthVerdict health) throws SQLException {
            if (health.state() == TestState.HEALTHY) {
                if (!test.listed()) {
                    return;
                }
                delete.setLong(1, test.repoId());
                delete.setInt(2, window);
                delete.setLong(3, test.testId());
                delete.addBatch();
            } else {
                upsert.setLong(1, test.repoId());
                upsert.setInt(2, window);
                upsert.setLong(3, test.testId());
                upsert.setString(4, health.state().name());
                upsert.setArray(5, connection.createArrayOf("text",
                        health.reasons().stream().map(Enum::name).toArray()));
                upsert.setInt(6, health.runs());
                upsert.setInt(7, health.failures());
                upsert.setInt(8, health.flips());
                upsert.setObject(9, health.lastFlakeAt() == null ? null : ChangedReports.utc(health.lastFlakeAt()),
                        Types.TIMESTAMP_WITH_TIMEZONE);
                setDouble(upsert, 10, health.failureRate().map(WilsonInterval::low).orElse(null));
                setDouble(upsert, 11, health.failureRate().map(WilsonInterval::high).orElse(null));
                upsert.setObject(12, now);
                upsert.addBatch();
            }
            if (++pending >= BATCH) {
                flush();
            }
        }

        long finish() throws SQLException {
            flush();
            return written;
        }

        private void flush() throws SQLException {
            written += changed(upsert.executeBatch()) + changed(delete.executeBatch());
            pending = 0;
        }

        private static long changed(int[] counts) {
            long sum = 0;
            for (int count : counts) {
                sum += Math.max(count, 0);
            }
            return sum;
        }

        private static void setDouble(PreparedStatement statement, int index, Double value) throws SQLException {
            if (value == null) {
                statement.setNull(index, Types.DOUBLE);
            } else {
                statement.setDouble(index, value);
            }
        }

        @Override
        public void close() throws SQLException {
            upsert.close();
            delete.close();
        }
    }
}
