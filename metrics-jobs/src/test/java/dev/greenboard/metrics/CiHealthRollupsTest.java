package dev.greenboard.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import dev.greenboard.metrics.rollup.RollupRun;
import dev.greenboard.metrics.rollup.RollupRunner;
import dev.greenboard.metrics.rollup.RollupRuns;
import dev.greenboard.model.database.Sql;
import dev.greenboard.model.database.TestDatabase;
import dev.greenboard.testkit.HistoryBuilder;

/**
 * The CI health rollups (docs/metrics.md, "CI health": commit-health, job-time-stats, queue-snapshot, reverts) on a
 * history built through ingest, every expected row worked out by hand below. The repository marks workflows
 * {@code pull} and {@code trunk} as blocking; {@code nightly} is not. Labels: L2 = linux.2xlarge, L8 = linux.8xlarge.
 * Runs are created a minute after their push; a job is created with its run, waits q seconds and runs d seconds, so
 * its time to signal is q + d. The gateway's metric test reads rates, counts and week sums of these rows.
 *
 * <pre>
 * Day 1, Monday 2026-11-02 (week 1)
 *  a1 10:00  pull  run ok (330 s)     pull/build ok q30 d300 L2 .............. cell SUCCESS
 *            trunk run ok (960 s)     trunk/test ok q60 d900 L8 .............. cell SUCCESS
 *            nightly (schedule) fail  nightly/slow fail q10 d100 L2 .......... not blocking
 *                                                                           => green (2 jobs)
 *  a2 12:00  pull  run 1 fail,        pull/build ok q30 d360 L2 .............. SUCCESS
 *            run 2 (12:30) ok         pull/test fail q60 d600, rerun 12:30 ok q20 d500 (L2) .. FLAKY
 *            trunk run ok (1060 s)    trunk/test ok q60 d1000 L8 ............. SUCCESS
 *                                                                           => flaky (3 jobs, 1 flaky)
 *  a3 14:00  pull  run fail           pull/build fail q30 d200 L2 ............ FAILURE
 *            trunk run 1 fail, run 2  trunk/test fail q60 d400, rerun 14:30 ok q30 d800 (L8) .. FLAKY
 *                                                                           => broken (2 jobs, 1 broken, 1 flaky)
 *  a4 16:00  pull  run cancelled      pull/build ok q30 d420 L2 .............. SUCCESS
 *                                     pull/lint cancelled q5 d5 (L2, lint) ... no signal
 *            trunk run in progress    trunk/test running since q60 (L8) ...... RUNNING
 *                                                                           => pending (3 jobs, 1 pending)
 *  a5 18:00  nightly (schedule) ok    nightly/slow ok q10 d120 L2 (130 s run)  => none (0 blocking jobs)
 *  a6 20:00  pull  run cancelled      pull/build cancelled before it started   => none (1 job, no signal)
 * Day 2, Tuesday 2026-11-03 (week 1)
 *  b1, b2 09:00 (one push)            b1 has no jobs                           => b1 none
 *            pull run ok (510 s)      pull/build ok q30 d480 L2
 *            trunk run ok (1160 s)    trunk/test ok q60 d1100 L8               => b2 green (2 jobs)
 *  b3 11:00 "Revert ..."              pull/build ok q40 d340 L2 (run ok, 380 s)
 *            trunk run fail           trunk/test timed_out q60 d3600 L8        => broken (2 jobs, 1 broken)
 *  b4, b5 13:00 both "Revert ..."     no jobs                                  => none, none
 *  b6, b7 15:00 "Revert ...", then "Reland ..." at the head                   => none, none
 * Day 3, Monday 2026-11-09 (week 2)
 *  c1 10:00  pull run ok (300 s)      pull/build ok q30 d270 L2
 *            trunk run ok (900 s)     trunk/test ok q60 d840 L8                => green (2 jobs)
 *  d1 12:00  pull/mac-test and pull/mac-build queued (macos-14, since 300 s and 60 s before the test),
 *            trunk/win-test queued (windows.4xlarge, since 120 s)             => pending (3 jobs, 3 pending)
 * </pre>
 *
 * Percentiles are percentile_cont: over sorted x[0..n-1], p at h = (n - 1) p is x[h] interpolated linearly.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
@TestProfile(CiHealthRollupsTest.BlockingWorkflows.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CiHealthRollupsTest {

    /**
     * Unique per test JVM. The profile is read in another class loader than the test's, so the name is kept where
     * both see the same value.
     */
    static final String REPO = (String) System.getProperties().computeIfAbsent("ci-health-rollups-test.repo",
            key -> "health/r" + UUID.randomUUID().toString().substring(0, 8));

    /** This test's repository blocks on pull and trunk only. */
    public static class BlockingWorkflows implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("greenboard.settings.blocking-workflows.\"" + REPO + "\"", "pull,trunk");
        }
    }

    private static final Instant DAY1 = Instant.parse("2026-11-02T00:00:00Z");
    private static final Instant DAY2 = Instant.parse("2026-11-03T00:00:00Z");
    private static final Instant DAY3 = Instant.parse("2026-11-09T00:00:00Z");
    private static final List<String> L2 = List.of("linux.2xlarge");
    private static final List<String> L8 = List.of("linux.8xlarge");
    private static final String BUILD = "pull / build";
    private static final double EXACT = 1e-9;

    @Inject
    RollupRunner runner;

    @Inject
    AgroalDataSource dataSource;

    Sql sql;
    HistoryBuilder h;
    Map<String, String> shas = new LinkedHashMap<>();
    Instant macTestQueuedSince;
    RollupRun snapshot;

    @BeforeEach
    void buildHistoryAndRunTheRollups() {
        if (h != null) {
            return;
        }
        sql = new Sql(dataSource);
        h = new HistoryBuilder(REPO, "main");
        for (String name : List.of("a1", "a2", "a3", "a4", "a5", "a6", "b1", "b2", "b3", "b4", "b5", "b6", "b7",
                "c1", "d1")) {
            shas.put(name, HistoryBuilder.sha(name));
        }
        day1();
        day2();
        day3();
        RollupRuns runs = RollupRuns.runAll(runner, false);
        runs.assertSucceeded(List.of("commit-health", "job-time-stats", "queue-snapshot", "reverts"));
        snapshot = runs.of("queue-snapshot");
    }

    private void day1() {
        Instant t = DAY1.plusSeconds(10 * 3600);
        push("a1", t);
        long pull = run("a1", "pull", "push", t, "success", 330);
        long trunk = run("a1", "trunk", "push", t, "success", 960);
        long nightly = run("a1", "nightly", "schedule", t, "failure", 110);
        job("a1", pull, 1, "pull", "build", "success", t.plusSeconds(60), 30, 300, L2);
        job("a1", trunk, 1, "trunk", "test", "success", t.plusSeconds(60), 60, 900, L8);
        job("a1", nightly, 1, "nightly", "slow", "failure", t.plusSeconds(60), 10, 100, L2);

        t = DAY1.plusSeconds(12 * 3600);
        push("a2", t);
        pull = run("a2", "pull", "push", t, "failure", 660);
        h.workflowRun(pull, 2, shas.get("a2"), "pull", "push", "completed", "success", t.plusSeconds(1800),
                t.plusSeconds(1800 + 520));
        trunk = run("a2", "trunk", "push", t, "success", 1060);
        job("a2", pull, 1, "pull", "build", "success", t.plusSeconds(60), 30, 360, L2);
        job("a2", pull, 1, "pull", "test", "failure", t.plusSeconds(60), 60, 600, L2);
        job("a2", pull, 2, "pull", "test", "success", t.plusSeconds(1800), 20, 500, L2);
        job("a2", trunk, 1, "trunk", "test", "success", t.plusSeconds(60), 60, 1000, L8);

        t = DAY1.plusSeconds(14 * 3600);
        push("a3", t);
        pull = run("a3", "pull", "push", t, "failure", 230);
        trunk = run("a3", "trunk", "push", t, "failure", 460);
        h.workflowRun(trunk, 2, shas.get("a3"), "trunk", "push", "completed", "success", t.plusSeconds(1800),
                t.plusSeconds(1800 + 830));
        job("a3", pull, 1, "pull", "build", "failure", t.plusSeconds(60), 30, 200, L2);
        job("a3", trunk, 1, "trunk", "test", "failure", t.plusSeconds(60), 60, 400, L8);
        job("a3", trunk, 2, "trunk", "test", "success", t.plusSeconds(1800), 30, 800, L8);

        t = DAY1.plusSeconds(16 * 3600);
        push("a4", t);
        pull = run("a4", "pull", "push", t, "cancelled", 450);
        trunk = HistoryBuilder.nextId();
        h.workflowRun(trunk, 1, shas.get("a4"), "trunk", "push", "in_progress", null, t.plusSeconds(60),
                t.plusSeconds(120));
        job("a4", pull, 1, "pull", "build", "success", t.plusSeconds(60), 30, 420, L2);
        job("a4", pull, 1, "pull", "lint", "cancelled", t.plusSeconds(60), 5, 5, List.of("linux.2xlarge", "lint"));
        job("a4", trunk, 1, "trunk", "test", null, t.plusSeconds(60), 60, null, L8);

        t = DAY1.plusSeconds(18 * 3600);
        push("a5", t);
        nightly = run("a5", "nightly", "schedule", t, "success", 130);
        job("a5", nightly, 1, "nightly", "slow", "success", t.plusSeconds(60), 10, 120, L2);

        t = DAY1.plusSeconds(20 * 3600);
        push("a6", t);
        pull = run("a6", "pull", "push", t, "cancelled", 5);
        h.job(shas.get("a6"), pull, 1, "pull", "build", "completed", "cancelled", t.plusSeconds(60), null,
                t.plusSeconds(65), L2);
    }

    private void day2() {
        Instant t = DAY2.plusSeconds(9 * 3600);
        h.push(t, List.of(shas.get("b1"), shas.get("b2")), "bob");
        long pull = run("b2", "pull", "push", t, "success", 510);
        long trunk = run("b2", "trunk", "push", t, "success", 1160);
        job("b2", pull, 1, "pull", "build", "success", t.plusSeconds(60), 30, 480, L2);
        job("b2", trunk, 1, "trunk", "test", "success", t.plusSeconds(60), 60, 1100, L8);

        t = DAY2.plusSeconds(11 * 3600);
        h.push(t, List.of(shas.get("b3")), List.of("Revert \"commit a3\"\n\nThis reverts commit " + shas.get("a3")),
                "bot");
        pull = run("b3", "pull", "push", t, "success", 380);
        trunk = run("b3", "trunk", "push", t, "failure", 3660);
        job("b3", pull, 1, "pull", "build", "success", t.plusSeconds(60), 40, 340, L2);
        job("b3", trunk, 1, "trunk", "test", "timed_out", t.plusSeconds(60), 60, 3600, L8);

        h.push(DAY2.plusSeconds(13 * 3600), List.of(shas.get("b4"), shas.get("b5")),
                List.of("Revert \"x\"", "Revert \"y\""), "bot");
        h.push(DAY2.plusSeconds(15 * 3600), List.of(shas.get("b6"), shas.get("b7")),
                List.of("Revert \"z\"", "Reland z"), "carol");
    }

    private void day3() {
        Instant t = DAY3.plusSeconds(10 * 3600);
        push("c1", t);
        long pull = run("c1", "pull", "push", t, "success", 300);
        long trunk = run("c1", "trunk", "push", t, "success", 900);
        job("c1", pull, 1, "pull", "build", "success", t.plusSeconds(60), 30, 270, L2);
        job("c1", trunk, 1, "trunk", "test", "success", t.plusSeconds(60), 60, 840, L8);

        push("d1", DAY3.plusSeconds(12 * 3600));
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        macTestQueuedSince = now.minusSeconds(300);
        long run = HistoryBuilder.nextId();
        job("d1", run, 1, "pull", "mac-test", null, macTestQueuedSince, null, null, List.of("macos-14"));
        job("d1", run, 1, "pull", "mac-build", null, now.minusSeconds(60), null, null, List.of("macos-14"));
        job("d1", HistoryBuilder.nextId(), 1, "trunk", "win-test", null, now.minusSeconds(120), null, null,
                List.of("windows.4xlarge"));
    }

    private void push(String name, Instant time) {
        h.push(time, List.of(shas.get(name)), "alice");
    }

    /** A first attempt created a minute after {@code push}, completed with {@code conclusion} after the duration. */
    private long run(String name, String workflow, String event, Instant push, String conclusion,
            int durationSeconds) {
        long id = HistoryBuilder.nextId();
        Instant created = push.plusSeconds(60);
        h.workflowRun(id, 1, shas.get(name), workflow, event, "completed", conclusion, created,
                created.plusSeconds(durationSeconds));
        return id;
    }

    /**
     * A job that waited {@code queue} seconds and ran {@code duration}: queued when {@code queue} is null, in
     * progress when {@code duration} is null, else completed with {@code conclusion}.
     */
    private void job(String name, long run, int attempt, String workflow, String job, String conclusion,
            Instant created, Integer queue, Integer duration, List<String> labels) {
        String status = queue == null ? "queued" : duration == null ? "in_progress" : "completed";
        Instant started = queue == null ? null : created.plusSeconds(queue);
        Instant completed = duration == null ? null : started.plusSeconds(duration);
        h.job(shas.get(name), run, attempt, workflow, job, status, conclusion, created, started, completed, labels);
    }

    /**
     * One row per commit on main, placed at its push (the hour the metric buckets it in); the gateway's red, broken
     * and flaky rates and commit counts are computed from exactly these rows.
     */
    @Test
    void everyCommitIsClassifiedOverTheBlockingWorkflows() {
        List<Map<String, Object>> rows = sql.rows("""
                select sha, seen_at, state, jobs, broken_jobs, flaky_jobs, pending_jobs from commit_health
                 where repo_id = repository_id(?) and branch = 'main'""", REPO);
        Map<String, String> actual = new HashMap<>();
        rows.forEach(row -> actual.put((String) row.get("sha"), ((Timestamp) row.get("seen_at")).toInstant()
                + " " + row.get("state") + " " + row.get("jobs") + " " + row.get("broken_jobs") + " "
                + row.get("flaky_jobs") + " " + row.get("pending_jobs")));
        // seen at, state, jobs, broken, flaky, pending
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("a1", "2026-11-02T10:00:00Z green 2 0 0 0"); // nightly's failure does not count: not blocking
        expected.put("a2", "2026-11-02T12:00:00Z flaky 3 0 1 0");
        expected.put("a3", "2026-11-02T14:00:00Z broken 2 1 1 0"); // broken wins over the flaky trunk/test
        expected.put("a4", "2026-11-02T16:00:00Z pending 3 0 0 1"); // the cancelled lint gives no signal
        expected.put("a5", "2026-11-02T18:00:00Z none 0 0 0 0");
        expected.put("a6", "2026-11-02T20:00:00Z none 1 0 0 0");
        expected.put("b1", "2026-11-03T09:00:00Z none 0 0 0 0");
        expected.put("b2", "2026-11-03T09:00:00Z green 2 0 0 0");
        expected.put("b3", "2026-11-03T11:00:00Z broken 2 1 0 0"); // timed out is a failure
        expected.put("b4", "2026-11-03T13:00:00Z none 0 0 0 0");
        expected.put("b5", "2026-11-03T13:00:00Z none 0 0 0 0");
        expected.put("b6", "2026-11-03T15:00:00Z none 0 0 0 0");
        expected.put("b7", "2026-11-03T15:00:00Z none 0 0 0 0");
        expected.put("c1", "2026-11-09T10:00:00Z green 2 0 0 0");
        expected.put("d1", "2026-11-09T12:00:00Z pending 3 0 0 3");
        Map<String, String> byName = new LinkedHashMap<>();
        expected.keySet().forEach(name -> byName.put(name, actual.get(shas.get(name))));
        assertEquals(expected, byName);
        assertEquals(15, rows.size());
    }

    /**
     * Commits placed on main per day, whatever their state: day 1 a1..a6, day 2 b1..b7, day 3 c1, d1. Reverts of day
     * 2: b3 (a push of one revert) and b4, b5 (a push whose head is a revert, both commits reverts) = 3; b6 is a revert
     * but its push's head b7 is not, so it does not count. No row for the days without commits.
     */
    @Test
    void commitsAndRevertsPerDay() {
        assertEquals(List.of(Map.of("day", LocalDate.parse("2026-11-02"), "commits", 6, "reverts", 0),
                Map.of("day", LocalDate.parse("2026-11-03"), "commits", 7, "reverts", 3),
                Map.of("day", LocalDate.parse("2026-11-09"), "commits", 2, "reverts", 0)), sql.rows("""
                        select day, commits, reverts from revert_stats where repo_id = repository_id(?)
                         order by day""", REPO).stream().map(CiHealthRollupsTest::withLocalDate).toList());
    }

    @Test
    void timeToSignalPerJobWithExactPercentiles() {
        // pull / build, successful first attempts of push runs, q + d:
        //   day 1: a1 330, a2 390, a4 450 (a3 failed, a6 cancelled) -> n 3, mean 390, p50 x[1] = 390,
        //          p90 h 1.8 = 390 + 0.8 * 60 = 438, p95 h 1.9 = 444, p99 h 1.98 = 390 + 0.98 * 60 = 448.8
        //   day 2: b2 510, b3 380 -> sorted 380, 510: mean 445, p50 445, p90 380 + 0.9 * 130 = 497
        //   day 3: c1 300
        // max: the largest sample of the bucket (a4 450, b2 510, c1 300; the week 510).
        assertStats("tts", BUILD, "day", DAY1, 3, Map.of("mean_s", 390.0, "p50_s", 390.0, "p90_s", 438.0, "p95_s",
                444.0, "p99_s", 448.8, "max_s", 450.0));
        assertStats("tts", BUILD, "day", DAY2, 2, Map.of("mean_s", 445.0, "p50_s", 445.0, "p90_s", 497.0, "max_s",
                510.0));
        assertStats("tts", BUILD, "day", DAY3, 1, Map.of("mean_s", 300.0, "p50_s", 300.0, "p90_s", 300.0));
        assertEquals(List.of(DAY1 + " 3", DAY2 + " 2", DAY3 + " 1"), buckets("tts", BUILD, "day"));
        // Week 1: 330 380 390 450 510 -> mean 412, p50 x[2] = 390 (the count-weighted mean of the daily medians
        // would say 412: weeks are computed from the samples), p90 h 3.6 = 450 + 0.6 * 60 = 486,
        // p95 h 3.8 = 498, p99 h 3.96 = 507.6. Week 2: c1 300.
        assertStats("tts", BUILD, "week", DAY1, 5, Map.of("mean_s", 412.0, "p50_s", 390.0, "p90_s", 486.0, "p95_s",
                498.0, "p99_s", 507.6, "max_s", 510.0));
        assertEquals(List.of(DAY1 + " 5", DAY3 + " 1"), buckets("tts", BUILD, "week"));
        // Every job of day 1 with a time to signal: pull / build and trunk / test (a1 960, a2 1060 -> mean 1010,
        // p90 960 + 0.9 * 100 = 1050). pull / test only passed on a second attempt, nightly runs are scheduled.
        assertEquals(List.of(BUILD + " 3", "trunk / test 2"), keys("tts", "day", DAY1));
        assertStats("tts", "trunk / test", "day", DAY1, 2, Map.of("mean_s", 1010.0, "p90_s", 1050.0));
    }

    @Test
    void jobDurationPerJob() {
        // Day 1, completed executions that ran:
        //   pull / build: 300 360 200 420 (a6 never started) -> 200 300 360 420: mean 320, p50 h 1.5 = 330,
        //                 p90 h 2.7 = 360 + 0.7 * 60 = 402
        //   pull / lint 5; pull / test 600 500 -> mean 550, p90 500 + 0.9 * 100 = 590
        //   trunk / test: 900 1000 400 800 (a4 still running) -> 400 800 900 1000: mean 775, p50 850,
        //                 p90 900 + 0.7 * 100 = 970
        //   nightly / slow: 100 120 -> mean 110, p90 118
        assertEquals(List.of("nightly / slow 2", "pull / build 4", "pull / lint 1", "pull / test 2",
                "trunk / test 4"), keys("job_duration", "day", DAY1));
        assertStats("job_duration", "nightly / slow", "day", DAY1, 2, Map.of("mean_s", 110.0, "p90_s", 118.0));
        assertStats("job_duration", BUILD, "day", DAY1, 4, Map.of("mean_s", 320.0, "p50_s", 330.0, "p90_s", 402.0));
        assertStats("job_duration", "pull / lint", "day", DAY1, 1, Map.of("mean_s", 5.0, "p90_s", 5.0));
        assertStats("job_duration", "pull / test", "day", DAY1, 2, Map.of("mean_s", 550.0, "p90_s", 590.0));
        assertStats("job_duration", "trunk / test", "day", DAY1, 4, Map.of("mean_s", 775.0, "p50_s", 850.0, "p90_s",
                970.0));
        // Week 1, pull / build: 200 300 340 360 420 480 -> mean 350, p50 h 2.5 = 350, p90 h 4.5 = 450.
        assertStats("job_duration", BUILD, "week", DAY1, 6, Map.of("mean_s", 350.0, "p50_s", 350.0, "p90_s", 450.0));
    }

    @Test
    void workflowDurationOfSuccessfulFirstAttempts() {
        // Day 1: pull a1 330 (a2, a3 failed, a4, a6 cancelled, a2's success is a second attempt); trunk a1 960,
        // a2 1060 (a3's first attempt failed, a4 in progress) -> mean 1010, p90 1050; nightly a5 130 (any event).
        assertEquals(List.of("nightly 1", "pull 1", "trunk 2"), keys("workflow_duration", "day", DAY1));
        assertStats("workflow_duration", "nightly", "day", DAY1, 1, Map.of("mean_s", 130.0));
        assertStats("workflow_duration", "pull", "day", DAY1, 1, Map.of("mean_s", 330.0));
        assertStats("workflow_duration", "trunk", "day", DAY1, 2, Map.of("mean_s", 1010.0, "p90_s", 1050.0));
        // Week 1, pull: 330 380 510 -> mean 406.67, p50 380, p90 h 1.8 = 380 + 0.8 * 130 = 484.
        assertStats("workflow_duration", "pull", "week", DAY1, 3, Map.of("mean_s", 1220.0 / 3, "p50_s", 380.0,
                "p90_s", 484.0));
    }

    @Test
    void queueTimePerRunnerLabel() {
        // Day 1, jobs that started, by label:
        //   linux.2xlarge: 30 10 30 60 20 30 30 5 10 -> 5 10 10 20 30 30 30 30 60: mean 225 / 9 = 25, p50 x[4] = 30,
        //                  p90 h 7.2 = 30 + 0.2 * 30 = 36
        //   linux.8xlarge: 60 60 60 30 60 (the running a4 job has started) -> mean 54, p50 60, p90 60
        //   lint: 5 (a job asking for two labels waits in both queues)
        assertEquals(List.of("lint 1", "linux.2xlarge 9", "linux.8xlarge 5"), keys("queue_time", "day", DAY1));
        assertStats("queue_time", "lint", "day", DAY1, 1, Map.of("mean_s", 5.0));
        assertStats("queue_time", "linux.2xlarge", "day", DAY1, 9, Map.of("mean_s", 25.0, "p50_s", 30.0, "p90_s",
                36.0));
        assertStats("queue_time", "linux.8xlarge", "day", DAY1, 5, Map.of("mean_s", 54.0, "p50_s", 60.0, "p90_s",
                60.0));
        // Week 1, linux.2xlarge adds day 2's 30 and 40: 5 10 10 20 30 30 30 30 30 40 60 -> mean 295 / 11,
        // p50 x[5] = 30, p90 x[9] = 40.
        assertStats("queue_time", "linux.2xlarge", "week", DAY1, 11, Map.of("mean_s", 295.0 / 11, "p50_s", 30.0,
                "p90_s", 40.0));
    }

    /**
     * d1's three queued jobs: two on macos-14 (the oldest queued 300 s before the history was built), one on
     * windows.4xlarge; one snapshot per label, in the quarter hour the rollup ran in.
     */
    @Test
    void liveQueueSnapshotsPerRunnerLabel() {
        List<Map<String, Object>> snapshots = sql.rows("""
                select slot, label, taken_at, queued, oldest_queued_since, oldest_age_s,
                       extract(epoch from taken_at - oldest_queued_since)::float8 as age
                  from queue_snapshot
                 where repo_id = repository_id(?)
                   and slot = (select max(slot) from queue_snapshot where repo_id = repository_id(?))
                 order by label""", REPO, REPO);
        assertEquals(2, snapshots.size());
        Map<String, Object> mac = snapshots.get(0);
        assertEquals("macos-14", mac.get("label"));
        assertEquals(2, mac.get("queued"));
        assertEquals(macTestQueuedSince, ((Timestamp) mac.get("oldest_queued_since")).toInstant());
        double macAge = (Double) mac.get("age");
        assertEquals(macAge, (Double) mac.get("oldest_age_s"), 1e-6);
        assertTrue(macAge >= 300, "waited at least 300 s when the snapshot was taken: " + macAge);
        Instant slot = ((Timestamp) mac.get("slot")).toInstant();
        assertEquals(0, slot.getEpochSecond() % 900, "a quarter hour: " + slot);
        assertTrue(!slot.isAfter(snapshot.startedAt()) && slot.plusSeconds(900).isAfter(snapshot.startedAt()),
                "the quarter hour of the run: " + slot);
        assertEquals("windows.4xlarge", snapshots.get(1).get("label"));
        assertEquals(1, snapshots.get(1).get("queued"));
    }

    private void assertStats(String metric, String key, String bucket, Instant start, int count,
            Map<String, Double> values) {
        Map<String, Object> row = sql.row("""
                select count, mean_s, p50_s, p90_s, p95_s, p99_s, max_s from job_time_stats
                 where repo_id = repository_id(?) and metric = ? and key = ? and bucket = ? and bucket_start = ?""",
                REPO, metric, key, bucket, start.atOffset(ZoneOffset.UTC));
        String where = metric + " " + key + " " + bucket + " " + start;
        assertEquals(count, row.get("count"), where);
        values.forEach((column, value) -> assertEquals(value, (Double) row.get(column), EXACT, where + " " + column));
    }

    /** "bucket_start count" of every bucket of a metric and key, oldest first. */
    private List<String> buckets(String metric, String key, String bucket) {
        return sql.rows("""
                select bucket_start, count from job_time_stats
                 where repo_id = repository_id(?) and metric = ? and key = ? and bucket = ? order by bucket_start""",
                REPO, metric, key, bucket).stream()
                .map(row -> ((Timestamp) row.get("bucket_start")).toInstant() + " " + row.get("count")).toList();
    }

    /** "key count" of every key of a metric in one bucket, by key (code point order). */
    private List<String> keys(String metric, String bucket, Instant start) {
        return sql.rows("""
                select key, count from job_time_stats
                 where repo_id = repository_id(?) and metric = ? and bucket = ? and bucket_start = ?""",
                REPO, metric, bucket, start.atOffset(ZoneOffset.UTC)).stream()
                .map(row -> row.get("key") + " " + row.get("count")).sorted().toList();
    }

    private static Map<String, Object> withLocalDate(Map<String, Object> row) {
        Map<String, Object> copy = new LinkedHashMap<>(row);
        copy.put("day", ((java.sql.Date) row.get("day")).toLocalDate());
        return copy;
    }
}
