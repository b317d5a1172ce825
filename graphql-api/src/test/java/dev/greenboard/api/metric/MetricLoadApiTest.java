package dev.greenboard.api.metric;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;

import dev.greenboard.model.database.Sql;
import dev.greenboard.model.database.TestDatabase;

/**
 * The series of issue 16 beside the CI health ones: {@code workflow_load} counted from {@code workflow_run},
 * {@code new_disabled_tests} from {@code disabled_test}, {@code ttrs} read from {@code job_time_stats} (its SQL is
 * metrics-jobs' TimeToRedSignalTest).
 *
 * <pre>
 * workflow_run first attempts: pull Mon 2026-11-02 10:10, 10:40, 14:00 and Tue 09:00; trunk Mon 10:20;
 *                              a second attempt of pull Mon 10:50 (not a start of a workflow)
 *   per hour on Monday: pull 10:00 2, 14:00 1; trunk 10:00 1. Per day: pull Mon 3, Tue 1; trunk Mon 1
 * disabled_test: test_a from issue #1 Mon 08:00 and again from the API Thu (the same test: counted once, Monday),
 *                test_b Mon 20:00, test_c Tue 12:00 (enabled again Wed 09:00: it was still new that day)
 *   new per day: Mon 2, Tue 1; the week: 3
 *   open entries at the end of each day: Mon 2, Tue 3, Wed 2, Thu 3 (test_a's second entry), Fri-Sun 3; changes per
 *   day: Mon 2, Tue 1, Wed 1, Thu 1, then 0
 * job_time_stats ttrs pull / test on Monday: n 2, mean 720, p90 864, max 900
 * merged pull requests and pytorchmergebot's "Merge started" comments:
 *   #1 merged Mon 12:00, attempts 10:00 and 11:00 (a human's "Merge started" at 09:00 and the bot's "Merge failed"
 *      at 10:30 are not attempts): landing 2 h, 2 attempts
 *   #2 merged Mon 20:00, attempt 19:00 (and one at 21:00, after the merge): 1 h, 1 attempt
 *   #3 merged Tue 10:00, attempt Oct 20 (over 168 h: no landing time), 1 attempt
 *   #4 merged Tue 12:00 without the bot; #5 closed unmerged with an attempt: neither counts
 *   landing per day: Mon mean 5400 s, p90 3600 + 0.9 * 3600 = 6840, max 7200; attempts: Mon 1.5 (2 PRs), Tue 1
 * the next week, with reviews (landing starts at the earlier of the first attempt and the first approval):
 *   #11 merged Mon 11-09 12:00, approved 09:00 (a comment review 08:00 and a dismissed approval 07:00 do not count),
 *       no attempt: 3 h
 *   #12 merged Mon 18:00, attempt 17:00, no review: 1 h
 *   #13 merged Mon 23:00, approved 20:00, attempt 22:00: the approval, 3 h
 *   #14 merged Tue 11-10 12:00, attempt 06:00, approved 10:00: the attempt, 6 h
 *   #15 merged Tue 15:00, approved only after the merge (16:00), no attempt: not counted
 *   landing per day: Mon mean (10800 + 3600 + 10800) / 3 = 8400 (3 PRs), p50 10800, Tue 21600 (1 PR);
 *   attempts: Mon 1 (#12, #13), Tue 1 (#14): PRs without an attempt are no sample of merge retries
 * the week after, forced merges (the default pattern, PyTorch's "@pytorchbot merge -f" / "--force"):
 *   #21 merged Mon 11-16 10:00, "@pytorchbot merge -f ..." at 09:00: forced
 *   #22 merged Mon 12:00, "@pytorchbot merge" and "@pytorchbot merge -i" (ignore current failures): not forced
 *   #23 merged Mon 14:00, "@pytorchbot merge --force ..." at 15:00, after the merge: not forced
 *   #24 merged Mon 16:00, the bot quoting "@pytorchbot merge -f" and a person's deleted "@pytorchbot merge -f": not
 *       forced
 *   #25 merged Tue 11-17 09:00, "Looks good" then "@pytorchbot merge --force ..." on the next line: forced
 *   #26 closed unmerged with "@pytorchbot merge -f": no merge
 *   per day: Mon 1 of 4 merges, Tue 1 of 1; the week: 2 of 5
 * </pre>
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricLoadApiTest {

    private static final Instant MON = Instant.parse("2026-11-02T00:00:00Z");
    private static final Instant TUE = Instant.parse("2026-11-03T00:00:00Z");
    private static final Instant NEXT_MON = Instant.parse("2026-11-09T00:00:00Z");
    private static final JsonPathConfig DOUBLES = new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE);
    private static final AtomicLong IDS = new AtomicLong(System.nanoTime() % 1_000_000_000L * 1000 + 7);
    private static final String METRIC = """
            query($name: String!, $repo: String!, $from: DateTime, $to: DateTime, $granularity: Granularity,
                  $percentile: Float, $workflow: String, $job: String) {
              metric(name: $name, repo: $repo, from: $from, to: $to, granularity: $granularity,
                     percentile: $percentile, workflow: $workflow, job: $job) {
                name unit statistic branch points { time value count label measure } } }""";

    @Inject
    AgroalDataSource dataSource;

    Sql sql;
    String repo;

    @BeforeEach
    void rows() {
        if (repo != null) {
            return;
        }
        sql = new Sql(dataSource);
        repo = newRepository();
        long pull = run("pull", 1, "2026-11-02T10:10:00Z", IDS.incrementAndGet());
        run("pull", 2, "2026-11-02T10:50:00Z", pull);
        run("pull", 1, "2026-11-02T10:40:00Z", IDS.incrementAndGet());
        run("pull", 1, "2026-11-02T14:00:00Z", IDS.incrementAndGet());
        run("pull", 1, "2026-11-03T09:00:00Z", IDS.incrementAndGet());
        run("trunk", 1, "2026-11-02T10:20:00Z", IDS.incrementAndGet());
        disabled("test_a", "issue", 1, "2026-11-02T08:00:00Z", true);
        disabled("test_a", "api", null, "2026-11-05T08:00:00Z", true);
        disabled("test_b", "api", null, "2026-11-02T20:00:00Z", true);
        disabled("test_c", "api", null, "2026-11-03T12:00:00Z", true);
        sql.execute("""
                update disabled_test set active = false, updated_at = '2026-11-04T09:00:00Z'
                where repo_id = repository_id(?) and test_name = 'test_c'""", repo);
        sql.execute("""
                insert into job_time_stats (repo_id, metric, key, bucket, bucket_start, count, mean_s, p50_s, p90_s,
                                            p95_s, p99_s, max_s)
                values (repository_id(?), 'ttrs', 'pull / test', 'day', ?, 2, 720, 720, 864, 882, 896.4, 900)""",
                repo, MON.atOffset(ZoneOffset.UTC));
        pr(1, "2026-11-02T12:00:00Z");
        comment(1, "pytorchmergebot", "Merge started\nYour change will be merged once all checks pass",
                "2026-11-02T10:00:00Z");
        comment(1, "pytorchmergebot", "Merge failed\nReason: 1 mandatory check(s) failed", "2026-11-02T10:30:00Z");
        comment(1, "pytorchmergebot", "Merge started", "2026-11-02T11:00:00Z");
        comment(1, "someone", "Merge started? @pytorchbot merge", "2026-11-02T09:00:00Z");
        pr(2, "2026-11-02T20:00:00Z");
        comment(2, "pytorchmergebot", "Merge started", "2026-11-02T19:00:00Z");
        comment(2, "pytorchmergebot", "Merge started", "2026-11-02T21:00:00Z");
        pr(3, "2026-11-03T10:00:00Z");
        comment(3, "pytorchmergebot", "Merge started", "2026-10-20T10:00:00Z");
        pr(4, "2026-11-03T12:00:00Z");
        pr(5, null);
        comment(5, "pytorchmergebot", "Merge started", "2026-11-02T10:00:00Z");
        pr(11, "2026-11-09T12:00:00Z");
        review(11, "DISMISSED", "2026-11-09T07:00:00Z");
        review(11, "COMMENTED", "2026-11-09T08:00:00Z");
        review(11, "APPROVED", "2026-11-09T09:00:00Z");
        pr(12, "2026-11-09T18:00:00Z");
        comment(12, "pytorchmergebot", "Merge started", "2026-11-09T17:00:00Z");
        pr(13, "2026-11-09T23:00:00Z");
        review(13, "APPROVED", "2026-11-09T20:00:00Z");
        comment(13, "pytorchmergebot", "Merge started", "2026-11-09T22:00:00Z");
        pr(14, "2026-11-10T12:00:00Z");
        comment(14, "pytorchmergebot", "Merge started", "2026-11-10T06:00:00Z");
        review(14, "APPROVED", "2026-11-10T10:00:00Z");
        pr(15, "2026-11-10T15:00:00Z");
        review(15, "APPROVED", "2026-11-10T16:00:00Z");
        pr(21, "2026-11-16T10:00:00Z");
        comment(21, "dev-a", "@pytorchbot merge -f \"CI on trunk is broken by #1234\"", "2026-11-16T09:00:00Z");
        pr(22, "2026-11-16T12:00:00Z");
        comment(22, "dev-b", "@pytorchbot merge", "2026-11-16T10:00:00Z");
        comment(22, "dev-b", "@pytorchbot merge -i", "2026-11-16T11:00:00Z");
        pr(23, "2026-11-16T14:00:00Z");
        comment(23, "dev-c", "@pytorchbot merge --force 'flaky'", "2026-11-16T15:00:00Z");
        pr(24, "2026-11-16T16:00:00Z");
        comment(24, "pytorchmergebot", "Use `@pytorchbot merge -f` only when the failures are unrelated",
                "2026-11-16T15:00:00Z");
        sql.execute("""
                insert into issue_comment (id, repo_id, issue_number, is_pull_request, author, body, created_at,
                                           deleted)
                values (?, repository_id(?), 24, true, 'dev-d', '@pytorchbot merge -f "oops"', ?, true)""",
                IDS.incrementAndGet(), repo, time("2026-11-16T15:30:00Z"));
        pr(25, "2026-11-17T09:00:00Z");
        comment(25, "dev-e", "Looks good\n@pytorchbot merge --force \"landrace with #99\"", "2026-11-17T08:00:00Z");
        pr(26, null);
        comment(26, "dev-f", "@pytorchbot merge -f \"abandoned\"", "2026-11-16T08:00:00Z");
    }

    @Test
    void pullRequestLandingTimeAndMergeAttempts() {
        assertEquals(List.of(p("2026-11-02T00:00:00Z", 5400, null)), points(metric("pr_landing_time", "DAY", MON,
                NEXT_MON, null, null)));
        assertEquals(List.of(p("2026-11-02T00:00:00Z", 6840, null)), points(metric("pr_landing_time", "DAY", MON,
                NEXT_MON, 90.0, null)));
        assertEquals(List.of(p("2026-11-02T00:00:00Z", 7200, null)), points(metric("pr_landing_time", "WEEK", MON,
                NEXT_MON, 100.0, null)));
        assertEquals(List.of(p("2026-11-02T00:00:00Z", 1.5, null), p("2026-11-03T00:00:00Z", 1, null)),
                points(metric("merge_retries", "DAY", MON, NEXT_MON, null, null)));
        JsonPath week = metric("merge_retries", "WEEK", MON, NEXT_MON, null, null);
        assertEquals(4.0 / 3, week.getDouble("metric.points[0].value"), 1e-9);
        assertEquals(3, week.getInt("metric.points[0].count"));
        assertEquals("mean", week.getString("metric.statistic"));
    }

    @Test
    void landingTimeStartsAtTheEarlierOfTheFirstAttemptAndTheFirstApproval() {
        Instant monday = Instant.parse("2026-11-09T00:00:00Z");
        Instant nextMonday = Instant.parse("2026-11-16T00:00:00Z");
        JsonPath mean = metric("pr_landing_time", "DAY", monday, nextMonday, null, null);
        assertEquals(List.of(p("2026-11-09T00:00:00Z", 8400, null), p("2026-11-10T00:00:00Z", 21600, null)),
                points(mean));
        assertEquals(3, mean.getInt("metric.points[0].count"), "#11 (approval only), #12 (attempt only), #13");
        assertEquals(1, mean.getInt("metric.points[1].count"), "#14; #15 was approved after its merge");
        assertEquals(List.of(p("2026-11-09T00:00:00Z", 10800, null), p("2026-11-10T00:00:00Z", 21600, null)),
                points(metric("pr_landing_time", "DAY", monday, nextMonday, 50.0, null)));
        JsonPath retries = metric("merge_retries", "DAY", monday, nextMonday, null, null);
        assertEquals(List.of(p("2026-11-09T00:00:00Z", 1, null), p("2026-11-10T00:00:00Z", 1, null)),
                points(retries));
        assertEquals(2, retries.getInt("metric.points[0].count"), "#11 has no attempt");
    }

    @Test
    void forcedMergesPerBucketWithEveryMergeAsTheCount() {
        Instant monday = Instant.parse("2026-11-16T00:00:00Z");
        Instant nextMonday = Instant.parse("2026-11-23T00:00:00Z");
        JsonPath day = metric("force_merges", "DAY", monday, nextMonday, null, null);
        assertEquals(List.of(p("2026-11-16T00:00:00Z", 1, null), p("2026-11-17T00:00:00Z", 1, null)), points(day));
        assertEquals(List.of(4, 1), day.getList("metric.points.count"), "every merge of the day");
        assertEquals("pull requests", day.getString("metric.unit"));
        JsonPath week = metric("force_merges", "WEEK", monday, nextMonday, null, null);
        assertEquals(List.of(p("2026-11-16T00:00:00Z", 2, null)), points(week));
        assertEquals(5, week.getInt("metric.points[0].count"));
        JsonPath hour = metric("force_merges", "HOUR", monday, Instant.parse("2026-11-17T00:00:00Z"), null, null);
        assertEquals(List.of(p("2026-11-16T10:00:00Z", 1, null), p("2026-11-16T12:00:00Z", 0, null),
                p("2026-11-16T14:00:00Z", 0, null), p("2026-11-16T16:00:00Z", 0, null)), points(hour));
    }

    /**
     * Another repository (no settings: every workflow blocks). s1: pull Mon 10:00 1200 s and trunk 10:05 3000 s, both
     * succeeded: 3000 s. s2: pull succeeded, trunk failed: none. s3: pull Tue 09:00 900 s. s4: a pull_request run:
     * none. s5: a failed first attempt (a second succeeded): none. Per day Mon 3000, Tue 900; the week: mean 1950,
     * p90 900 + 0.9 * 2100 = 2790.
     */
    @Test
    void timeToSignalEndToEndPerCommit() {
        String other = newRepository();
        commitRun(other, "s1", "pull", 1, "push", "success", "2026-11-02T10:00:00Z", 1200);
        commitRun(other, "s1", "trunk", 1, "push", "success", "2026-11-02T10:05:00Z", 3000);
        commitRun(other, "s2", "pull", 1, "push", "success", "2026-11-02T12:00:00Z", 600);
        commitRun(other, "s2", "trunk", 1, "push", "failure", "2026-11-02T12:00:00Z", 600);
        commitRun(other, "s3", "pull", 1, "push", "success", "2026-11-03T09:00:00Z", 900);
        commitRun(other, "s4", "pull", 1, "pull_request", "success", "2026-11-03T10:00:00Z", 700);
        long failed = commitRun(other, "s5", "pull", 1, "push", "failure", "2026-11-03T11:00:00Z", 100);
        sql.execute("""
                insert into workflow_run (id, run_attempt, repo_id, name, event, head_sha, status, status_rank,
                                          conclusion, created_at, updated_at)
                values (?, 2, repository_id(?), 'pull', 'push', 's5', 'completed', 3, 'success', ?, ?)""", failed,
                other, time("2026-11-03T12:00:00Z"), time("2026-11-03T12:10:00Z"));
        String saved = repo;
        repo = other;
        try {
            assertEquals(List.of(p("2026-11-02T00:00:00Z", 3000, null), p("2026-11-03T00:00:00Z", 900, null)),
                    points(metric("commit_tts", "DAY", MON, NEXT_MON, null, null)));
            JsonPath week = metric("commit_tts", "WEEK", MON, NEXT_MON, null, null);
            assertEquals(List.of(p("2026-11-02T00:00:00Z", 1950, null)), points(week));
            assertEquals(2, week.getInt("metric.points[0].count"));
            assertEquals(List.of(p("2026-11-02T00:00:00Z", 2790, null)), points(metric("commit_tts", "WEEK", MON,
                    NEXT_MON, 90.0, null)));
        } finally {
            repo = saved;
        }
    }

    /**
     * Another repository whose blocking workflow is pull; jobs are "&lt;config&gt; / &lt;job&gt;" and times are
     * minutes after Mon 2026-11-02 00:00.
     *
     * <pre>
     * pull, main, created 10:00: linux / build 10:02-10:32 (1800 s), linux / test (default, 1, 2) 10:35-11:15 (2400),
     *   linux / test (default, 2, 2) 10:35-11:05 (1800), win / build 10:03-11:03 (3600), win / test 11:05-11:25
     *   (1200), docs / test 10:01-10:21 (1200, a config without build job: alone), lint 10:01-10:06 (300, neither
     *   build nor test), mac / build skipped 10:00-12:00 (not a job that ran)
     *   wall clock 10:01-11:25 = 5040, longest 3600, build+test max(1800 + 2400, 3600 + 1200, 1200) = 4800
     * pull, main, created 14:00: linux / build 14:01-14:21 (1200), linux / test 14:22-14:52 (1800), win / build
     *   14:01-14:11 failed (600); its second attempt ran win / build 15:01-17:01 (ignored)
     *   wall clock 3060, longest 1800, build+test 3000
     * trunk, main, created 11:00: mac / test 11:01-11:31: 1800 for each measure
     * ignored: pull on branch feature (12:00), pull on main still in progress (Tue 09:00)
     * Monday, pull: wall clock mean 4050, p90 3060 + 0.9 * 1980 = 4842; longest mean 2700, p90 3420;
     *   build+test mean 3900, p90 4620; count 2
     * </pre>
     */
    @Test
    void workflowDurationPerCommitFromTheJobsOfFirstAttempts() {
        String other = newRepository();
        sql.execute("""
                insert into repository_settings (repo_id, blocking_workflows)
                values (repository_id(?), '{pull}')""", other);
        long a = branchRun(other, "pull", 1, "main", "completed", 10 * 60);
        job(other, a, 1, "linux / build", "success", 10 * 60 + 2, 10 * 60 + 32);
        job(other, a, 1, "linux / test (default, 1, 2)", "success", 10 * 60 + 35, 11 * 60 + 15);
        job(other, a, 1, "linux / test (default, 2, 2)", "success", 10 * 60 + 35, 11 * 60 + 5);
        job(other, a, 1, "win / build", "success", 10 * 60 + 3, 11 * 60 + 3);
        job(other, a, 1, "win / test", "success", 11 * 60 + 5, 11 * 60 + 25);
        job(other, a, 1, "docs / test", "success", 10 * 60 + 1, 10 * 60 + 21);
        job(other, a, 1, "lint", "success", 10 * 60 + 1, 10 * 60 + 6);
        job(other, a, 1, "mac / build", "skipped", 10 * 60, 12 * 60);
        long b = branchRun(other, "pull", 1, "main", "completed", 14 * 60);
        job(other, b, 1, "linux / build", "success", 14 * 60 + 1, 14 * 60 + 21);
        job(other, b, 1, "linux / test", "success", 14 * 60 + 22, 14 * 60 + 52);
        job(other, b, 1, "win / build", "failure", 14 * 60 + 1, 14 * 60 + 11);
        sql.execute("""
                insert into workflow_run (id, run_attempt, repo_id, name, event, head_branch, head_sha, status,
                                          status_rank, conclusion, created_at, updated_at)
                values (?, 2, repository_id(?), 'pull', 'push', 'main', 'abc', 'completed', 3, 'success', ?, ?)""",
                b, other, minute(15 * 60), minute(17 * 60 + 2));
        job(other, b, 2, "win / build", "success", 15 * 60 + 1, 17 * 60 + 1);
        long d = branchRun(other, "trunk", 1, "main", "completed", 11 * 60);
        job(other, d, 1, "mac / test", "success", 11 * 60 + 1, 11 * 60 + 31);
        long feature = branchRun(other, "pull", 1, "feature", "completed", 12 * 60);
        job(other, feature, 1, "linux / build", "success", 12 * 60 + 1, 13 * 60 + 1);
        long running = branchRun(other, "pull", 1, "main", "in_progress", 33 * 60);
        job(other, running, 1, "linux / build", "success", 33 * 60 + 1, 34 * 60 + 1);

        String saved = repo;
        repo = other;
        try {
            JsonPath mean = metric("commit_workflow_duration", "DAY", MON, NEXT_MON, null, null);
            assertEquals(List.of(m("pull", "build_test", 3900), m("pull", "longest_job", 2700),
                    m("pull", "wall_clock", 4050)), measures(mean), "the blocking workflow only");
            assertEquals(List.of(2, 2, 2), mean.getList("metric.points.count"), "two runs of pull on Monday");
            assertEquals(List.of("2026-11-02T00:00:00Z"), mean.getList("metric.points.time").stream().distinct()
                    .toList());
            assertEquals("main", mean.getString("metric.branch"));
            assertEquals(List.of(m("pull", "build_test", 4620), m("pull", "longest_job", 3420),
                    m("pull", "wall_clock", 4842)),
                    measures(metric("commit_workflow_duration", "WEEK", MON,
                            NEXT_MON, 90.0, null)));
            assertEquals(List.of(m("pull", "build_test", 4800), m("pull", "longest_job", 3600),
                    m("pull", "wall_clock", 5040)),
                    measures(metric("commit_workflow_duration", "HOUR",
                            MON.plusSeconds(10 * 3600), MON.plusSeconds(11 * 3600), 50.0, null)),
                    "10:00, the first run alone");
            assertEquals(List.of(m("trunk", "build_test", 1800), m("trunk", "longest_job", 1800),
                    m("trunk", "wall_clock", 1800)),
                    measures(metric("commit_workflow_duration", "DAY", MON,
                            NEXT_MON, 50.0, Map.of("workflow", "trunk"))),
                    "the workflow named");
        } finally {
            repo = saved;
        }
    }

    /**
     * The KPIs page asks for commit_tts and commit_workflow_duration (twice) in one request: each field reads the
     * repository's settings, concurrently, on the request's one Vert.x context. None may close another's session.
     */
    @Test
    void fieldsOfOneRequestReadTheSettingsConcurrently() {
        String fresh = newRepository();
        String query = """
                query($repo: String!, $from: DateTime, $to: DateTime) {
                  tts: metric(name: "commit_tts", repo: $repo, from: $from, to: $to) { points { value } }
                  p50: metric(name: "commit_workflow_duration", repo: $repo, from: $from, to: $to, percentile: 50) {
                    points { value } }
                  p90: metric(name: "commit_workflow_duration", repo: $repo, from: $from, to: $to, percentile: 90) {
                    points { value } }
                  mean: metric(name: "commit_workflow_duration", repo: $repo, from: $from, to: $to) { points { value } }
                }""";
        String body = given().contentType("application/json").body(Map.of("query", query, "variables", Map.of(
                "repo", fresh, "from", MON.toString(), "to", NEXT_MON.toString()))).post("/graphql").then()
                .statusCode(200).extract().asString();
        JsonPath response = new JsonPath(body);
        assertNull(response.get("errors"), body);
        assertEquals(List.of(), response.getList("data.p90.points"), body);
    }

    private record M(String workflow, String measure, double value) {
    }

    private static M m(String workflow, String measure, double value) {
        return new M(workflow, measure, value);
    }

    private static List<M> measures(JsonPath series) {
        List<Map<String, Object>> raw = series.getList("metric.points");
        return raw.stream().map(p -> new M((String) p.get("label"), (String) p.get("measure"),
                ((Number) p.get("value")).doubleValue())).toList();
    }

    private static java.time.OffsetDateTime minute(int minutes) {
        return MON.plusSeconds(minutes * 60L).atOffset(ZoneOffset.UTC);
    }

    private long branchRun(String repository, String workflow, int attempt, String branch, String status,
            int createdMinute) {
        long id = IDS.incrementAndGet();
        sql.execute("""
                insert into workflow_run (id, run_attempt, repo_id, name, event, head_branch, head_sha, status,
                                          status_rank, conclusion, created_at, updated_at)
                values (?, ?, repository_id(?), ?, 'push', ?, 'abc', ?, 3, ?, ?, ?)""", id, attempt, repository,
                workflow, branch, status, status.equals("completed") ? "success" : null, minute(createdMinute),
                minute(createdMinute + 120));
        return id;
    }

    private void job(String repository, long run, int attempt, String name, String conclusion, int startedMinute,
            int completedMinute) {
        sql.execute("""
                insert into job (id, run_id, run_attempt, repo_id, name, workflow_name, head_sha, status, status_rank,
                                 conclusion, created_at, started_at, completed_at)
                values (?, ?, ?, repository_id(?), ?, null, 'abc', 'completed', 3, ?, ?, ?, ?)""",
                IDS.incrementAndGet(), run, attempt, repository, name, conclusion, minute(startedMinute - 1),
                minute(startedMinute), minute(completedMinute));
    }

    private long commitRun(String repository, String sha, String workflow, int attempt, String event,
            String conclusion, String created, long seconds) {
        long id = IDS.incrementAndGet();
        sql.execute("""
                insert into workflow_run (id, run_attempt, repo_id, name, event, head_sha, status, status_rank,
                                          conclusion, created_at, updated_at)
                values (?, ?, repository_id(?), ?, ?, ?, 'completed', 3, ?, ?, ?)""", id, attempt, repository,
                workflow, event, sha, conclusion, time(created), time(created).plusSeconds(seconds));
        return id;
    }

    private void pr(int number, String mergedAt) {
        sql.execute("""
                insert into pull_request (repo_id, number, state, merged, created_at, closed_at, merged_at)
                values (repository_id(?), ?, 'closed', ?, '2026-10-01T00:00:00Z', ?, ?)""", repo, number,
                mergedAt != null, mergedAt == null ? MON.atOffset(ZoneOffset.UTC) : time(mergedAt),
                mergedAt == null ? null : time(mergedAt));
    }

    private void comment(int number, String author, String body, String created) {
        sql.execute("""
                insert into issue_comment (id, repo_id, issue_number, is_pull_request, author, body, created_at)
                values (?, repository_id(?), ?, true, ?, ?, ?)""", IDS.incrementAndGet(), repo, number, author, body,
                time(created));
    }

    private void review(int number, String state, String submitted) {
        sql.execute("""
                insert into pull_request_review (repo_id, pr_number, review_id, author, state, submitted_at,
                                                 updated_at)
                values (repository_id(?), ?, ?, 'reviewer', ?, ?, ?)""", repo, number, IDS.incrementAndGet(), state,
                time(submitted), time(submitted));
    }

    private static java.time.OffsetDateTime time(String iso) {
        return Instant.parse(iso).atOffset(ZoneOffset.UTC);
    }

    @Test
    void workflowLoadPerHourAndDayByName() {
        assertEquals(List.of(p("2026-11-02T10:00:00Z", 2, "pull"), p("2026-11-02T14:00:00Z", 1, "pull"),
                p("2026-11-02T10:00:00Z", 1, "trunk")),
                points(metric("workflow_load", "HOUR", MON, TUE, null,
                        null)));
        assertEquals(List.of(p("2026-11-02T00:00:00Z", 3, "pull"), p("2026-11-03T00:00:00Z", 1, "pull"),
                p("2026-11-02T00:00:00Z", 1, "trunk")),
                points(metric("workflow_load", "DAY", MON, NEXT_MON, null,
                        null)));
        assertEquals(List.of(p("2026-11-02T00:00:00Z", 1, "trunk")), points(metric("workflow_load", "DAY", MON,
                NEXT_MON, null, Map.of("workflow", "trunk"))));
        assertEquals("sum", metric("workflow_load", "WEEK", MON, NEXT_MON, null, null).getString("metric.statistic"));
    }

    @Test
    void newDisabledTestsPerDayAndWeek() {
        assertEquals(List.of(p("2026-11-02T00:00:00Z", 2, null), p("2026-11-03T00:00:00Z", 1, null)),
                points(metric("new_disabled_tests", "DAY", MON, NEXT_MON, null, null)));
        assertEquals(List.of(p("2026-11-02T00:00:00Z", 3, null)), points(metric("new_disabled_tests", "WEEK", MON,
                NEXT_MON, null, null)));
        assertEquals(List.of(), points(metric("new_disabled_tests", "DAY", TUE.plusSeconds(86400), NEXT_MON, null,
                null)), "test_a disabled again on Thursday is not new");
    }

    @Test
    void openDisabledTestsAtTheEndOfEachBucket() {
        assertEquals(List.of(p("2026-11-02T00:00:00Z", 2, null), p("2026-11-03T00:00:00Z", 3, null),
                p("2026-11-04T00:00:00Z", 2, null), p("2026-11-05T00:00:00Z", 3, null),
                p("2026-11-06T00:00:00Z", 3, null), p("2026-11-07T00:00:00Z", 3, null),
                p("2026-11-08T00:00:00Z", 3, null)),
                points(metric("open_disabled_tests", "DAY", MON, NEXT_MON, null, null)));
        assertEquals(List.of(2, 1, 1, 1, 0, 0, 0), metric("open_disabled_tests", "DAY", MON, NEXT_MON, null, null)
                .getList("metric.points.count"));
        assertEquals(List.of(p("2026-11-02T00:00:00Z", 3, null)), points(metric("open_disabled_tests", "WEEK", MON,
                NEXT_MON, null, null)));
        assertEquals(List.of(p("2026-11-03T11:00:00Z", 2, null), p("2026-11-03T12:00:00Z", 3, null)),
                points(metric("open_disabled_tests", "HOUR", TUE.plusSeconds(11 * 3600), TUE.plusSeconds(13 * 3600),
                        null, null)));
        assertEquals(List.of(p("2026-11-01T00:00:00Z", 0, null)), points(metric("open_disabled_tests", "DAY",
                MON.minusSeconds(86400), MON, null, null)), "nothing was disabled before Monday");
    }

    @Test
    void timeToRedSignalWithPercentiles() {
        assertEquals(List.of(p("2026-11-02T00:00:00Z", 864, "pull / test")), points(metric("ttrs", "DAY", MON, TUE,
                90.0, Map.of("job", "pull / test"))));
        assertEquals(List.of(p("2026-11-02T00:00:00Z", 900, "pull / test")), points(metric("ttrs", "DAY", MON, TUE,
                100.0, null)));
        assertEquals(List.of(p("2026-11-02T00:00:00Z", 720, "pull / test")), points(metric("ttrs", "DAY", MON, TUE,
                null, null)));
    }

    private record P(String time, double value, String label) {
    }

    private static P p(String time, double value, String label) {
        return new P(time, value, label);
    }

    private static List<P> points(JsonPath series) {
        List<Map<String, Object>> raw = series.getList("metric.points");
        return raw.stream().map(m -> new P((String) m.get("time"), ((Number) m.get("value")).doubleValue(),
                (String) m.get("label"))).toList();
    }

    private JsonPath metric(String name, String granularity, Instant from, Instant to, Double percentile,
            Map<String, String> filters) {
        Map<String, Object> variables = new HashMap<>(Map.of("name", name, "repo", repo, "granularity", granularity,
                "from", from.toString(), "to", to.toString()));
        if (percentile != null) {
            variables.put("percentile", percentile);
        }
        if (filters != null) {
            variables.putAll(filters);
        }
        String body = given().contentType("application/json").body(Map.of("query", METRIC, "variables", variables))
                .post("/graphql").then().statusCode(200).extract().asString();
        JsonPath response = new JsonPath(body).using(DOUBLES);
        assertNull(response.get("errors"), body);
        return response.setRootPath("data");
    }

    private long run(String workflow, int attempt, String created, long id) {
        Instant at = Instant.parse(created);
        sql.execute("""
                insert into workflow_run (id, run_attempt, repo_id, name, event, head_sha, status, status_rank,
                                          conclusion, created_at, updated_at)
                values (?, ?, repository_id(?), ?, 'push', 'abc', 'completed', 3, 'success', ?, ?)""", id, attempt,
                repo, workflow, at.atOffset(ZoneOffset.UTC), at.plusSeconds(60).atOffset(ZoneOffset.UTC));
        return id;
    }

    /** A repository of its own (default branch main), so that a test's facts are the only ones it reads. */
    private String newRepository() {
        String name = "load/r" + UUID.randomUUID().toString().substring(0, 8);
        sql.execute("insert into repository (full_name, owner, name, default_branch) values (?, 'load', ?, 'main')",
                name, name.substring("load/".length()));
        return name;
    }

    private void disabled(String name, String source, Integer issue, String created, boolean active) {
        sql.execute("""
                insert into disabled_test (repo_id, test_key, test_name, test_class, source, issue_number, active,
                                           created_at)
                values (repository_id(?), ?, ?, 'TestOps', ?, ?, ?, ?)""", repo, name + " (__main__.TestOps)", name,
                source, issue, active, Instant.parse(created).atOffset(ZoneOffset.UTC));
    }
}
