package dev.greenboard.metrics;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

import dev.greenboard.model.database.Sql;
import dev.greenboard.model.database.TestDatabase;
import dev.greenboard.testkit.GraphQL;
import dev.greenboard.testkit.HistoryBuilder;

/**
 * The CI health metrics (docs/metrics.md, "CI health") on a history built through ingest, every expected number
 * worked out by hand below. The repository marks workflows {@code pull} and {@code trunk} as blocking; {@code nightly}
 * is not. Labels: L2 = linux.2xlarge, L8 = linux.8xlarge. Runs are created a minute after their push; a job is
 * created with its run, waits q seconds and runs d seconds, so its time to signal is q + d.
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
@TestProfile(CiHealthMetricsTest.BlockingWorkflows.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CiHealthMetricsTest {

    /**
     * Unique per test JVM. The profile is read in another class loader than the test's, so the name is kept where
     * both see the same value.
     */
    static final String REPO = (String) System.getProperties().computeIfAbsent("ci-health-test.repo",
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

    @Inject
    AgroalDataSource dataSource;

    HistoryBuilder h;
    Map<String, String> shas = new LinkedHashMap<>();
    Instant macTestQueuedSince;

    @BeforeEach
    void buildHistoryAndRunTheJobs() {
        if (h != null) {
            return;
        }
        h = new HistoryBuilder(REPO, "main");
        for (String name : List.of("a1", "a2", "a3", "a4", "a5", "a6", "b1", "b2", "b3", "b4", "b5", "b6", "b7",
                "c1", "d1")) {
            shas.put(name, HistoryBuilder.sha(name));
        }
        day1();
        day2();
        day3();
        JsonPath runs = given().auth().oauth2("test-token-1").post("/api/v1/rollups/run-all").then().statusCode(200)
                .extract().jsonPath();
        for (String job : List.of("commit-health", "job-time-stats", "queue-snapshot", "reverts")) {
            assertEquals("success", runs.getString("jobs.find { it.name == '" + job + "' }.status"), job);
        }
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

    @Test
    void everyCommitIsClassifiedOverTheBlockingWorkflows() {
        List<Map<String, Object>> rows = new Sql(dataSource).rows("""
                select h.sha, h.state, h.jobs, h.broken_jobs, h.flaky_jobs, h.pending_jobs
                  from commit_health h join repository r on r.id = h.repo_id
                 where r.full_name = ? and h.branch = 'main'""", REPO);
        Map<String, String> actual = new HashMap<>();
        rows.forEach(row -> actual.put((String) row.get("sha"), row.get("state") + " " + row.get("jobs") + " "
                + row.get("broken_jobs") + " " + row.get("flaky_jobs") + " " + row.get("pending_jobs")));
        // state, jobs, broken, flaky, pending
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("a1", "green 2 0 0 0"); // nightly's failure does not count: not a blocking workflow
        expected.put("a2", "flaky 3 0 1 0");
        expected.put("a3", "broken 2 1 1 0"); // broken wins over the flaky trunk/test
        expected.put("a4", "pending 3 0 0 1"); // the cancelled lint gives no signal
        expected.put("a5", "none 0 0 0 0");
        expected.put("a6", "none 1 0 0 0");
        expected.put("b1", "none 0 0 0 0");
        expected.put("b2", "green 2 0 0 0");
        expected.put("b3", "broken 2 1 0 0"); // timed out is a failure
        expected.put("b4", "none 0 0 0 0");
        expected.put("b5", "none 0 0 0 0");
        expected.put("b6", "none 0 0 0 0");
        expected.put("b7", "none 0 0 0 0");
        expected.put("c1", "green 2 0 0 0");
        expected.put("d1", "pending 3 0 0 3");
        Map<String, String> byName = new LinkedHashMap<>();
        expected.keySet().forEach(name -> byName.put(name, actual.get(shas.get(name))));
        assertEquals(expected, byName);
        assertEquals(15, rows.size());
    }

    @Test
    void redRatePerDayWeekAndHour() {
        // Day 1: finished a1 green, a2 flaky, a3 broken -> red (broken + flaky) 2/3, broken 1/3, flaky 1/3 of 3;
        // a4 pending, a5 and a6 none are not finished. Day 2: finished b2 green, b3 broken -> 1/2, 1/2, 0 of 2.
        // Day 3: finished c1 green (d1 pending) -> 0 of 1. No commit on the days between: no points.
        assertPoints(List.of(point(DAY1, 2.0 / 3, 3), point(DAY2, 0.5, 2), point(DAY3, 0.0, 1)),
                metric("red_rate", "DAY", DAY1, DAY3.plusSeconds(86400), null, Map.of()));
        assertPoints(List.of(point(DAY1, 1.0 / 3, 3), point(DAY2, 0.5, 2), point(DAY3, 0.0, 1)),
                metric("broken_rate", "DAY", DAY1, DAY3.plusSeconds(86400), null, Map.of()));
        assertPoints(List.of(point(DAY1, 1.0 / 3, 3), point(DAY2, 0.0, 2), point(DAY3, 0.0, 1)),
                metric("flaky_rate", "DAY", DAY1, DAY3.plusSeconds(86400), null, Map.of()));
        // Week 1 (days 1 and 2): finished a1 a2 a3 b2 b3: red (a2 a3 b3) 3/5, broken (a3 b3) 2/5, flaky (a2) 1/5.
        // Week 2: c1 -> 0 of 1. 'to' in the middle of week 2 is widened to its end.
        assertPoints(List.of(point(DAY1, 0.6, 5), point(DAY3, 0.0, 1)),
                metric("red_rate", "WEEK", DAY1, DAY3.plusSeconds(3600), null, Map.of()));
        assertPoints(List.of(point(DAY1, 0.4, 5), point(DAY3, 0.0, 1)),
                metric("broken_rate", "WEEK", DAY1, DAY3.plusSeconds(3600), null, Map.of()));
        // Hours of day 1: a1 green at 10, a2 flaky at 12, a3 broken at 14; 16 (pending) and 18, 20 (none) have no
        // finished commit.
        assertPoints(List.of(point(DAY1.plusSeconds(10 * 3600), 0.0, 1), point(DAY1.plusSeconds(12 * 3600), 1.0, 1),
                point(DAY1.plusSeconds(14 * 3600), 1.0, 1)),
                metric("red_rate", "HOUR", DAY1, DAY2, null, Map.of()));
        JsonNode series = metric("red_rate", "DAY", DAY1, DAY2, null, Map.of());
        assertEquals("main", series.path("branch").asText());
        assertEquals("ratio", series.path("unit").asText());
        assertEquals("ratio", series.path("statistic").asText());
        assertEquals(REPO, series.path("repository").asText());
        assertEquals(DAY1.toString(), series.path("from").asText());
        assertEquals(DAY2.toString(), series.path("to").asText());
    }

    @Test
    void commitsAndRevertsPerDayAndWeek() {
        // Commits placed on main, whatever their state: day 1 a1..a6, day 2 b1..b7, day 3 c1, d1.
        assertPoints(List.of(point(DAY1, 6, 6), point(DAY2, 7, 7), point(DAY3, 2, 2)),
                metric("commits", "DAY", DAY1, DAY3.plusSeconds(86400), null, Map.of()));
        assertPoints(List.of(point(DAY1, 13, 13), point(DAY3, 2, 2)),
                metric("commits", "WEEK", DAY1, DAY3.plusSeconds(86400), null, Map.of()));
        // Hours of day 1: one commit at 10, 12, 14, 16, 18, 20.
        List<Point> hours = new ArrayList<>();
        for (int hour = 10; hour <= 20; hour += 2) {
            hours.add(point(DAY1.plusSeconds(hour * 3600L), 1, 1));
        }
        assertPoints(hours, metric("commits", "HOUR", DAY1, DAY2, null, Map.of()));
        // Reverts of day 2: b3 (a push of one revert) and b4, b5 (a push whose head is a revert, both commits
        // reverts) = 3; b6 is a revert but its push's head b7 is not, so it does not count. The count is the
        // number of commits landed that day.
        assertPoints(List.of(point(DAY1, 0, 6), point(DAY2, 3, 7), point(DAY3, 0, 2)),
                metric("reverts", "DAY", DAY1, DAY3.plusSeconds(86400), null, Map.of()));
        assertPoints(List.of(point(DAY1, 3, 13), point(DAY3, 0, 2)),
                metric("reverts", "WEEK", DAY1, DAY3.plusSeconds(86400), null, Map.of()));
    }

    @Test
    void timeToSignalPerJobWithExactPercentiles() {
        // pull / build, successful first attempts of push runs, q + d:
        //   day 1: a1 330, a2 390, a4 450 (a3 failed, a6 cancelled) -> n 3, mean 390, p50 x[1] = 390,
        //          p90 h 1.8 = 390 + 0.8 * 60 = 438, p99 h 1.98 = 390 + 0.98 * 60 = 448.8
        //   day 2: b2 510, b3 380 -> sorted 380, 510: mean 445, p50 445, p90 380 + 0.9 * 130 = 497
        //   day 3: c1 300
        String build = "pull / build";
        assertPoints(List.of(point(DAY1, 390, 3, build), point(DAY2, 445, 2, build), point(DAY3, 300, 1, build)),
                metric("tts", "DAY", DAY1, DAY3.plusSeconds(86400), null, Map.of("job", build)));
        assertPoints(List.of(point(DAY1, 390, 3, build), point(DAY2, 445, 2, build), point(DAY3, 300, 1, build)),
                metric("tts", "DAY", DAY1, DAY3.plusSeconds(86400), 50.0, Map.of("job", build)));
        assertPoints(List.of(point(DAY1, 438, 3, build), point(DAY2, 497, 2, build), point(DAY3, 300, 1, build)),
                metric("tts", "DAY", DAY1, DAY3.plusSeconds(86400), 90.0, Map.of("job", build)));
        assertPoints(List.of(point(DAY1, 448.8, 3, build)),
                metric("tts", "DAY", DAY1, DAY2, 0.99, Map.of("job", build)));
        // Week 1: 330 380 390 450 510 -> mean 412, p50 x[2] = 390 (the count-weighted mean of the daily medians
        // would say 412: weeks are computed from the samples), p90 h 3.6 = 450 + 0.6 * 60 = 486,
        // p95 h 3.8 = 498, p99 h 3.96 = 507.6.
        assertPoints(List.of(point(DAY1, 412, 5, build), point(DAY3, 300, 1, build)),
                metric("tts", "WEEK", DAY1, DAY3.plusSeconds(86400), null, Map.of("job", build)));
        assertPoints(List.of(point(DAY1, 390, 5, build)), metric("tts", "WEEK", DAY1, DAY2, 50.0, Map.of("job",
                build)));
        assertPoints(List.of(point(DAY1, 486, 5, build)), metric("tts", "WEEK", DAY1, DAY2, 90.0, Map.of("job",
                build)));
        assertPoints(List.of(point(DAY1, 498, 5, build)), metric("tts", "WEEK", DAY1, DAY2, 95.0, Map.of("job",
                build)));
        assertPoints(List.of(point(DAY1, 507.6, 5, build)), metric("tts", "WEEK", DAY1, DAY2, 99.0, Map.of("job",
                build)));
        // Every job of day 1 with a time to signal: pull / build and trunk / test (a1 960, a2 1060 -> mean 1010,
        // p90 960 + 0.9 * 100 = 1050). pull / test only passed on a second attempt, nightly runs are scheduled.
        assertPoints(List.of(point(DAY1, 438, 3, build), point(DAY1, 1050, 2, "trunk / test")),
                metric("tts", "DAY", DAY1, DAY2, 90.0, Map.of()));
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
        assertPoints(List.of(point(DAY1, 118, 2, "nightly / slow"), point(DAY1, 402, 4, "pull / build"),
                point(DAY1, 5, 1, "pull / lint"), point(DAY1, 590, 2, "pull / test"),
                point(DAY1, 970, 4, "trunk / test")),
                metric("job_duration", "DAY", DAY1, DAY2, 90.0, Map.of()));
        assertPoints(List.of(point(DAY1, 320, 4, "pull / build")),
                metric("job_duration", "DAY", DAY1, DAY2, null, Map.of("job", "pull / build")));
        assertPoints(List.of(point(DAY1, 850, 4, "trunk / test")),
                metric("job_duration", "DAY", DAY1, DAY2, 50.0, Map.of("job", "trunk / test")));
        // Week 1, pull / build: 200 300 340 360 420 480 -> mean 350, p50 h 2.5 = 350, p90 h 4.5 = 450.
        assertPoints(List.of(point(DAY1, 450, 6, "pull / build")),
                metric("job_duration", "WEEK", DAY1, DAY2, 90.0, Map.of("job", "pull / build")));
    }

    @Test
    void workflowDurationOfSuccessfulFirstAttempts() {
        // Day 1: pull a1 330 (a2, a3 failed, a4, a6 cancelled, a2's success is a second attempt); trunk a1 960,
        // a2 1060 (a3's first attempt failed, a4 in progress) -> mean 1010, p90 1050; nightly a5 130 (any event).
        assertPoints(List.of(point(DAY1, 130, 1, "nightly"), point(DAY1, 330, 1, "pull"),
                point(DAY1, 1010, 2, "trunk")),
                metric("workflow_duration", "DAY", DAY1, DAY2, null, Map.of()));
        // Week 1, pull: 330 380 510 -> mean 406.67, p50 380, p90 h 1.8 = 380 + 0.8 * 130 = 484.
        assertPoints(List.of(point(DAY1, 1220.0 / 3, 3, "pull")),
                metric("workflow_duration", "WEEK", DAY1, DAY2, null, Map.of("workflow", "pull")));
        assertPoints(List.of(point(DAY1, 484, 3, "pull")),
                metric("workflow_duration", "WEEK", DAY1, DAY2, 90.0, Map.of("workflow", "pull")));
    }

    @Test
    void queueTimePerRunnerLabel() {
        // Day 1, jobs that started, by label:
        //   linux.2xlarge: 30 10 30 60 20 30 30 5 10 -> 5 10 10 20 30 30 30 30 60: mean 225 / 9 = 25, p50 x[4] = 30,
        //                  p90 h 7.2 = 30 + 0.2 * 30 = 36
        //   linux.8xlarge: 60 60 60 30 60 (the running a4 job has started) -> mean 54, p50 60, p90 60
        //   lint: 5 (a job asking for two labels waits in both queues)
        assertPoints(List.of(point(DAY1, 5, 1, "lint"), point(DAY1, 25, 9, "linux.2xlarge"),
                point(DAY1, 54, 5, "linux.8xlarge")), metric("queue_time", "DAY", DAY1, DAY2, null, Map.of()));
        assertPoints(List.of(point(DAY1, 36, 9, "linux.2xlarge")),
                metric("queue_time", "DAY", DAY1, DAY2, 90.0, Map.of("label", "linux.2xlarge")));
        // Week 1, linux.2xlarge adds day 2's 30 and 40: 5 10 10 20 30 30 30 30 30 40 60 -> mean 295 / 11,
        // p50 x[5] = 30, p90 x[9] = 40.
        assertPoints(List.of(point(DAY1, 295.0 / 11, 11, "linux.2xlarge")),
                metric("queue_time", "WEEK", DAY1, DAY2, null, Map.of("label", "linux.2xlarge")));
        assertPoints(List.of(point(DAY1, 40, 11, "linux.2xlarge")),
                metric("queue_time", "WEEK", DAY1, DAY2, 90.0, Map.of("label", "linux.2xlarge")));
    }

    @Test
    void liveQueueSnapshotsPerRunnerLabel() {
        Sql sql = new Sql(dataSource);
        List<Map<String, Object>> snapshots = sql.rows("""
                select s.label, s.queued, s.oldest_queued_since, s.oldest_age_s,
                       extract(epoch from s.taken_at - s.oldest_queued_since)::float8 as age
                  from queue_snapshot s join repository r on r.id = s.repo_id
                 where r.full_name = ? order by s.label""", REPO);
        // d1's three queued jobs: two on macos-14 (the oldest queued 300 s before the history was built), one on
        // windows.4xlarge; one snapshot, taken by the one run of the jobs.
        assertEquals(2, snapshots.size());
        assertEquals("macos-14", snapshots.get(0).get("label"));
        assertEquals(2, snapshots.get(0).get("queued"));
        assertEquals(macTestQueuedSince, ((Timestamp) snapshots.get(0).get("oldest_queued_since")).toInstant());
        double macAge = (Double) snapshots.get(0).get("age");
        assertEquals(macAge, (Double) snapshots.get(0).get("oldest_age_s"), 1e-6);
        assertTrue(macAge >= 300, "waited at least 300 s when the snapshot was taken: " + macAge);
        assertEquals("windows.4xlarge", snapshots.get(1).get("label"));
        assertEquals(1, snapshots.get(1).get("queued"));

        Instant now = Instant.now();
        List<Point> queued = points(metric("live_queue", "HOUR", now.minusSeconds(3600), now, null, Map.of()));
        assertEquals(List.of("macos-14", "windows.4xlarge"), queued.stream().map(Point::label).toList());
        assertEquals(List.of(2.0, 1.0), queued.stream().map(Point::value).toList());
        List<Point> age = points(metric("live_queue_age", "HOUR", now.minusSeconds(3600), now, null,
                Map.of("label", "macos-14")));
        assertEquals(1, age.size());
        assertEquals(macAge, age.get(0).value(), 1e-6);
        // The live view counts the same jobs.
        JsonPath live = GraphQL.data("query($repo: String!) { queuedJobs(repo: $repo) { label queued } }", "repo",
                REPO);
        assertEquals(List.of("macos-14", "windows.4xlarge"), live.getList("queuedJobs.label"));
        assertEquals(List.of(2, 1), live.getList("queuedJobs.queued"));
    }

    @Test
    void badArgumentsAreRefusedWithAReason() {
        JsonPath unknown = GraphQL.raw("query($repo: String!) { metric(name: \"green_rate\", repo: $repo) { name } }",
                "repo", REPO);
        assertEquals("BAD_USER_INPUT", unknown.getString("errors[0].extensions.code"));
        assertTrue(unknown.getString("errors[0].message").contains("known metrics: red_rate, broken_rate,"
                + " flaky_rate, commits, tts, job_duration, workflow_duration, queue_time, reverts, live_queue,"
                + " live_queue_age"), unknown.getString("errors[0].message"));
        assertRefused("metric(name: \"tts\", repo: $repo, granularity: HOUR)", "is kept per day");
        assertRefused("metric(name: \"tts\", repo: $repo, percentile: 75)", "percentile must be 50, 90, 95 or 99");
        assertRefused("metric(name: \"red_rate\", repo: $repo, percentile: 90)", "'percentile' applies to");
        assertRefused("metric(name: \"queue_time\", repo: $repo, job: \"pull / build\")", "'job' does not apply");
        assertRefused("metric(name: \"commits\", repo: $repo, granularity: HOUR, from: \"2020-01-01T00:00:00Z\")",
                "at most 1000 buckets");
        assertRefused("metric(name: \"commits\", repo: $repo, from: \"2026-11-02T00:00:00Z\","
                + " to: \"2026-11-01T00:00:00Z\")", "'from' must be before 'to'");
    }

    private static void assertRefused(String field, String reason) {
        JsonPath response = GraphQL.raw("query($repo: String!) { " + field + " { name } }", "repo", REPO);
        assertEquals("BAD_USER_INPUT", response.getString("errors[0].extensions.code"), response.prettify());
        assertTrue(response.getString("errors[0].message").contains(reason), response.getString("errors[0].message"));
    }

    // --- GraphQL helpers ---

    record Point(String time, Double value, int count, String label) {
    }

    private static Point point(Instant time, double value, int count) {
        return new Point(time.toString(), value, count, null);
    }

    private static Point point(Instant time, double value, int count, String label) {
        return new Point(time.toString(), value, count, label);
    }

    /** The {@code metric} series, read with Jackson so that values keep every digit. */
    private static JsonNode metric(String name, String granularity, Instant from, Instant to, Double percentile,
            Map<String, String> filters) {
        Map<String, Object> variables = new HashMap<>(Map.of("name", name, "repo", REPO, "granularity", granularity,
                "from", from.toString(), "to", to.toString()));
        if (percentile != null) {
            variables.put("percentile", percentile);
        }
        variables.putAll(filters);
        String body = given().contentType("application/json").body(Map.of("query", """
                query($name: String!, $repo: String!, $from: DateTime, $to: DateTime, $granularity: Granularity,
                      $percentile: Float, $job: String, $workflow: String, $label: String) {
                  metric(name: $name, repo: $repo, from: $from, to: $to, granularity: $granularity,
                         percentile: $percentile, job: $job, workflow: $workflow, label: $label) {
                    name repository branch granularity unit statistic from to
                    points { time value count label }
                  }
                }""", "variables", variables)).post("/graphql").then().statusCode(200).extract().asString();
        try {
            JsonNode response = new ObjectMapper().readTree(body);
            assertTrue(response.path("errors").isMissingNode(), body);
            JsonNode series = response.path("data").path("metric");
            assertEquals(name, series.path("name").asText());
            assertEquals(granularity, series.path("granularity").asText());
            return series;
        } catch (JsonProcessingException e) {
            throw new AssertionError("Not JSON: " + body, e);
        }
    }

    private static List<Point> points(JsonNode series) {
        List<Point> points = new ArrayList<>();
        series.path("points").forEach(p -> points.add(new Point(p.path("time").asText(),
                p.path("value").isNull() ? null : p.path("value").doubleValue(), p.path("count").intValue(),
                p.path("label").isNull() ? null : p.path("label").asText())));
        return points;
    }

    private static void assertPoints(List<Point> expected, JsonNode series) {
        List<Point> actual = points(series);
        assertEquals(expected.size(), actual.size(), () -> "points " + actual);
        for (int i = 0; i < expected.size(); i++) {
            Point e = expected.get(i);
            Point a = actual.get(i);
            String where = "point " + i + " of " + actual;
            assertEquals(e.time(), a.time(), where);
            assertEquals(e.label(), a.label(), where);
            assertEquals(e.count(), a.count(), where);
            assertEquals(e.value(), a.value(), 1e-9, where);
        }
    }
}
