package dev.greenboard.web;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import dev.greenboard.testkit.HistoryBuilder;
import dev.greenboard.testkit.Webhooks;

/**
 * The CI history the browser tests look at, sent through ingest like GitHub and CI would. Four commits on main, newest
 * last, whose cells cover every HUD status:
 *
 * <pre>
 *            linux/build  linux/test 1  linux/test 2  win/build  mac/test (workflow trunk)
 *   c4       RUNNING      QUEUED        NONE          SKIPPED    NONE
 *   c3 #42   SUCCESS      FLAKY         TIMED_OUT     SUCCESS    SUCCESS
 *   c2       SUCCESS      FAILURE       SUCCESS       CANCELLED  SUCCESS
 *   c1       SUCCESS      SUCCESS       SUCCESS       SUCCESS    SUCCESS
 * </pre>
 *
 * {@code TestOps.test_add} (test_ops.py) passed on c1, failed on c2 ("AssertionError: 3 != 4"), failed then passed
 * on c3. Pull request #42 had two heads on its own branch: p1 (build failed), then p2 (build and test passed).
 */
final class UiHistory {

    static final String BUILD = "linux / build";
    static final String TEST1 = "linux / test (default, 1, 2, linux.2xlarge)";
    static final String TEST2 = "linux / test (default, 2, 2, linux.2xlarge)";
    static final String WIN = "win / build";
    static final String MAC = "mac / test";
    /** Columns in HUD order (display names sorted). */
    static final List<String> COLUMNS = List.of("pull / " + BUILD, "pull / " + TEST1, "pull / " + TEST2,
            "pull / " + WIN, "trunk / " + MAC);
    static final List<String> TITLES = List.of("Add CI statistics schema", "Fuse add and mul kernels",
            "Speed up CI (#42)", "Update docs");
    static final String FAILURE_MESSAGE = "AssertionError: 3 != 4";

    final String repo;
    final String c1 = sha();
    final String c2 = sha();
    final String c3 = sha();
    final String c4 = sha();
    final String p1 = sha();
    final String p2 = sha();
    final Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(6, ChronoUnit.HOURS);
    private final long prGithubId = HistoryBuilder.nextId();
    /** linux/test 1 on c2: failed after 1m 00s in the queue and 10m 00s running, with one failed test. */
    long failedTestJob;
    long flakyFirstAttempt;
    long winCancelled;

    private UiHistory(String repo) {
        this.repo = repo;
    }

    /** Builds the history in a new repository {@code <owner>/r<random>} (test classes share the database). */
    static UiHistory build(String owner) {
        UiHistory h = new UiHistory(owner + "/r" + UUID.randomUUID().toString().substring(0, 8));
        h.send();
        return h;
    }

