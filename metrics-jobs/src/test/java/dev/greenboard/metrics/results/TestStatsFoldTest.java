package dev.greenboard.metrics.results;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.greenboard.metrics.rollup.RollupRun;
import dev.greenboard.metrics.rollup.RollupRunner;
import dev.greenboard.model.database.Sql;
import dev.greenboard.model.database.TestDatabase;
import dev.greenboard.testkit.HistoryBuilder;
import dev.greenboard.testkit.Webhooks;

/**
 * The ledger and the daily aggregates of {@link TestStatsFold}: one history sent in different orders, with
 * redeliveries, with a commit that joins the default branch after its report was folded, with a job whose webhook
 * (time, runner labels) arrives after its report, with a fold killed half-way and with two folds at once, gives the
 * same rows; and the rows are what the raw results say (a reference query over {@code test_result}).
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class TestStatsFoldTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LINUX = "linux-jammy-py3.10 / test (default, 1, 2, linux.2xlarge)";
    private static final String LINUX_2 = "linux-jammy-py3.10 / test (default, 2, 2, linux.2xlarge)";
    private static final String DIST = "linux-jammy-py3.10 / test (distributed, 1, 1, linux.2xlarge)";
    private static final String WINDOWS = "win-vs2022-cpu-py3 / test (default, 1, 1, windows.4xlarge)";

    @Inject
    RollupRunner runner;

    @Inject
    TestStatsFold fold;

    @Inject
    AgroalDataSource dataSource;

    final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    /** One step of a history: a webhook or an upload, each can be sent again (a redelivery). */
    private interface Event {

        void send();
    }

    /**
     * The fixed history: main has commits a (2 days ago) and b (1 day ago); commit f is first on a pull-request branch
     * and is pushed to main 1 hour after its report. Job W's report is uploaded before its webhook, which then says it
     * ran on a windows runner 3 days ago (the upload said nothing about platform or time).
     */
    private List<Event> history(String repo) {
        HistoryBuilder main = new HistoryBuilder(repo, "main");
        String a = HistoryBuilder.sha("a");
        String b = HistoryBuilder.sha("b");
        String f = HistoryBuilder.sha("f");
        Instant ta = now.minus(2, ChronoUnit.DAYS);
        Instant tb = now.minus(1, ChronoUnit.DAYS);
        long run = HistoryBuilder.nextId();
        long jobA = HistoryBuilder.nextId();
        long jobA2 = HistoryBuilder.nextId();
        long jobB = HistoryBuilder.nextId();
        long jobW = HistoryBuilder.nextId();
        long jobF = HistoryBuilder.nextId();
        List<Event> events = new ArrayList<>();
        events.add(() -> main.push(ta, List.of(a), "alice"));
        events.add(() -> main.push(tb, List.of(b), "bob"));
        events.add(() -> job(repo, jobA, run, a, LINUX, "main", ta.plusSeconds(600), List.of("linux.2xlarge")));
        events.add(() -> job(repo, jobA2, run, a, LINUX_2, "main", ta.plusSeconds(700), List.of("linux.2xlarge")));
        events.add(() -> job(repo, jobB, run, b, DIST, "main", tb.plusSeconds(600), List.of("linux.2xlarge")));
        events.add(() -> upload(repo, a, jobA, LINUX, "main", "k-a", List.of(
                line("test_ops.py", "TestOps", "test_add", "passed", 1.5),
                line("test_ops.py", "TestOps", "test_mul", "failed", 2.25),
                line("test_ops.py", "TestOps", "test_mul", "passed", 2.0),
                line("test_nn.py", "TestNN", "test_conv", "skipped", 0),
                line("test_nn.py", "TestNN", "test_relu", "flaky", 0.1))));
        events.add(() -> upload(repo, a, jobA2, LINUX_2, "main", "k-a2", List.of(
                line("test_ops.py", "TestOps", "test_sub", "error", 3.0),
                line("test_nn.py", "TestNN", "test_pool", "passed", 0.7))));
        events.add(() -> upload(repo, b, jobB, DIST, "main", "k-b", List.of(
                line("test_ops.py", "TestOps", "test_add", "passed", 1.25),
                line("test_dist.py", "TestDist", "test_allreduce", "failed", 30.0))));
        events.add(() -> upload(repo, a, jobW, WINDOWS, "main", "k-w", List.of(
                line("test_ops.py", "TestOps", "test_add", "failed", 4.0))));
        events.add(() -> job(repo, jobW, run, a, WINDOWS, "main", now.minus(3, ChronoUnit.DAYS),
                List.of("windows.4xlarge")));
        events.add(() -> upload(repo, f, jobF, LINUX, "feature", "k-f", List.of(
                line("test_ops.py", "TestOps", "test_add", "passed", 1.0),
                line("test_ops.py", "TestOps", "test_mul", "failed", 2.0))));
        events.add(() -> main.push(now.minus(1, ChronoUnit.HOURS), List.of(f), "carol"));
        return events;
    }

    @Test
    void theSameHistoryInAnyOrderWithRedeliveriesGivesTheSameRows() {
        String inOrder = repo();
        history(inOrder).forEach(Event::send);
        runFold();
        Rows expected = rows(inOrder);
        assertFalse(expected.dayStats().isEmpty());
        assertEquals(reference(inOrder), dayStatsWithoutJob(inOrder));

        // Reversed, every event sent twice, a fold after each event: the commit of f joins main after its report was
        // folded, and job W's webhook moves its report to another day and platform after it was folded.
        String reversed = repo();
        List<Event> events = new ArrayList<>(history(reversed));
        Collections.reverse(events);
        for (Event event : events) {
            event.send();
            runFold();
            event.send();
            runFold();
        }
        assertEquals(expected, rows(reversed));
        assertEquals(reference(reversed), dayStatsWithoutJob(reversed));
    }

    /**
     * The hand-computed rows of the history: per test and day, on main (a, b, and f once pushed), by platform (job W:
     * windows, from its runner) and job base/config.
     */
    @Test
    void theAggregatesHoldTheHandComputedCounts() {
        String repo = repo();
        history(repo).forEach(Event::send);
        runFold();
        String a = now.minus(2, ChronoUnit.DAYS).atOffset(java.time.ZoneOffset.UTC).toLocalDate().toString();
        String w = now.minus(3, ChronoUnit.DAYS).atOffset(java.time.ZoneOffset.UTC).toLocalDate().toString();
        // test_mul on a: failed, then passed in the same report: 2 runs, 1 failure, 4.25 s; linux from the job's name.
        assertEquals(List.of(a + " true linux linux-jammy-py3.10 default 2 1 0 0 0 4.25"), sql().rows("""
                select day || ' ' || on_default || ' ' || platform || ' ' || job_base || ' ' || config || ' ' || runs
                       || ' ' || failures || ' ' || errors || ' ' || flakes || ' ' || skips || ' ' || total_seconds
                       as row
                from test_day_stats s join test_identity ti on ti.id = s.test_id
                where s.repo_id = repository_id(?) and ti.name = 'test_mul' and s.day = ?::date""", repo, a)
                .stream().map(row -> (String) row.get("row")).toList());
        // test_add: W's failure counts on windows, on the day its job ran (from the webhook, after the upload).
        assertEquals(List.of(w + " windows win-vs2022-cpu-py3 1 1"), sql().rows("""
                select day || ' ' || platform || ' ' || job_base || ' ' || runs || ' ' || failures as row
                from test_day_stats s join test_identity ti on ti.id = s.test_id
                where s.repo_id = repository_id(?) and ti.name = 'test_add' and s.day = ?::date""", repo, w)
                .stream().map(row -> (String) row.get("row")).toList());
        // test_ops.py in job A: 1.5 + 2.25 + 2.0 = 5.75 s over 3 timed results of one report.
        assertEquals(List.of(Map.of("seconds", new java.math.BigDecimal("5.75"), "timed", 3, "reports", 1)),
                sql().rows("""
                        select seconds, timed, reports from test_file_execution_day
                        where repo_id = repository_id(?) and file = 'test_ops.py' and day = ?::date
                          and execution in (select job_id from test_report where repo_id = repository_id(?)
                                             and job_name = ?)""", repo, a, repo, LINUX));
        // f joined main: every report is on the default branch now.
        assertEquals(0, sql().count("select count(*) from test_stats_ledger l join test_report r on r.id = l.report_id"
                + " where r.repo_id = repository_id(?) and not l.on_default", repo));
    }

    @Test
    void aFoldKilledHalfWayChangesNothingAndTheNextOneCountsEverythingOnce() throws SQLException {
        String repo = repo();
        history(repo).forEach(Event::send);
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            TestStatsFold.FoldOutcome outcome = fold.fold(connection, Optional.empty(), Instant.now());
            assertFalse(outcome.added() == 0);
            // The process dies before the commit: PostgreSQL rolls the transaction back.
            connection.rollback();
        }
        assertEquals(0, sql().count("select count(*) from test_stats_ledger l join test_report r on r.id = l.report_id"
                + " where r.repo_id = repository_id(?)", repo));
        runFold();
        assertEquals(reference(repo), dayStatsWithoutJob(repo));
    }

    @Test
    void twoFoldsAtOnceCountEachReportOnce() throws Exception {
        String repo = repo();
        history(repo).forEach(Event::send);
        List<CompletableFuture<Void>> folds = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            folds.add(CompletableFuture.runAsync(() -> {
                try (Connection connection = dataSource.getConnection()) {
                    connection.setAutoCommit(false);
                    // Both read the same candidates; the second one's ledger insert waits for the first's commit.
                    fold.fold(connection, Optional.empty(), Instant.now());
                    connection.commit();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (CompletableFuture<Void> f : folds) {
            f.get();
        }
        assertEquals(reference(repo), dayStatsWithoutJob(repo));
        assertEquals(5, sql().count("select count(*) from test_stats_ledger where repo_id = repository_id(?)", repo));
    }

    /**
     * Random histories: random statuses, durations, platforms and branches, events in random order, folds at random
     * points; the aggregates equal the reference over the raw results, and a full fold after them changes nothing.
     */
    @Test
    void randomHistoriesFoldedAtRandomPointsEqualTheReference() {
        Random random = new Random(13);
        String[] statuses = {"passed", "passed", "passed", "failed", "error", "skipped", "flaky"};
        String[] jobs = {LINUX, LINUX_2, DIST, WINDOWS};
        for (int history = 0; history < 4; history++) {
            String repo = repo();
            HistoryBuilder main = new HistoryBuilder(repo, "main");
            List<Event> events = new ArrayList<>();
            long run = HistoryBuilder.nextId();
            for (int c = 0; c < 5; c++) {
                String sha = HistoryBuilder.sha("r" + c);
                Instant t = now.minus(random.nextInt(96), ChronoUnit.HOURS);
                boolean onMain = random.nextInt(3) > 0;
                if (onMain) {
                    events.add(() -> main.push(t, List.of(sha), "alice"));
                }
                for (int j = 0; j < 2; j++) {
                    String name = jobs[random.nextInt(jobs.length)];
                    long job = HistoryBuilder.nextId();
                    List<String> lines = new ArrayList<>();
                    for (int k = 0; k < 6; k++) {
                        lines.add(line("test_" + random.nextInt(3) + ".py", "TestR", "test_" + random.nextInt(5),
                                statuses[random.nextInt(statuses.length)], random.nextInt(400) / 8.0));
                    }
                    String key = UUID.randomUUID().toString();
                    String branch = onMain && random.nextBoolean() ? "main" : "pr";
                    events.add(() -> upload(repo, sha, job, name, branch, key, lines));
                    if (random.nextBoolean()) {
                        Instant ran = t.plus(random.nextInt(30), ChronoUnit.HOURS);
                        events.add(() -> job(repo, job, run, sha, name, branch, ran,
                                List.of(name.contains("windows") ? "windows.4xlarge" : "linux.2xlarge")));
                    }
                }
            }
            Collections.shuffle(events, random);
            for (Event event : events) {
                event.send();
                if (random.nextInt(3) == 0) {
                    runFold();
                }
            }
            runFold();
            List<String> incremental = dayStatsWithoutJob(repo);
            assertEquals(reference(repo), incremental, "history " + history);
            Rows before = rows(repo);
            RollupRun full = runner.runNow(TestStatsFold.NAME, true);
            assertEquals("success", full.status(), full.detail());
            assertEquals(before, rows(repo), "history " + history + ": a full fold after the incremental ones");
        }
    }

    /**
     * Platform smoke tests judged between days re-judge only the tests of newly folded reports: random histories of
     * five tests on linux and windows (windows failing more often), sent in random order with the fold and the
     * platform judgement run at random points, end with the rows a full judgement writes; and one more report of one
     * test is judged alone.
     */
    @Test
    void platformSmokeTestsJudgedIncrementallyEqualAFullJudgement() {
        Random random = new Random(16);
        for (int history = 0; history < 3; history++) {
            String repo = repo();
            HistoryBuilder main = new HistoryBuilder(repo, "main");
            List<Event> events = new ArrayList<>();
            long run = HistoryBuilder.nextId();
            for (int c = 0; c < 14; c++) {
                String sha = HistoryBuilder.sha("p" + c);
                Instant t = now.minus(1 + random.nextInt(72), ChronoUnit.HOURS);
                events.add(() -> main.push(t, List.of(sha), "alice"));
                for (String name : List.of(LINUX, WINDOWS)) {
                    boolean windows = name.equals(WINDOWS);
                    long job = HistoryBuilder.nextId();
                    List<String> lines = new ArrayList<>();
                    for (int k = 0; k < 5; k++) {
                        boolean fails = random.nextInt(100) < (windows ? 15 * k : 5);
                        lines.add(line("test_p.py", "TestP", "test_" + k, fails ? "failed" : "passed", 1.0));
                    }
                    String key = UUID.randomUUID().toString();
                    events.add(() -> upload(repo, sha, job, name, "main", key, lines));
                    events.add(() -> job(repo, job, run, sha, name, "main", t.plusSeconds(900),
                            List.of(windows ? "windows.4xlarge" : "linux.2xlarge")));
                }
            }
            Collections.shuffle(events, random);
            for (Event event : events) {
                event.send();
                if (random.nextInt(4) == 0) {
                    runFold();
                    runPlatformSmokeTests(false);
                }
            }
            runFold();
            runPlatformSmokeTests(false);
            List<String> incremental = smokeTests(repo);
            runPlatformSmokeTests(true);
            assertEquals(smokeTests(repo), incremental, "history " + history);
            assertFalse(incremental.isEmpty(), "history " + history + " lists no test: it checks nothing");
        }

        String repo = repo();
        String sha = HistoryBuilder.sha("one");
        new HistoryBuilder(repo, "main").push(now.minus(2, ChronoUnit.HOURS), List.of(sha), "alice");
        upload(repo, sha, HistoryBuilder.nextId(), WINDOWS, "main", "one", List.of(
                line("test_p.py", "TestP", "test_one", "failed", 1.0)));
        runFold();
        RollupRun judged = runPlatformSmokeTests(false);
        assertEquals("1 repositories judged (1 tests with new counts), windows [14] days", judged.detail());
    }

    /**
     * Flaky tests computed incrementally look only at the failing tests of newly folded reports (read by report when
     * few results changed) and at the tests listed already: random histories of six tests on consecutive main commits
     * (flips, reruns, streaks), sent in random order with the fold and flaky-tests run at random points, end with the
     * rows a full run writes.
     */
    @Test
    void flakyTestsComputedIncrementallyEqualAFullRun() {
        Random random = new Random(17);
        String[] statuses = {"passed", "passed", "passed", "failed", "flaky", "error"};
        for (int history = 0; history < 3; history++) {
            String repo = repo();
            HistoryBuilder main = new HistoryBuilder(repo, "main");
            List<Event> events = new ArrayList<>();
            long run = HistoryBuilder.nextId();
            for (int c = 0; c < 10; c++) {
                String sha = HistoryBuilder.sha("f" + c);
                Instant t = now.minus(80 - 7L * c, ChronoUnit.HOURS);
                events.add(() -> main.push(t, List.of(sha), "alice"));
                for (int attempt = 0; attempt < 1 + random.nextInt(2); attempt++) {
                    long job = HistoryBuilder.nextId();
                    List<String> lines = new ArrayList<>();
                    for (int k = 0; k < 6; k++) {
                        String status = k < 2 ? "passed" : statuses[random.nextInt(statuses.length)];
                        lines.add(line("test_f.py", "TestF", "test_" + k, status, 1.0));
                    }
                    String key = UUID.randomUUID().toString();
                    events.add(() -> upload(repo, sha, job, LINUX, "main", key, lines));
                    Instant ran = t.plusSeconds(900 + 60L * attempt);
                    events.add(() -> job(repo, job, run, sha, LINUX, "main", ran, List.of("linux.2xlarge")));
                }
            }
            Collections.shuffle(events, random);
            for (Event event : events) {
                event.send();
                if (random.nextInt(4) == 0) {
                    runFold();
                    runFlakyTests(false);
                }
            }
            runFold();
            runFlakyTests(false);
            List<String> incremental = flakyTests(repo);
            runFlakyTests(true);
            assertEquals(flakyTests(repo), incremental, "history " + history);
            assertFalse(incremental.isEmpty(), "history " + history + " lists no test: it checks nothing");
        }
    }

    private RollupRun runFlakyTests(boolean full) {
        RollupRun run = runner.runNow("flaky-tests", full);
        assertEquals("success", run.status(), run.detail());
        return run;
    }

    private List<String> flakyTests(String repo) {
        return strings("""
                select h.window_days || ' ' || ti.name || ' ' || h.state || ' ' || h.reasons::text || ' ' || h.runs
                       || ' ' || h.failures || ' ' || h.flips as row
                from test_health h join test_identity ti on ti.id = h.test_id
                where h.repo_id = repository_id(?) order by 1""", repo);
    }

    private RollupRun runPlatformSmokeTests(boolean full) {
        RollupRun run = runner.runNow("platform-smoke-tests", full);
        assertEquals("success", run.status(), run.detail());
        return run;
    }

    private List<String> smokeTests(String repo) {
        return strings("""
                select p.window_days || ' ' || p.platform || ' ' || ti.name || ' ' || p.runs || ' ' || p.failures
                       || ' ' || p.other_runs || ' ' || p.other_failures || ' ' || p.p_value as row
                from platform_smoke_test p join test_identity ti on ti.id = p.test_id
                where p.repo_id = repository_id(?) order by 1""", repo);
    }

    @Test
    void aFullFoldWithNothingNewWritesNothing() {
        String repo = repo();
        history(repo).forEach(Event::send);
        runFold();
        RollupRun again = runner.runNow(TestStatsFold.NAME, true);
        assertEquals("success", again.status(), again.detail());
        assertEquals(0, again.rowsWritten(), again.detail());
        assertThrows(IllegalArgumentException.class, () -> runner.runNow("no-such-rollup", false));
    }

    private void runFold() {
        RollupRun run = runner.runNow(TestStatsFold.NAME, false);
        assertEquals("success", run.status(), run.detail());
    }

    private Sql sql() {
        return new Sql(dataSource);
    }

    private static String repo() {
        return "ts/f" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Every row of the aggregates and the ledger of a repository, with ids replaced by what they stand for. */
    record Rows(List<String> dayStats, List<String> fileDays, List<String> ledger) {
    }

    private Rows rows(String repo) {
        return new Rows(
                strings("""
                        select s.day || ' ' || ti.file || ' ' || ti.classname || ' ' || ti.name || ' ' || s.on_default || ' '
                               || s.platform || ' ' || s.job_base || ' ' || s.config || ' ' || s.runs || ' ' || s.failures
                               || ' ' || s.errors || ' ' || s.flakes || ' ' || s.skips || ' ' || trim_scale(s.total_seconds) as row
                        from test_day_stats s join test_identity ti on ti.id = s.test_id
                        where s.repo_id = repository_id(?) order by 1""",
                        repo),
                strings("""
                        select day || ' ' || file || ' ' || on_default || ' ' || trim_scale(seconds) || ' ' || timed || ' ' || reports
                               as row
                        from test_file_execution_day where repo_id = repository_id(?) order by 1""",
                        repo),
                strings("""
                        select day || ' ' || on_default || ' ' || platform || ' ' || job_base || ' ' || config as row
                        from test_stats_ledger where repo_id = repository_id(?) order by 1""", repo));
    }

    /** The aggregates summed over job base and config (which the reference query cannot derive in SQL). */
    private List<String> dayStatsWithoutJob(String repo) {
        return strings("""
                select s.day || ' ' || ti.file || ' ' || ti.name || ' ' || s.on_default || ' ' || s.platform || ' '
                       || sum(s.runs) || ' ' || sum(s.failures) || ' ' || sum(s.errors) || ' ' || sum(s.flakes) || ' '
                       || sum(s.skips) || ' ' || trim_scale(sum(s.total_seconds)) as row
                from test_day_stats s join test_identity ti on ti.id = s.test_id
                where s.repo_id = repository_id(?)
                group by s.day, ti.file, ti.name, s.on_default, s.platform order by 1""", repo);
    }

    /** The same sums straight from the raw results, as a from-scratch computation gives them. */
    private List<String> reference(String repo) {
        return strings("""
                select (rr.ran_at at time zone 'UTC')::date || ' ' || ti.file || ' ' || ti.name || ' '
                       || (rr.commit_seen_at is not null) || ' ' || coalesce(rr.platform, '') || ' '
                       || count(*) filter (where tr.status <> 3) || ' ' || count(*) filter (where tr.status = 1)
                       || ' ' || count(*) filter (where tr.status = 2) || ' ' || count(*) filter (where tr.status = 4)
                       || ' ' || count(*) filter (where tr.status = 3) || ' '
                       || trim_scale(coalesce(sum(tr.duration_s::numeric), 0)) as row
                from test_report_run rr
                join test_result tr on tr.report_id = rr.report_id and tr.received_at = rr.received_at
                join test_identity ti on ti.id = tr.test_id
                where rr.repo_id = repository_id(?)
                group by 1 order by 1""".replace("group by 1 order by 1", """
                group by (rr.ran_at at time zone 'UTC')::date, ti.file, ti.name, rr.commit_seen_at is not null,
                         coalesce(rr.platform, '')
                order by 1"""), repo);
    }

    private List<String> strings(String query, Object... params) {
        return sql().rows(query, params).stream().map(row -> (String) row.get("row")).toList();
    }

    private static String line(String file, String classname, String name, String status, double seconds) {
        return HistoryBuilder.testCase(file, classname, name, status, seconds, null);
    }

    /** An upload with an idempotency key: sent again, it is the same report (a redelivery). */
    private static void upload(String repo, String sha, long jobId, String jobName, String branch, String key,
            List<String> lines) {
        int status = given().auth().oauth2("test-token-1").queryParam("repo", repo).queryParam("sha", sha)
                .queryParam("job_id", jobId).queryParam("job_name", jobName).queryParam("branch", branch)
                .header("Idempotency-Key", repo + "/" + key).contentType("application/x-ndjson")
                .body(String.join("\n", lines).getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/test-reports").then().extract().statusCode();
        assertEquals(true, status == 201 || status == 200, "upload answered " + status);
    }

    /** A completed workflow_job webhook for a job id chosen by the caller (so its report can come first). */
    private static void job(String repo, long id, long runId, String sha, String name, String branch,
            Instant completed, List<String> labels) {
        ObjectNode job = JSON.createObjectNode();
        job.put("id", id);
        job.put("run_id", runId);
        job.put("run_attempt", 1);
        job.put("workflow_name", "trunk");
        job.put("name", name);
        job.put("head_sha", sha);
        job.put("head_branch", branch);
        job.put("status", "completed");
        job.put("conclusion", "success");
        job.put("created_at", completed.minusSeconds(600).toString());
        job.put("started_at", completed.minusSeconds(500).toString());
        job.put("completed_at", completed.toString());
        var labelArray = job.putArray("labels");
        labels.forEach(labelArray::add);
        job.put("runner_name", "runner-1");
        job.put("html_url", "https://github.com/" + repo + "/actions/runs/" + runId + "/job/" + id);
        job.putArray("steps");
        ObjectNode payload = JSON.createObjectNode();
        payload.put("action", "completed");
        payload.set("workflow_job", job);
        ObjectNode repository = payload.putObject("repository");
        repository.put("id", HistoryBuilder.githubIdOf(repo));
        repository.put("full_name", repo);
        repository.put("default_branch", "main");
        repository.put("html_url", "https://github.com/" + repo);
        Webhooks.deliver("workflow_job", payload.toString().getBytes(StandardCharsets.UTF_8)).statusCode(200);
    }
}
