package dev.greenboard.metrics.timing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.greenboard.metrics.rollup.RollupRunner;
import dev.greenboard.metrics.rollup.RollupRuns;
import dev.greenboard.model.database.Sql;
import dev.greenboard.model.database.TestDatabase;
import dev.greenboard.testkit.HistoryBuilder;
import dev.greenboard.testkit.HistoryBuilder.Step;

/**
 * Time to red signal ({@code ttrs} in {@code job_time_stats}): from a job's start to the completion of its first
 * failing step, for failed first attempts of jobs of pull-request runs. Every job below is created at 10:00 on Monday
 * 2026-11-16 and starts a minute later (s = its start):
 *
 * <pre>
 * run P1 (pull_request), attempt 1:  pull / test   failure  steps: Checkout ok s+10, Build ok s+200,
 *                                                             Test failed s+540, Upload failed s+600     -> 540
 *                                    pull / build  failure  steps: Build failed s+300                    -> 300
 * run P1, attempt 2:                 pull / test   failure  Test failed s+100           (a rerun)        -> none
 * run P2 (pull_request):             pull / test   failure  Test failed s+900                            -> 900
 *                                    pull / lint   success                              (not red)        -> none
 * run P3 (pull_request):             pull / test   failure  only Checkout ok            (no failed step) -> none
 * run T (push):                      trunk / test  failure  Test failed s+200           (not a PR)       -> none
 * </pre>
 *
 * pull / test: 540 and 900 -> n 2, mean 720, p50 720, p90 540 + 0.9 * 360 = 864, max 900; pull / build: 300.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TimeToRedSignalTest {

    private static final Instant CREATED = Instant.parse("2026-11-16T10:00:00Z");
    private static final Instant START = CREATED.plusSeconds(60);
    private static final Instant DAY = Instant.parse("2026-11-16T00:00:00Z");
    private static final List<String> L = List.of("linux.2xlarge");

    @Inject
    RollupRunner runner;

    @Inject
    AgroalDataSource dataSource;

    Sql sql;
    String repo;

    @BeforeEach
    void history() {
        if (repo != null) {
            return;
        }
        sql = new Sql(dataSource);
        repo = "ttrs/r" + UUID.randomUUID().toString().substring(0, 8);
        HistoryBuilder h = new HistoryBuilder(repo, "main");
        String sha = HistoryBuilder.sha("pr-head");
        long p1 = run(h, sha, 1, "pull_request");
        h.workflowRun(p1, 2, sha, "pull", "pull_request", "completed", "failure", CREATED.plusSeconds(3600),
                CREATED.plusSeconds(4000));
        long p2 = run(h, sha, 1, "pull_request");
        long p3 = run(h, sha, 1, "pull_request");
        long t = HistoryBuilder.nextId();
        h.workflowRun(t, 1, sha, "trunk", "push", "completed", "failure", CREATED, CREATED.plusSeconds(1000));

        job(h, sha, p1, 1, "pull", "test", "failure", List.of(ok("Checkout", 10), ok("Build", 200),
                failed("Test", 540), failed("Upload", 600)));
        job(h, sha, p1, 1, "pull", "build", "failure", List.of(failed("Build", 300)));
        job(h, sha, p1, 2, "pull", "test", "failure", List.of(failed("Test", 100)));
        job(h, sha, p2, 1, "pull", "test", "failure", List.of(ok("Checkout", 10), failed("Test", 900)));
        job(h, sha, p2, 1, "pull", "lint", "success", List.of(ok("Lint", 30)));
        job(h, sha, p3, 1, "pull", "test", "failure", List.of(ok("Checkout", 10)));
        job(h, sha, t, 1, "trunk", "test", "failure", List.of(failed("Test", 200)));
        RollupRuns.runAll(runner, false).assertSucceeded(List.of("job-time-stats"));
    }

    @Test
    void firstFailingStepOfFailedFirstAttemptsOnPullRequests() {
        assertEquals(List.of(Map.of("key", "pull / build", "count", 1, "mean_s", 300.0, "p50_s", 300.0, "p90_s",
                300.0, "max_s", 300.0),
                Map.of("key", "pull / test", "count", 2, "mean_s", 720.0, "p50_s", 720.0,
                        "p90_s", 864.0, "max_s", 900.0)),
                sql.rows("""
                        select key, count, mean_s, p50_s, p90_s, max_s from job_time_stats
                         where repo_id = repository_id(?) and metric = 'ttrs' and bucket = 'day'
                           and bucket_start = ? order by key""", repo, DAY.atOffset(ZoneOffset.UTC)));
        // The week holds the same samples.
        assertEquals(List.of(Map.of("key", "pull / build", "count", 1), Map.of("key", "pull / test", "count", 2)),
                sql.rows("""
                        select key, count from job_time_stats
                         where repo_id = repository_id(?) and metric = 'ttrs' and bucket = 'week' order by key""",
                        repo));
    }

    @Test
    void aFullRunComputesTheSame() {
        RollupRuns.runAll(runner, true).assertSucceeded(List.of("job-time-stats"));
        assertEquals(List.of(Map.of("key", "pull / build", "p90_s", 300.0), Map.of("key", "pull / test", "p90_s",
                864.0)), sql.rows("""
                        select key, p90_s from job_time_stats
                         where repo_id = repository_id(?) and metric = 'ttrs' and bucket = 'day' order by key""",
                        repo));
    }

    private static long run(HistoryBuilder h, String sha, int attempt, String event) {
        long id = HistoryBuilder.nextId();
        h.workflowRun(id, attempt, sha, "pull", event, "completed", "failure", CREATED, CREATED.plusSeconds(1000));
        return id;
    }

    private static void job(HistoryBuilder h, String sha, long run, int attempt, String workflow, String name,
            String conclusion, List<Step> steps) {
        Instant last = steps.get(steps.size() - 1).completed();
        h.job(sha, run, attempt, workflow, name, "completed", conclusion, CREATED, START, last.plusSeconds(5), L,
                steps);
    }

    private static Step ok(String name, int seconds) {
        return new Step(name, "success", START, START.plusSeconds(seconds));
    }

    private static Step failed(String name, int seconds) {
        return new Step(name, "failure", START, START.plusSeconds(seconds));
    }
}