    private void send() {
        List<String> linux = List.of("linux.2xlarge");
        List<String> win = List.of("windows.4xlarge");
        List<String> mac = List.of("macos-14");

        // Pull request #42: two heads on its own branch. Sent first: every event names the repository's default
        // branch as its builder's branch, and main's events must be the last word.
        HistoryBuilder branch = new HistoryBuilder(repo, "speed-up-ci");
        branch.job(p1, HistoryBuilder.nextId(), 1, "pull", BUILD, "completed", "failure", at(30), at(31), at(35),
                linux);
        long p2Run = HistoryBuilder.nextId();
        branch.job(p2, p2Run, 1, "pull", BUILD, "completed", "success", at(90), at(91), at(95), linux);
        branch.job(p2, p2Run, 1, "pull", TEST1, "completed", "success", at(90), at(91), at(100), linux);
        pullRequest("opened", p1, at(30));
        pullRequest("synchronize", p2, at(90));

        HistoryBuilder main = new HistoryBuilder(repo, "main");
        List<String> shas = List.of(c1, c2, c3, c4);
        List<String> authors = List.of("alice", "bob", "carol", "dave");
        for (int i = 0; i < shas.size(); i++) {
            main.push(at(i * 60), List.of(shas.get(i)), authors.get(i), List.of(TITLES.get(i)));
        }

        // c1: all green.
        long run = HistoryBuilder.nextId();
        done(main, c1, run, 1, BUILD, "success", 0, 300, linux);
        long c1Test = done(main, c1, run, 1, TEST1, "success", 0, 900, linux);
        done(main, c1, run, 1, TEST2, "success", 0, 800, linux);
        done(main, c1, run, 1, WIN, "success", 0, 400, win);
        main.job(c1, HistoryBuilder.nextId(), 1, "trunk", MAC, "completed", "success", at(0), at(1), at(20), mac);

        // c2: linux/test 1 fails, win/build is cancelled.
        run = HistoryBuilder.nextId();
        done(main, c2, run, 1, BUILD, "success", 60, 300, linux);
        failedTestJob = main.job(c2, run, 1, "pull", TEST1, "completed", "failure", at(60), at(61), at(71), linux);
        done(main, c2, run, 1, TEST2, "success", 60, 800, linux);
        winCancelled = done(main, c2, run, 1, WIN, "cancelled", 60, 100, win);
        main.job(c2, HistoryBuilder.nextId(), 1, "trunk", MAC, "completed", "success", at(60), at(61), at(80), mac);

        // c3 (#42): linux/test 1 fails, then passes on a rerun (flaky); linux/test 2 times out.
        run = HistoryBuilder.nextId();
        done(main, c3, run, 1, BUILD, "success", 120, 300, linux);
        flakyFirstAttempt = main.job(c3, run, 1, "pull", TEST1, "completed", "failure", at(120), at(121), at(130),
                linux);
        long flakySecond = main.job(c3, run, 2, "pull", TEST1, "completed", "success", at(135), at(136), at(146),
                linux);
        main.job(c3, run, 1, "pull", TEST2, "completed", "timed_out", at(120), at(121), at(181), linux);
        done(main, c3, run, 1, WIN, "success", 120, 400, win);
        main.job(c3, HistoryBuilder.nextId(), 1, "trunk", MAC, "completed", "success", at(120), at(121), at(140),
                mac);

        // c4: still going.
        run = HistoryBuilder.nextId();
        Instant now = Instant.now();
        main.job(c4, run, 1, "pull", BUILD, "in_progress", null, now.minusSeconds(300), now.minusSeconds(240), null,
                linux);
        main.job(c4, run, 1, "pull", TEST1, "queued", null, now.minusSeconds(200), null, null, linux);
        main.job(c4, run, 1, "pull", WIN, "completed", "skipped", now.minusSeconds(300), now.minusSeconds(300),
                now.minusSeconds(300), win);

        // Reports, in the order CI would upload them (history is newest first by arrival).
        main.report(c1, c1Test, TEST1, List.of(
                HistoryBuilder.testCase("test_ops.py", "TestOps", "test_add", "passed", 3.0, null),
                HistoryBuilder.testCase("test_ops.py", "TestOps", "test_mul", "passed", 2.0, null),
                HistoryBuilder.testCase("test_nn.py", "TestNN", "test_conv", "passed", 4.0, null)), "platform=linux");
        main.report(c2, failedTestJob, TEST1, List.of(
                HistoryBuilder.testCase("test_ops.py", "TestOps", "test_add", "failed", 3.5, FAILURE_MESSAGE),
                HistoryBuilder.testCase("test_ops.py", "TestOps", "test_mul", "passed", 2.1, null),
                HistoryBuilder.testCase("test_nn.py", "TestNN", "test_conv", "passed", 4.2, null)), "platform=linux");
        main.report(c3, flakyFirstAttempt, TEST1, List.of(
                HistoryBuilder.testCase("test_ops.py", "TestOps", "test_add", "failed", 3.2, "RuntimeError: boom"),
                HistoryBuilder.testCase("test_ops.py", "TestOps", "test_mul", "passed", 2.0, null),
                HistoryBuilder.testCase("test_nn.py", "TestNN", "test_conv", "passed", 4.1, null)), "platform=linux");
        main.report(c3, flakySecond, TEST1, List.of(
                HistoryBuilder.testCase("test_ops.py", "TestOps", "test_add", "passed", 3.1, null),
                HistoryBuilder.testCase("test_ops.py", "TestOps", "test_mul", "passed", 2.0, null),
                HistoryBuilder.testCase("test_nn.py", "TestNN", "test_conv", "passed", 4.0, null)), "platform=linux");

    }

    /** A completed job of workflow "pull", created {@code minute} minutes after the start, 60 s in the queue. */
    private long done(HistoryBuilder h, String sha, long run, int attempt, String name, String conclusion, int minute,
            int seconds, List<String> labels) {
        Instant created = at(minute);
        return h.job(sha, run, attempt, "pull", name, "completed", conclusion, created, created.plusSeconds(60),
                created.plusSeconds(60 + seconds), labels);
    }

    private void pullRequest(String action, String head, Instant updated) {
        String body = """
                {"action": "%s", "number": 42, "repository": {"full_name": "%s"},
                 "pull_request": {"id": %d, "number": 42, "title": "Speed up CI", "state": "open",
                   "user": {"login": "carol"}, "head": {"sha": "%s", "ref": "speed-up-ci"}, "base": {"ref": "main"},
                   "merged": false, "draft": false, "created_at": "%s", "updated_at": "%s",
                   "html_url": "https://github.com/%s/pull/42"}}
                """.formatted(action, repo, prGithubId, head, at(30), updated, repo);
        Webhooks.deliver("pull_request", body.getBytes()).statusCode(200);
    }

    /** A random 40-hex sha, so that short shas differ as they do in real repositories. */
    private static String sha() {
        return (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "").substring(0, 40);
    }

    Instant at(int minutes) {
        return start.plus(minutes, ChronoUnit.MINUTES);
    }
}
