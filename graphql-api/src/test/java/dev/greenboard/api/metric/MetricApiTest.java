package dev.greenboard.api.metric;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
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
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;

import dev.greenboard.metrics.rollup.RollupRun;
import dev.greenboard.metrics.rollup.RollupRunner;
import dev.greenboard.model.database.Sql;
import dev.greenboard.model.database.TestDatabase;
import dev.greenboard.testkit.GraphQL;
import dev.greenboard.testkit.HistoryBuilder;

/**
 * {@code metric(...)} reads the CI health rollups: red, broken and flaky rates and commit counts bucketed from
 * {@code commit_health} rows, time statistics from {@code job_time_stats} (the column the percentile names), reverts
 * from {@code revert_stats} days, and the live queue from {@code queue_snapshot}. The rows are those metrics-jobs'
 * CiHealthRollupsTest shows the rollups write for its hand-computed history (the same days, commits and values; its
 * javadoc draws the history), written here directly so that only the read is under test.
 *
 * <pre>
 * commit_health on main (state at the commit's push):
 *   Day 1, Monday 2026-11-02:  a1 10:00 green, a2 12:00 flaky, a3 14:00 broken, a4 16:00 pending, a5 18:00 none,
 *                              a6 20:00 none
 *   Day 2, Tuesday 2026-11-03: b1 09:00 none, b2 09:00 green, b3 11:00 broken, b4 b5 13:00 none, b6 b7 15:00 none
 *   Day 3, Monday 2026-11-09:  c1 10:00 green, d1 12:00 pending
 * on release: r1 2026-11-02 10:00 broken, r2 11:00 green
 * revert_stats: day 1 6 commits 0 reverts, day 2 7 and 3, day 3 2 and 0
 * queue_snapshot: macos-14 at 2026-11-09 12:00 (1 queued, oldest 100 s) and 12:15 (2, 350 s) and 13:00 (1, 60 s);
 *                 windows.4xlarge at 12:15 (1, 120 s)
 * </pre>
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricApiTest {

    private static final Instant DAY1 = Instant.parse("2026-11-02T00:00:00Z");
    private static final Instant DAY2 = Instant.parse("2026-11-03T00:00:00Z");
    private static final Instant DAY3 = Instant.parse("2026-11-09T00:00:00Z");
    private static final String BUILD = "pull / build";
    /** RestAssured reads decimals as floats unless told otherwise; the percentiles need doubles. */
    private static final JsonPathConfig DOUBLES = new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE);
    private static final String METRIC = """
            query($name: String!, $repo: String!, $from: DateTime, $to: DateTime, $granularity: Granularity,
                  $percentile: Float, $job: String, $workflow: String, $label: String, $branch: String) {
              metric(name: $name, repo: $repo, from: $from, to: $to, granularity: $granularity,
                     percentile: $percentile, job: $job, workflow: $workflow, label: $label, branch: $branch) {
                name repository branch granularity unit statistic from to
                points { time value count label }
              }
            }""";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    RollupRunner runner;

    Sql sql;
    String repo;

    @BeforeEach
    void writeRollupRows() {
        if (repo != null) {
            return;
        }
        sql = new Sql(dataSource);
        repo = "metric/r" + UUID.randomUUID().toString().substring(0, 8);
        sql.execute("insert into repository (full_name, owner, name, default_branch) values (?, 'metric', ?, 'main')",
                repo, repo.substring("metric/".length()));
        health("main", "a1", DAY1, 10, "green", 2, 0, 0, 0);
        health("main", "a2", DAY1, 12, "flaky", 3, 0, 1, 0);
        health("main", "a3", DAY1, 14, "broken", 2, 1, 1, 0);
        health("main", "a4", DAY1, 16, "pending", 3, 0, 0, 1);
        health("main", "a5", DAY1, 18, "none", 0, 0, 0, 0);
        health("main", "a6", DAY1, 20, "none", 1, 0, 0, 0);
        health("main", "b1", DAY2, 9, "none", 0, 0, 0, 0);
        health("main", "b2", DAY2, 9, "green", 2, 0, 0, 0);
        health("main", "b3", DAY2, 11, "broken", 2, 1, 0, 0);
        health("main", "b4", DAY2, 13, "none", 0, 0, 0, 0);
        health("main", "b5", DAY2, 13, "none", 0, 0, 0, 0);
        health("main", "b6", DAY2, 15, "none", 0, 0, 0, 0);
        health("main", "b7", DAY2, 15, "none", 0, 0, 0, 0);
        health("main", "c1", DAY3, 10, "green", 2, 0, 0, 0);
        health("main", "d1", DAY3, 12, "pending", 3, 0, 0, 3);
        health("release", "r1", DAY1, 10, "broken", 1, 1, 0, 0);
        health("release", "r2", DAY1, 11, "green", 1, 0, 0, 0);
        reverts(DAY1, 6, 0);
        reverts(DAY2, 7, 3);
        reverts(DAY3, 2, 0);
        // count, mean, p50, p90, p95, p99 as CiHealthRollupsTest works them out (percentile_cont of the samples)
        stats("tts", BUILD, "day", DAY1, 3, 390, 390, 438, 444, 448.8);
        stats("tts", BUILD, "day", DAY2, 2, 445, 445, 497, 503.5, 508.7);
        stats("tts", BUILD, "day", DAY3, 1, 300, 300, 300, 300, 300);
        stats("tts", BUILD, "week", DAY1, 5, 412, 390, 486, 498, 507.6);
        stats("tts", BUILD, "week", DAY3, 1, 300, 300, 300, 300, 300);
        // max, the largest sample: a4 450 on day 1, b2 510 on day 2; day 3's row was written before V12 (no max).
        maximum("tts", BUILD, "day", DAY1, 450);
        maximum("tts", BUILD, "day", DAY2, 510);
        stats("tts", "trunk / test", "day", DAY1, 2, 1010, 1010, 1050, 1055, 1059);
        stats("job_duration", "nightly / slow", "day", DAY1, 2, 110, 110, 118, 119, 119.8);
        stats("job_duration", BUILD, "day", DAY1, 4, 320, 330, 402, 411, 418.2);
        stats("job_duration", "pull / lint", "day", DAY1, 1, 5, 5, 5, 5, 5);
        stats("job_duration", "pull / test", "day", DAY1, 2, 550, 550, 590, 595, 599);
        stats("job_duration", "trunk / test", "day", DAY1, 4, 775, 850, 970, 985, 997);
        stats("job_duration", BUILD, "week", DAY1, 6, 350, 350, 450, 465, 477);
        stats("workflow_duration", "nightly", "day", DAY1, 1, 130, 130, 130, 130, 130);
        stats("workflow_duration", "pull", "day", DAY1, 1, 330, 330, 330, 330, 330);
        stats("workflow_duration", "trunk", "day", DAY1, 2, 1010, 1010, 1050, 1055, 1059);
        stats("workflow_duration", "pull", "week", DAY1, 3, 1220.0 / 3, 380, 484, 497, 508.7);
        stats("queue_time", "lint", "day", DAY1, 1, 5, 5, 5, 5, 5);
        stats("queue_time", "linux.2xlarge", "day", DAY1, 9, 25, 30, 36, 48, 57.6);
        stats("queue_time", "linux.8xlarge", "day", DAY1, 5, 54, 60, 60, 60, 60);
        stats("queue_time", "linux.2xlarge", "week", DAY1, 11, 295.0 / 11, 30, 40, 50, 58);
        queue("macos-14", DAY3.plusSeconds(12 * 3600), 1, 100);
        queue("macos-14", DAY3.plusSeconds(12 * 3600 + 900), 2, 350);
        queue("macos-14", DAY3.plusSeconds(13 * 3600), 1, 60);
        queue("windows.4xlarge", DAY3.plusSeconds(12 * 3600 + 900), 1, 120);
    }

    private void health(String branch, String sha, Instant day, int hour, String state, int jobs, int broken,
            int flaky, int pending) {
        sql.execute("""
                insert into commit_health (repo_id, branch, sha, seen_at, state, jobs, broken_jobs, flaky_jobs,
                                           pending_jobs)
                values (repository_id(?), ?, ?, ?, ?, ?, ?, ?, ?)""", repo, branch, sha,
                day.plusSeconds(hour * 3600L).atOffset(ZoneOffset.UTC), state, jobs, broken, flaky, pending);
    }

    private void reverts(Instant day, int commits, int reverts) {
        sql.execute("insert into revert_stats (repo_id, day, commits, reverts) values (repository_id(?), ?, ?, ?)",
                repo, LocalDate.ofInstant(day, ZoneOffset.UTC), commits, reverts);
    }

    private void stats(String metric, String key, String bucket, Instant start, int count, double mean, double p50,
            double p90, double p95, double p99) {
        sql.execute("""
                insert into job_time_stats (repo_id, metric, key, bucket, bucket_start, count, mean_s, p50_s, p90_s,
                                            p95_s, p99_s)
                values (repository_id(?), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", repo, metric, key, bucket,
                start.atOffset(ZoneOffset.UTC), count, mean, p50, p90, p95, p99);
    }

    private void maximum(String metric, String key, String bucket, Instant start, double max) {
        sql.execute("""
                update job_time_stats set max_s = ?
                 where repo_id = repository_id(?) and metric = ? and key = ? and bucket = ? and bucket_start = ?""",
                max, repo, metric, key, bucket, start.atOffset(ZoneOffset.UTC));
    }

    /** A snapshot of the quarter hour {@code slot}, taken at its start; the oldest job waited {@code age} seconds. */
    private void queue(String label, Instant slot, int queued, int age) {
        sql.execute("""
                insert into queue_snapshot (repo_id, slot, label, taken_at, queued, oldest_queued_since)
                values (repository_id(?), ?, ?, ?, ?, ?)""", repo, slot.atOffset(ZoneOffset.UTC), label,
                slot.atOffset(ZoneOffset.UTC), queued, slot.minusSeconds(age).atOffset(ZoneOffset.UTC));
    }

    @Test
    void redRatePerDayWeekAndHour() {
        // Day 1: finished a1 green, a2 flaky, a3 broken -> red (broken + flaky) 2/3, broken 1/3, flaky 1/3 of 3;
        // a4 pending, a5 and a6 none are not finished. Day 2: finished b2 green, b3 broken -> 1/2, 1/2, 0 of 2.
        // Day 3: finished c1 green (d1 pending) -> 0 of 1. No commit on the days between: no points.
        Instant end = DAY3.plusSeconds(86400);
        assertPoints(List.of(point(DAY1, 2.0 / 3, 3), point(DAY2, 0.5, 2), point(DAY3, 0.0, 1)),
                metric("red_rate", "DAY", DAY1, end, null, Map.of()));
        assertPoints(List.of(point(DAY1, 1.0 / 3, 3), point(DAY2, 0.5, 2), point(DAY3, 0.0, 1)),
                metric("broken_rate", "DAY", DAY1, end, null, Map.of()));
        assertPoints(List.of(point(DAY1, 1.0 / 3, 3), point(DAY2, 0.0, 2), point(DAY3, 0.0, 1)),
                metric("flaky_rate", "DAY", DAY1, end, null, Map.of()));
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
        JsonPath series = metric("red_rate", "DAY", DAY1, DAY2, null, Map.of());
        assertEquals("main", series.getString("metric.branch"));
        assertEquals("ratio", series.getString("metric.unit"));
        assertEquals("ratio", series.getString("metric.statistic"));
        assertEquals(repo, series.getString("metric.repository"));
        assertEquals(DAY1.toString(), series.getString("metric.from"));
        assertEquals(DAY2.toString(), series.getString("metric.to"));
    }

    /** 'branch' picks another branch's commits: release r1 broken at 10, r2 green at 11 -> 1/2 on day 1. */
    @Test
    void commitMetricsOfAnotherBranch() {
        JsonPath series = metric("red_rate", "DAY", DAY1, DAY2, null, Map.of("branch", "release"));
        assertEquals("release", series.getString("metric.branch"));
        assertPoints(List.of(point(DAY1, 0.5, 2)), series);
        assertPoints(List.of(point(DAY1, 2, 2)), metric("commits", "DAY", DAY1, DAY2, null, Map.of("branch",
                "release")));
    }

    @Test
    void commitsAndRevertsPerDayAndWeek() {
        // Commits placed on main, whatever their state: day 1 a1..a6, day 2 b1..b7, day 3 c1, d1.
        Instant end = DAY3.plusSeconds(86400);
        assertPoints(List.of(point(DAY1, 6, 6), point(DAY2, 7, 7), point(DAY3, 2, 2)),
                metric("commits", "DAY", DAY1, end, null, Map.of()));
        assertPoints(List.of(point(DAY1, 13, 13), point(DAY3, 2, 2)),
                metric("commits", "WEEK", DAY1, end, null, Map.of()));
        // Hours of day 1: one commit at 10, 12, 14, 16, 18, 20.
        List<Point> hours = new ArrayList<>();
        for (int hour = 10; hour <= 20; hour += 2) {
            hours.add(point(DAY1.plusSeconds(hour * 3600L), 1, 1));
        }
        assertPoints(hours, metric("commits", "HOUR", DAY1, DAY2, null, Map.of()));
        // Reverts per day as stored, the count being the commits landed that day; weeks sum their days.
        assertPoints(List.of(point(DAY1, 0, 6), point(DAY2, 3, 7), point(DAY3, 0, 2)),
                metric("reverts", "DAY", DAY1, end, null, Map.of()));
        assertPoints(List.of(point(DAY1, 3, 13), point(DAY3, 0, 2)),
                metric("reverts", "WEEK", DAY1, end, null, Map.of()));
        assertEquals("main", metric("reverts", "DAY", DAY1, end, null, Map.of()).getString("metric.branch"));
    }

    @Test
    void timeToSignalPerJobWithExactPercentiles() {
        Instant end = DAY3.plusSeconds(86400);
        assertPoints(List.of(point(DAY1, 390, 3, BUILD), point(DAY2, 445, 2, BUILD), point(DAY3, 300, 1, BUILD)),
                metric("tts", "DAY", DAY1, end, null, Map.of("job", BUILD)));
        assertPoints(List.of(point(DAY1, 390, 3, BUILD), point(DAY2, 445, 2, BUILD), point(DAY3, 300, 1, BUILD)),
                metric("tts", "DAY", DAY1, end, 50.0, Map.of("job", BUILD)));
        assertPoints(List.of(point(DAY1, 438, 3, BUILD), point(DAY2, 497, 2, BUILD), point(DAY3, 300, 1, BUILD)),
                metric("tts", "DAY", DAY1, end, 90.0, Map.of("job", BUILD)));
        assertPoints(List.of(point(DAY1, 448.8, 3, BUILD)), metric("tts", "DAY", DAY1, DAY2, 0.99, Map.of("job",
                BUILD)));
        assertPoints(List.of(point(DAY1, 412, 5, BUILD), point(DAY3, 300, 1, BUILD)),
                metric("tts", "WEEK", DAY1, end, null, Map.of("job", BUILD)));
        assertPoints(List.of(point(DAY1, 390, 5, BUILD)), metric("tts", "WEEK", DAY1, DAY2, 50.0, Map.of("job",
                BUILD)));
        assertPoints(List.of(point(DAY1, 486, 5, BUILD)), metric("tts", "WEEK", DAY1, DAY2, 90.0, Map.of("job",
                BUILD)));
        assertPoints(List.of(point(DAY1, 498, 5, BUILD)), metric("tts", "WEEK", DAY1, DAY2, 95.0, Map.of("job",
                BUILD)));
        assertPoints(List.of(point(DAY1, 507.6, 5, BUILD)), metric("tts", "WEEK", DAY1, DAY2, 99.0, Map.of("job",
                BUILD)));
        // 100 (or 1) is the largest sample; a bucket kept without one (written before V12) has no point.
        JsonPath max = metric("tts", "DAY", DAY1, end, 100.0, Map.of("job", BUILD));
        assertPoints(List.of(point(DAY1, 450, 3, BUILD), point(DAY2, 510, 2, BUILD)), max);
        assertEquals("max", max.getString("metric.statistic"));
        assertPoints(List.of(point(DAY1, 450, 3, BUILD)), metric("tts", "DAY", DAY1, DAY2, 1.0, Map.of("job",
                BUILD)));
        // Without 'job': every key of the bucket, by key.
        JsonPath series = metric("tts", "DAY", DAY1, DAY2, 90.0, Map.of());
        assertPoints(List.of(point(DAY1, 438, 3, BUILD), point(DAY1, 1050, 2, "trunk / test")), series);
        assertEquals("p90", series.getString("metric.statistic"));
        assertEquals("seconds", series.getString("metric.unit"));
        assertEquals("mean", metric("tts", "DAY", DAY1, DAY2, null, Map.of()).getString("metric.statistic"));
    }

    @Test
    void jobDurationPerJob() {
        assertPoints(List.of(point(DAY1, 118, 2, "nightly / slow"), point(DAY1, 402, 4, BUILD),
                point(DAY1, 5, 1, "pull / lint"), point(DAY1, 590, 2, "pull / test"),
                point(DAY1, 970, 4, "trunk / test")),
                metric("job_duration", "DAY", DAY1, DAY2, 90.0, Map.of()));
        assertPoints(List.of(point(DAY1, 320, 4, BUILD)),
                metric("job_duration", "DAY", DAY1, DAY2, null, Map.of("job", BUILD)));
        assertPoints(List.of(point(DAY1, 850, 4, "trunk / test")),
                metric("job_duration", "DAY", DAY1, DAY2, 50.0, Map.of("job", "trunk / test")));
        assertPoints(List.of(point(DAY1, 450, 6, BUILD)),
                metric("job_duration", "WEEK", DAY1, DAY2, 90.0, Map.of("job", BUILD)));
    }

    @Test
    void workflowDurationPerWorkflow() {
        assertPoints(List.of(point(DAY1, 130, 1, "nightly"), point(DAY1, 330, 1, "pull"),
                point(DAY1, 1010, 2, "trunk")),
                metric("workflow_duration", "DAY", DAY1, DAY2, null, Map.of()));
        assertPoints(List.of(point(DAY1, 1220.0 / 3, 3, "pull")),
                metric("workflow_duration", "WEEK", DAY1, DAY2, null, Map.of("workflow", "pull")));
        assertPoints(List.of(point(DAY1, 484, 3, "pull")),
                metric("workflow_duration", "WEEK", DAY1, DAY2, 90.0, Map.of("workflow", "pull")));
    }

    @Test
    void queueTimePerRunnerLabel() {
        // Keys sort by code point: "lint" before "linux...".
        assertPoints(List.of(point(DAY1, 5, 1, "lint"), point(DAY1, 25, 9, "linux.2xlarge"),
                point(DAY1, 54, 5, "linux.8xlarge")), metric("queue_time", "DAY", DAY1, DAY2, null, Map.of()));
        assertPoints(List.of(point(DAY1, 36, 9, "linux.2xlarge")),
                metric("queue_time", "DAY", DAY1, DAY2, 90.0, Map.of("label", "linux.2xlarge")));
        assertPoints(List.of(point(DAY1, 295.0 / 11, 11, "linux.2xlarge")),
                metric("queue_time", "WEEK", DAY1, DAY2, null, Map.of("label", "linux.2xlarge")));
        assertPoints(List.of(point(DAY1, 40, 11, "linux.2xlarge")),
                metric("queue_time", "WEEK", DAY1, DAY2, 90.0, Map.of("label", "linux.2xlarge")));
    }

    /** Per hour and label, the most queued and the longest wait of its quarter-hour snapshots; count = snapshots. */
    @Test
    void liveQueuePerRunnerLabel() {
        Instant noon = DAY3.plusSeconds(12 * 3600);
        JsonPath queued = metric("live_queue", "HOUR", noon, noon.plusSeconds(7200), null, Map.of());
        assertPoints(List.of(point(noon, 2, 2, "macos-14"), point(noon.plusSeconds(3600), 1, 1, "macos-14"),
                point(noon, 1, 1, "windows.4xlarge")), queued);
        assertEquals("max", queued.getString("metric.statistic"));
        assertPoints(List.of(point(noon, 350, 2, "macos-14"), point(noon.plusSeconds(3600), 60, 1, "macos-14")),
                metric("live_queue_age", "HOUR", noon, noon.plusSeconds(7200), null, Map.of("label", "macos-14")));
        assertPoints(List.of(point(DAY3, 2, 3, "macos-14"), point(DAY3, 1, 1, "windows.4xlarge")),
                metric("live_queue", "DAY", DAY3, DAY3.plusSeconds(86400), null, Map.of()));
    }

    /**
     * The live view ({@code queuedJobs}) and the queue-snapshot rollup count the same jobs: two jobs queued on
     * macos-14, one on windows.4xlarge, snapshotted now.
     */
    @Test
    void theLiveQueueSeriesCountsWhatQueuedJobsShows() {
        String live = "metric/q" + UUID.randomUUID().toString().substring(0, 8);
        HistoryBuilder h = new HistoryBuilder(live, "main");
        String sha = HistoryBuilder.sha("q1");
        h.push(DAY3, List.of(sha), "alice");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        long run = HistoryBuilder.nextId();
        h.job(sha, run, 1, "pull", "mac-test", "queued", null, now.minusSeconds(300), null, null,
                List.of("macos-14"));
        h.job(sha, run, 1, "pull", "mac-build", "queued", null, now.minusSeconds(60), null, null,
                List.of("macos-14"));
        h.job(sha, HistoryBuilder.nextId(), 1, "trunk", "win-test", "queued", null, now.minusSeconds(120), null,
                null, List.of("windows.4xlarge"));
        RollupRun snapshot = runner.runNow("queue-snapshot", false);
        assertEquals("success", snapshot.status(), snapshot.detail());

        JsonPath view = GraphQL.data("""
                query($repo: String!) { queuedJobs(repo: $repo) { label queued } }""", "repo", live);
        JsonPath series = metricOf(live, "live_queue", "HOUR", snapshot.startedAt().minusSeconds(3600),
                snapshot.startedAt().plusSeconds(1), null, Map.of());
        List<Point> points = points(series);
        assertEquals(view.getList("queuedJobs.label"), points.stream().map(Point::label).toList());
        assertEquals(List.of("macos-14", "windows.4xlarge"), view.getList("queuedJobs.label"));
        assertEquals(List.of(2, 1), view.getList("queuedJobs.queued"));
        assertEquals(List.of(2.0, 1.0), points.stream().map(Point::value).toList());
    }

    @Test
    void badArgumentsAreRefusedWithAReason() {
        assertRefused("known metrics: red_rate, broken_rate, flaky_rate, commits, tts, job_duration,"
                + " workflow_duration, queue_time, reverts, live_queue, live_queue_age, ttrs, workflow_load,"
                + " new_disabled_tests, open_disabled_tests, pr_landing_time, merge_retries, force_merges,"
                + " time_since_green, commit_tts", "name", "green_rate");
        assertRefused("is kept per hour for the last 31 days only", "name", "tts", "granularity", "HOUR", "from",
                "2020-01-01T00:00:00Z", "to", "2020-01-02T00:00:00Z");
        assertRefused("percentile must be 50, 90, 95, 99 or 100", "name", "tts", "percentile", 75.0);
        assertRefused("'percentile' applies to", "name", "red_rate", "percentile", 90.0);
        assertRefused("'job' does not apply", "name", "queue_time", "job", BUILD);
        assertRefused("at most 1000 buckets", "name", "commits", "granularity", "HOUR", "from",
                "2020-01-01T00:00:00Z");
        assertRefused("'from' must be before 'to'", "name", "commits", "from", "2026-11-02T00:00:00Z", "to",
                "2026-11-01T00:00:00Z");
        JsonPath unknown = GraphQL.raw(METRIC, "name", "commits", "repo", repo + "-nope");
        assertEquals("NOT_FOUND", unknown.getString("errors[0].extensions.code"), unknown.prettify());
        assertTrue(unknown.getString("errors[0].message").contains("No repository '" + repo + "-nope'"),
                unknown.getString("errors[0].message"));
    }

    /** {@code variables} are name-value pairs on top of this test's repository. */
    private void assertRefused(String reason, Object... variables) {
        Object[] all = new Object[variables.length + 2];
        all[0] = "repo";
        all[1] = repo;
        System.arraycopy(variables, 0, all, 2, variables.length);
        JsonPath response = GraphQL.raw(METRIC, all);
        assertEquals("BAD_USER_INPUT", response.getString("errors[0].extensions.code"), response.prettify());
        assertTrue(response.getString("errors[0].message").contains(reason), response.getString("errors[0].message"));
    }

    record Point(String time, Double value, int count, String label) {
    }

    private static Point point(Instant time, double value, int count) {
        return new Point(time.toString(), value, count, null);
    }

    private static Point point(Instant time, double value, int count, String label) {
        return new Point(time.toString(), value, count, label);
    }

    private JsonPath metric(String name, String granularity, Instant from, Instant to, Double percentile,
            Map<String, String> filters) {
        return metricOf(repo, name, granularity, from, to, percentile, filters);
    }

    /** The {@code metric} series, with decimals read as doubles so that values keep every digit. */
    private static JsonPath metricOf(String repo, String name, String granularity, Instant from, Instant to,
            Double percentile, Map<String, String> filters) {
        Map<String, Object> variables = new HashMap<>(Map.of("name", name, "repo", repo, "granularity", granularity,
                "from", from.toString(), "to", to.toString()));
        if (percentile != null) {
            variables.put("percentile", percentile);
        }
        variables.putAll(filters);
        // As GraphQL.data, with decimals read as doubles (its JsonPath reads them as floats).
        String body = given().contentType("application/json").body(Map.of("query", METRIC, "variables", variables))
                .post("/graphql").then().statusCode(200).extract().asString();
        JsonPath response = new JsonPath(body).using(DOUBLES);
        assertNull(response.get("errors"), body);
        JsonPath series = response.setRootPath("data");
        assertEquals(name, series.getString("metric.name"));
        assertEquals(granularity, series.getString("metric.granularity"));
        return series;
    }

    private static List<Point> points(JsonPath series) {
        List<Point> points = new ArrayList<>();
        List<Map<String, Object>> raw = series.getList("metric.points");
        raw.forEach(p -> points.add(new Point((String) p.get("time"),
                p.get("value") == null ? null : ((Number) p.get("value")).doubleValue(),
                ((Number) p.get("count")).intValue(), (String) p.get("label"))));
        return points;
    }

    private static void assertPoints(List<Point> expected, JsonPath series) {
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
