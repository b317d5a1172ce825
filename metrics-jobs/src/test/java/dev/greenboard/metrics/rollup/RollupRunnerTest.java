package dev.greenboard.metrics.rollup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.greenboard.model.database.Sql;
import dev.greenboard.model.database.TestDatabase;
import dev.greenboard.testkit.HistoryBuilder;

/** Running rollups: by hand, all at once, on a schedule shared by several instances, and from their watermarks. */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class RollupRunnerTest {

    @Inject
    RollupRunner runner;

    @Inject
    AgroalDataSource dataSource;

    Sql sql;

    @BeforeEach
    void setUp() {
        sql = new Sql(dataSource);
    }

    @Test
    void aRunByHandIsRecordedWithItsOutcome() {
        RollupRun run = runner.runNow("retention", false);
        assertEquals("success", run.status(), run.detail());
        assertEquals("manual", run.trigger());
        RollupRun recorded = runner.lastRuns("retention", 1).get(0);
        assertEquals(run.id(), recorded.id());
        assertEquals("success", recorded.status());
        assertEquals("manual", recorded.trigger());
        assertEquals(run.rowsWritten(), recorded.rowsWritten());
        assertEquals(run.detail(), recorded.detail());
        assertEquals(Map.of("rollup", "retention", "status", "success"), sql.row(
                "select rollup, status from rollup_run where id = ? and finished_at is not null", run.id()));
    }

    @Test
    void runAllRunsEveryRollupOnceAfterWhatItReads() {
        RollupRuns runs = RollupRuns.runAll(runner, false);
        List<String> names = runs.names();
        assertEquals(runner.rollups().stream().map(Rollup::name).toList(), names);
        assertEquals(List.of("commit-health", "disabled-tests", "flaky-tests", "job-time-stats", "log-classifications",
                "metric-changes", "platform-smoke-tests", "queue-snapshot", "retention", "reverts", "test-stats",
                "test-time-regressions", "test-times"), names.stream().sorted().toList());
        runs.assertSucceeded(names);
        runs.runs().forEach(run -> assertEquals("run-all", run.trigger()));
        assertTrue(names.indexOf("disabled-tests") < names.indexOf("flaky-tests"), "flaky-tests reads the list");
        assertTrue(names.indexOf("commit-health") < names.indexOf("test-times"), "test-times reads commit health");
        for (String statistic : List.of("flaky-tests", "platform-smoke-tests", "test-time-regressions")) {
            assertTrue(names.indexOf("test-stats") < names.indexOf(statistic), statistic + " reads the aggregates");
        }
    }

    @Test
    void anUnknownRollupIsRefusedWithTheKnownNames() {
        assertTrue(runner.rollup("no-such-rollup").isEmpty());
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> runner.runNow("no-such-rollup", false));
        assertTrue(refused.getMessage().startsWith("No rollup named 'no-such-rollup'; known: ["),
                refused.getMessage());
        assertTrue(refused.getMessage().contains("retention"), refused.getMessage());
    }

    @Test
    void aScheduledPeriodRunsOnceAcrossInstances() throws Exception {
        Instant fireTime = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(7 * 24 * 3600);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Callable<RollupRun> instance = () -> runner.runScheduled("retention", fireTime);
            List<Future<RollupRun>> runs = pool.invokeAll(List.of(instance, instance, instance, instance));
            long successes = 0;
            for (Future<RollupRun> run : runs) {
                if (run.get().status().equals("success")) {
                    successes++;
                }
            }
            assertEquals(1, successes, "one instance runs the period, the others skip it");
        } finally {
            pool.shutdown();
        }
        RollupRun late = runner.runScheduled("retention", fireTime);
        assertEquals("skipped", late.status());
        assertEquals("this period was run by another instance", late.detail());
        assertEquals(1, sql.count("select count(*) from rollup_run where rollup = 'retention' and scheduled_for = ?",
                fireTime.atOffset(ZoneOffset.UTC)));
    }

    /**
     * commit-health reads the commits placed on a branch after its watermark: a second run finds nothing, a new push is
     * picked up, and a full run starts from the beginning of time again.
     */
    @Test
    void aRunReadsFromItsWatermarkAndAFullRunFromTheStart() {
        String repo = "runner/w" + UUID.randomUUID().toString().substring(0, 8);
        HistoryBuilder h = new HistoryBuilder(repo, "main");
        String first = HistoryBuilder.sha("w1");
        h.push(Instant.parse("2026-10-05T10:00:00Z"), List.of(first), "alice");

        RollupRun run = runner.runNow("commit-health", false);
        assertEquals("success", run.status(), run.detail());
        Timestamp watermark = watermark("commit-health");
        assertEquals(1, sql.count("""
                select count(*) from branch_commit where repo_id = repository_id(?) and sha = ? and recorded_at <= ?""",
                repo, first, watermark), "the watermark covers the commit the run classified");
        assertEquals("none", state(repo, first));

        RollupRun again = runner.runNow("commit-health", false);
        assertEquals(0, again.rowsWritten(), again.detail());
        assertTrue(again.detail().startsWith("classified commits[0] "), again.detail());
        assertFalse(watermark("commit-health").before(watermark));

        String second = HistoryBuilder.sha("w2");
        h.push(Instant.parse("2026-10-05T11:00:00Z"), List.of(second), "alice");
        RollupRun next = runner.runNow("commit-health", false);
        assertEquals(1, next.rowsWritten(), next.detail());
        assertTrue(next.detail().startsWith("classified commits[1] repositories[1] "), next.detail());
        assertEquals("none", state(repo, second));

        RollupRun full = runner.runNow("commit-health", true);
        assertEquals("success", full.status(), full.detail());
        assertEquals(List.of("none", "none"), List.of(state(repo, first), state(repo, second)));
        long commits = sql.count("select count(distinct (repo_id, sha)) from branch_commit");
        assertTrue(full.detail().startsWith("full run: classified commits[" + commits + "] "), full.detail());
    }

    private Timestamp watermark(String rollup) {
        return (Timestamp) sql.row("select watermark from rollup_state where rollup = ?", rollup)
                .get("watermark");
    }

    private String state(String repo, String sha) {
        return (String) sql.row("select state from commit_health where repo_id = repository_id(?) and sha = ?", repo,
                sha).get("state");
    }
}
