package dev.greenboard.metrics.flaky;

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

import dev.greenboard.metrics.results.ChangedReports;
import dev.greenboard.model.testresult.TestStatus;

/**
 * Test health over any window, for the windows the flaky-tests rollup does not precompute. A test with no failing
 * result in the window on any branch is healthy from the daily aggregates alone; only the tests that failed in the
 * window (and the disabled ones) are analysed, from their raw results read through the index on test and time. Reads
 * only: it runs in the gateway's read-only transactions.
 */
public final class TestHealthWindow {

    /** A test that is not healthy, with its identity. */
    public record Unhealthy(long testId, String file, String classname, String name, TestHealthVerdict health) {
    }

    private final TestHealthAnalyzer analyzer;

    public TestHealthWindow(FlakyTestsConfig config) {
        this.analyzer = new TestHealthAnalyzer(config.breakageStreak());
    }

    /** The tests of the repository that are not healthy over the {@code days} days before {@code now}. */
    public List<Unhealthy> unhealthy(Connection connection, long repoId, int days, Instant now) throws SQLException {
        Instant windowFrom = now.minus(Duration.ofDays(days));
        List<Unhealthy> found = new ArrayList<>();
        Long[] candidates = candidates(connection, repoId, windowFrom);
        // The candidates go in as an array the planner can count: as a subquery it guessed a hundred thousand
        // failing tests where there were four, and joined every result of the window by hash (6.4 s at 10 M results)
        // instead of reading each test's through its index.
        try (PreparedStatement statement = connection.prepareStatement("""
                select ti.id as test_id, ti.file, ti.classname, ti.name,
                       exists (select 1 from disabled_test d
                               where d.active and d.repo_id = ti.repo_id and d.test_name = ti.name
                                 and class_is(ti.classname, d.test_class)) as disabled,
                       x.job_name, x.sha, x.commit_seen_at, x.commit_ordinal, x.attempt, x.report_id, x.ordinal,
                       x.status, x.ran_at
                from unnest(?::bigint[]) as c (test_id)
                join test_identity ti on ti.id = c.test_id
                left join lateral (
                    select rr.job_name, rr.sha, rr.commit_seen_at, rr.commit_ordinal, rr.attempt, rr.report_id,
                           tr.ordinal, tr.status, rr.ran_at
                    from test_result tr
                    join test_report_run rr on rr.report_id = tr.report_id
                    where tr.test_id = ti.id and tr.received_at >= ? and tr.status <> 3 and rr.ran_at >= ?
                ) x on true
                order by ti.id""")) {
            statement.setFetchSize(5_000);
            statement.setArray(1, connection.createArrayOf("bigint", candidates));
            statement.setObject(2, ChangedReports.utc(windowFrom.minus(ChangedReports.CLOCK_SKEW)));
            statement.setObject(3, ChangedReports.utc(windowFrom));
            try (ResultSet rs = statement.executeQuery()) {
                long testId = -1;
                String[] identity = null;
                boolean disabled = false;
                List<TestExecution> executions = new ArrayList<>();
                while (rs.next()) {
                    if (rs.getLong("test_id") != testId) {
                        add(found, testId, identity, disabled, executions, windowFrom);
                        testId = rs.getLong("test_id");
                        identity = new String[]{rs.getString("file"), rs.getString("classname"), rs.getString("name")};
                        disabled = rs.getBoolean("disabled");
                        executions = new ArrayList<>();
                    }
                    if (rs.getObject("report_id") != null) {
                        executions.add(new TestExecution(rs.getString("job_name"), rs.getString("sha"),
                                instant(rs, "commit_seen_at"), rs.getInt("commit_ordinal"), rs.getInt("attempt"),
                                rs.getLong("report_id"), rs.getInt("ordinal"),
                                TestStatus.fromCode(rs.getShort("status")), instant(rs, "ran_at")));
                    }
                }
                add(found, testId, identity, disabled, executions, windowFrom);
            }
        }
        return found;
    }

    /** The tests that failed in the window on any branch (the daily aggregates say), and the disabled ones. */
    private static Long[] candidates(Connection connection, long repoId, Instant windowFrom) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                select distinct s.test_id from test_day_stats s
                where s.repo_id = ? and s.day >= ? and s.failures + s.errors + s.flakes > 0
                union
                select t.id from disabled_test d
                join test_identity t on t.repo_id = d.repo_id and t.name = d.test_name
                                    and class_is(t.classname, d.test_class)
                where d.active and d.repo_id = ?""")) {
            statement.setLong(1, repoId);
            statement.setObject(2, LocalDate.ofInstant(windowFrom, ZoneOffset.UTC));
            statement.setLong(3, repoId);
            List<Long> tests = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    tests.add(rs.getLong(1));
                }
            }
            return tests.toArray(Long[]::new);
        }
    }
    private void add(List<Unhealthy> found, long testId, String[] identity, boolean disabled,
            List<TestExecution> executions, Instant windowFrom) {
        if (identity == null) {
            return;
        }
        TestHealthVerdict health = analyzer.analyze(executions, windowFrom, disabled);
        if (health.state() != TestState.HEALTHY) {
            found.add(new Unhealthy(testId, identity[0], identity[1], identity[2], health));
        }
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }
}
