package dev.greenboard.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.greenboard.metrics.rollup.RollupRunner;
import dev.greenboard.metrics.rollup.RollupRuns;
import dev.greenboard.model.database.Sql;
import dev.greenboard.model.database.TestDatabase;
import dev.greenboard.testkit.HistoryBuilder;

/**
 * The CI health rollups are incremental: a run reads only what was written since the previous one, recomputes just
 * the commits and days it touches, and writes only rows whose values change. Every workflow blocks (the default).
 *
 * <pre>
 * Monday 2026-10-05     e1 10:00  pull run ok (330 s)  pull/build ok q30 d300 linux.2xlarge
 * Tuesday 2026-10-06    e2 10:00  pull run ok (400 s)  pull/build ok q40 d360 linux.2xlarge
 * </pre>
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class CiHealthIncrementalTest {

    private static final Instant MONDAY = Instant.parse("2026-10-05T00:00:00Z");
    private static final Instant TUESDAY = Instant.parse("2026-10-06T00:00:00Z");
    private static final List<String> CI_HEALTH_ROLLUPS = List.of("commit-health", "job-time-stats", "reverts");

    @Inject
    RollupRunner runner;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aRunRecomputesOnlyWhatChangedAndAFullRunAgrees() {
        String repo = "health/i" + UUID.randomUUID().toString().substring(0, 8);
        HistoryBuilder h = new HistoryBuilder(repo, "main");
        String e1 = HistoryBuilder.sha("e1");
        String e2 = HistoryBuilder.sha("e2");
        h.push(MONDAY.plusSeconds(36_000), List.of(e1), "alice");
        h.push(TUESDAY.plusSeconds(36_000), List.of(e2), "alice");
        long run1 = buildRun(h, e1, MONDAY.plusSeconds(36_060), 330);
        long run2 = buildRun(h, e2, TUESDAY.plusSeconds(36_060), 400);
        h.job(e1, run1, 1, "pull", "build", "completed", "success", MONDAY.plusSeconds(36_060),
                MONDAY.plusSeconds(36_090), MONDAY.plusSeconds(36_390), List.of("linux.2xlarge"));
        h.job(e2, run2, 1, "pull", "build", "completed", "success", TUESDAY.plusSeconds(36_060),
                TUESDAY.plusSeconds(36_100), TUESDAY.plusSeconds(36_460), List.of("linux.2xlarge"));

        RollupRuns first = RollupRuns.runAll(runner, false);
        first.assertSucceeded(CI_HEALTH_ROLLUPS);
        Sql sql = new Sql(dataSource);
        // Two commits; per day tts, job_duration (pull / build), queue_time (linux.2xlarge), workflow_duration
        // (pull): 4 rows on each of the two days and 4 for their week; commits and reverts of two days.
        assertEquals(2, count(sql, "commit_health", repo));
        assertEquals(12, count(sql, "job_time_stats", repo));
        assertEquals(2, count(sql, "revert_stats", repo));

        // Nothing new: nothing to recompute, nothing written.
        RollupRuns second = RollupRuns.runAll(runner, false);
        for (String rollup : CI_HEALTH_ROLLUPS) {
            assertEquals(0, second.rows(rollup), rollup + ": " + second.detail(rollup));
        }
        assertTrue(second.detail("job-time-stats").startsWith("recomputed days[] "), second.detail("job-time-stats"));

        // A new job on Tuesday: e2 is reclassified (1 row: 2 jobs now), Tuesday and its week are recomputed. New rows
        // for pull / lint: tts and job_duration, day and week (4); linux.2xlarge queue time changes on the day
        // (40 -> 15, 40) and the week (30, 40 -> 15, 30, 40) (2); pull / build and the pull workflow do not change.
        h.job(e2, run2, 1, "pull", "lint", "completed", "success", TUESDAY.plusSeconds(36_060),
                TUESDAY.plusSeconds(36_075), TUESDAY.plusSeconds(36_120), List.of("linux.2xlarge"));
        RollupRuns third = RollupRuns.runAll(runner, false);
        assertEquals(1, third.rows("commit-health"), third.detail("commit-health"));
        assertEquals(6, third.rows("job-time-stats"), third.detail("job-time-stats"));
        assertTrue(third.detail("job-time-stats")
                .startsWith("recomputed days[2026-10-06] repository-hours[0] repository-days[1]"
                        + " repository-weeks[1] repositories[1]"),
                third.detail("job-time-stats"));
        assertEquals(0, third.rows("reverts"), third.detail("reverts"));
        assertEquals(Map.of("jobs", 2, "state", "green"), sql.row("""
                select jobs, state from commit_health where repo_id = repository_id(?) and sha = ?""", repo, e2));

        // A revert pushed on Monday: Monday's commits and reverts change (1 row), the new commit gets its health
        // row (none: no jobs), and no job changed, so no time statistic is recomputed.
        String revert = HistoryBuilder.sha("revert");
        h.push(MONDAY.plusSeconds(50_000), List.of(revert), List.of("Revert \"commit e1\""), "bot");
        RollupRuns fourth = RollupRuns.runAll(runner, false);
        assertEquals(1, fourth.rows("reverts"), fourth.detail("reverts"));
        assertEquals(1, fourth.rows("commit-health"), fourth.detail("commit-health"));
        assertEquals(0, fourth.rows("job-time-stats"), fourth.detail("job-time-stats"));
        assertEquals(Map.of("commits", 2, "reverts", 1),
                sql.row("""
                        select commits, reverts from revert_stats where repo_id = repository_id(?) and day = date '2026-10-05'""",
                        repo));

        // A full run recomputes everything from the facts and finds what the incremental runs wrote.
        List<Map<String, Object>> before = rollups(sql, repo);
        RollupRuns full = RollupRuns.runAll(runner, true);
        full.assertSucceeded(CI_HEALTH_ROLLUPS);
        CI_HEALTH_ROLLUPS.forEach(rollup -> assertTrue(full.detail(rollup).startsWith("full run: "),
                full.detail(rollup)));
        assertEquals(before, rollups(sql, repo));
    }

    /** A successful first attempt of a push-triggered pull workflow; returns its id. */
    private static long buildRun(HistoryBuilder h, String sha, Instant created, int durationSeconds) {
        long id = HistoryBuilder.nextId();
        h.workflowRun(id, 1, sha, "pull", "push", "completed", "success", created,
                created.plusSeconds(durationSeconds));
        return id;
    }

    private static long count(Sql sql, String table, String repo) {
        return sql.count("select count(*) from " + table + " where repo_id = repository_id(?)", repo);
    }

    /** Every rollup row of the repository, in a stable order. */
    private static List<Map<String, Object>> rollups(Sql sql, String repo) {
        List<Map<String, Object>> rows = new ArrayList<>();
        rows.addAll(sql.rows("""
                select branch, sha, seen_at, state, jobs, broken_jobs, flaky_jobs, pending_jobs, changed_at
                  from commit_health where repo_id = repository_id(?) order by branch, sha""", repo));
        rows.addAll(sql.rows("""
                select metric, key, bucket, bucket_start, count, mean_s, p50_s, p90_s, p95_s, p99_s
                  from job_time_stats where repo_id = repository_id(?) order by metric, key, bucket, bucket_start""",
                repo));
        rows.addAll(sql.rows("""
                select day, commits, reverts from revert_stats where repo_id = repository_id(?) order by day""",
                repo));
        return rows;
    }
}
