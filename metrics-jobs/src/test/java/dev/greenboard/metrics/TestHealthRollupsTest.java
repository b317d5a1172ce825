package dev.greenboard.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.greenboard.metrics.disabled.DisabledTestsArtifact;
import dev.greenboard.metrics.flaky.FlakyTestsConfig;
import dev.greenboard.metrics.flaky.TestHealthVerdict;
import dev.greenboard.metrics.flaky.TestHealthWindow;
import dev.greenboard.metrics.flaky.WilsonInterval;
import dev.greenboard.metrics.platform.PlatformSmokeTestsArtifact;
import dev.greenboard.metrics.platform.PlatformSmokeTestsConfig;
import dev.greenboard.metrics.platform.PlatformSmokeWindow;
import dev.greenboard.metrics.regression.TestTimeRegressionsConfig;
import dev.greenboard.metrics.regression.TestTimeRegressionsWindow;
import dev.greenboard.metrics.rollup.RollupRunner;
import dev.greenboard.metrics.rollup.RollupRuns;
import dev.greenboard.metrics.stats.StatsArtifact;
import dev.greenboard.model.database.Sql;
import dev.greenboard.model.database.TestDatabase;
import dev.greenboard.testkit.Corpus;
import dev.greenboard.testkit.HistoryBuilder;
import dev.greenboard.testkit.Webhooks;

/**
 * The test-statistics rollups (disabled-tests, flaky-tests, platform-smoke-tests, test-time-regressions) and their
 * published files on one history built through ingest, with every expected number worked out by hand below. The
 * gateway's tests read these rows through GraphQL.
 *
 * <h2>The history</h2> Eleven commits on main, one push each: three old ones p1, p2, p3 pushed 12, 11 and 10 days ago
 * (outside the 7-day flaky window, inside the 14-day platform window and the previous 7-day period of the time
 * regressions), and eight recent ones c1..c8 pushed every 18 hours from 6 days ago (c1) to 18 hours ago (c8). Every
 * commit runs three jobs of workflow "trunk":
 * <ul>
 * <li>LINUX (runner linux.2xlarge, reports labelled platform=linux), done 10 minutes after the push;</li>
 * <li>WINDOWS (runner windows.4xlarge, no label: the platform comes from the runner), done after 15 minutes;</li>
 * <li>DIST (runner linux.2xlarge, no label), done after 11 minutes; on c7 its attempt 1 fails and attempt 2 passes (done
 * after 26 minutes).</li>
 * </ul>
 * Test outcomes on c1..c8 (P pass, F fail; all pass on p1..p3 except where said):
 *
 * <pre>
 * LINUX   test_rerun.py     TestRerun     test_rerun_flaky        P P flaky P P [F,P] P P   (c6: failed then passed)
 *         test_flip.py      TestFlip      test_flip_flaky         P F P F F P P P
 *         test_broken.py    TestBroken    test_broken             P P P P P F F F
 *         test_broken.py    TestBroken    test_fixed              P F F F P P P P           (a fixed breakage)
 *         test_platform.py  TestPlatform  test_win_only           P on all 11 commits
 *         test_slow.py      TestSlow      test_big                100 s on p1..p3, 140 s on c1..c8
 *         test_fast.py      TestFast      test_small              10 s on p1..p3, 14 s on c1..c8
 *         test_disabled.py  TestDisabled  test_disabled_by_issue  P   (issue #101, open)
 *         test_disabled.py  TestDisabled  test_reenabled          P   (issue #102, opened, then closed)
 * WINDOWS test_platform.py  TestPlatform  test_win_only           F on all 11 commits
 *         test_platform.py  TestPlatform  test_portable           P on all 11 commits
 * DIST    test_distributed.py TestDistributed test_rerun_attempt  P, except c7 attempt 1: F
 * </pre>
 *
 * Other test cases take 1 s. Issue #103, open, disables "test_module_named (test_other.TestOther)", a test that never
 * ran. The rollups run once, issue #102 is closed, they run a second and a third time.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestHealthRollupsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LINUX = "linux-jammy-py3.10 / test (default, 1, 1, linux.2xlarge)";
    private static final String WINDOWS = "win-vs2022-cpu-py3 / test (default, 1, 1, windows.4xlarge)";
    private static final String DIST = "linux-jammy-py3.10 / test (distributed, 1, 1, linux.2xlarge)";
    private static final List<String> TEST_ROLLUPS = List.of("test-stats", "disabled-tests", "flaky-tests",
            "platform-smoke-tests", "test-time-regressions");
    private static final double EXACT = 1e-12;

    @Inject
    RollupRunner runner;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    DisabledTestsArtifact disabledTestsFile;

    @Inject
    PlatformSmokeTestsArtifact platformSmokeTestsFile;

    @Inject
    FlakyTestsConfig flakyConfig;

    @Inject
    PlatformSmokeTestsConfig platformConfig;

    @Inject
    TestTimeRegressionsConfig regressionConfig;

    Sql sql;
    String repo;
    final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    /** p1, p2, p3, c1..c8. */
    final Instant[] pushed = new Instant[11];
    final String[] shas = new String[11];
    RollupRuns firstRun;
    RollupRuns secondRun;
    RollupRuns thirdRun;
    List<String> listedAfterFirstRun;

    /** Commit c{@code n} (1..8) is at index n + 2. */
    Instant c(int n) {
        return pushed[n + 2];
    }

    @BeforeEach
    void buildHistoryAndRunTheRollups() {
        if (repo != null) {
            return;
        }
        sql = new Sql(dataSource);
        repo = "ts/h" + UUID.randomUUID().toString().substring(0, 8);
        HistoryBuilder h = new HistoryBuilder(repo, "main");
        for (int k = 0; k < 11; k++) {
            pushed[k] = k < 3 ? now.minus(12 - k, ChronoUnit.DAYS) : now.minus(144 - 18 * (k - 3), ChronoUnit.HOURS);
            shas[k] = HistoryBuilder.sha("k" + k);
        }
        for (int k = 0; k < 11; k++) {
            commit(h, k);
        }
        issue(101, "DISABLED test_disabled_by_issue (__main__.TestDisabled)",
                "Platforms: linux, win\n\nThis test was disabled because it is failing on trunk.", "open",
                now.minus(2, ChronoUnit.DAYS));
        issue(102, "DISABLED test_reenabled (__main__.TestDisabled)", "Platforms: linux", "open",
                now.minus(2, ChronoUnit.DAYS));
        issue(103, "DISABLED test_module_named (test_other.TestOther)", "Flaky everywhere.", "open",
                now.minus(2, ChronoUnit.DAYS));
        firstRun = RollupRuns.runAll(runner, false);
        listedAfterFirstRun = listed();
        issue(102, "DISABLED test_reenabled (__main__.TestDisabled)", "Platforms: linux", "closed",
                now.minus(1, ChronoUnit.HOURS));
        secondRun = RollupRuns.runAll(runner, false);
        thirdRun = RollupRuns.runAll(runner, false);
    }

    private void commit(HistoryBuilder h, int k) {
        String sha = shas[k];
        Instant t = pushed[k];
        boolean old = k < 3;
        int c = k - 3;
        h.push(t, List.of(sha), "alice");
        long run = HistoryBuilder.nextId();

        List<String> linux = new ArrayList<>();
        if (!old && c == 2) {
            linux.add(line("test_rerun.py", "TestRerun", "test_rerun_flaky", "flaky", 1));
        } else if (!old && c == 5) {
            linux.add(line("test_rerun.py", "TestRerun", "test_rerun_flaky", "failed", 1));
            linux.add(line("test_rerun.py", "TestRerun", "test_rerun_flaky", "passed", 1));
        } else {
            linux.add(line("test_rerun.py", "TestRerun", "test_rerun_flaky", "passed", 1));
        }
        linux.add(line("test_flip.py", "TestFlip", "test_flip_flaky", outcome("PFPFFPPP", old, c), 1));
        linux.add(line("test_broken.py", "TestBroken", "test_broken", outcome("PPPPPFFF", old, c), 1));
        linux.add(line("test_broken.py", "TestBroken", "test_fixed", outcome("PFFFPPPP", old, c), 1));
        linux.add(line("test_platform.py", "TestPlatform", "test_win_only", "passed", 1));
        linux.add(line("test_slow.py", "TestSlow", "test_big", "passed", old ? 100 : 140));
        linux.add(line("test_fast.py", "TestFast", "test_small", "passed", old ? 10 : 14));
        linux.add(line("test_disabled.py", "TestDisabled", "test_disabled_by_issue", "passed", 1));
        linux.add(line("test_disabled.py", "TestDisabled", "test_reenabled", "passed", 1));
        long linuxJob = h.job(sha, run, 1, "trunk", LINUX, "completed", "failure", t.plusSeconds(60),
                t.plusSeconds(120), t.plusSeconds(600), List.of("linux.2xlarge"));
        h.report(sha, linuxJob, LINUX, linux, "platform=linux");

        long windowsJob = h.job(sha, run, 1, "trunk", WINDOWS, "completed", "failure", t.plusSeconds(60),
                t.plusSeconds(120), t.plusSeconds(900), List.of("windows.4xlarge"));
        h.report(sha, windowsJob, WINDOWS, List.of(
                line("test_platform.py", "TestPlatform", "test_win_only", "failed", 1),
                line("test_platform.py", "TestPlatform", "test_portable", "passed", 1)));

        boolean distFails = !old && c == 6;
        long distJob = h.job(sha, run, 1, "trunk", DIST, "completed", distFails ? "failure" : "success",
                t.plusSeconds(60), t.plusSeconds(120), t.plusSeconds(660), List.of("linux.2xlarge"));
        h.report(sha, distJob, DIST, List.of(line("test_distributed.py", "TestDistributed", "test_rerun_attempt",
                distFails ? "failed" : "passed", 1)));
        if (distFails) {
            long retry = h.job(sha, run, 2, "trunk", DIST, "completed", "success", t.plusSeconds(1000),
                    t.plusSeconds(1060), t.plusSeconds(1560), List.of("linux.2xlarge"));
            h.report(sha, retry, DIST, List.of(line("test_distributed.py", "TestDistributed", "test_rerun_attempt",
                    "passed", 1)));
        }
    }

    private static String outcome(String window, boolean old, int c) {
        return old || window.charAt(c) == 'P' ? "passed" : "failed";
    }

    private static String line(String file, String classname, String name, String status, double seconds) {
        return HistoryBuilder.testCase(file, classname, name, status, seconds, null);
    }

    /** An {@code issues} webhook as GitHub sends it (the fields Greenboard reads; see the issue_comment corpus). */
    private void issue(int number, String title, String body, String state, Instant updated) {
        ObjectNode payload = JSON.createObjectNode();
        payload.put("action", state.equals("open") ? "opened" : "closed");
        ObjectNode issue = payload.putObject("issue");
        issue.put("number", number);
        issue.put("id", HistoryBuilder.nextId());
        issue.put("title", title);
        issue.put("body", body);
        issue.put("state", state);
        issue.putObject("user").put("login", "pytorch-bot[bot]");
        issue.putArray("labels").addObject().put("name", "skipped");
        issue.put("created_at", now.minus(2, ChronoUnit.DAYS).toString());
        issue.put("updated_at", updated.toString());
        if (state.equals("closed")) {
            issue.put("closed_at", updated.toString());
        } else {
            issue.putNull("closed_at");
        }
        issue.put("html_url", "https://github.com/" + repo + "/issues/" + number);
        ObjectNode repository = payload.putObject("repository");
        repository.put("full_name", repo);
        repository.put("html_url", "https://github.com/" + repo);
        repository.put("default_branch", "main");
        Webhooks.deliver("issues", payload.toString().getBytes(StandardCharsets.UTF_8)).statusCode(200);
    }

    /** The names of the tests with a 7-day test_health row. */
    private List<String> listed() {
        return sql.rows("""
                select ti.name from test_health h join test_identity ti on ti.id = h.test_id
                 where h.repo_id = repository_id(?) and h.window_days = 7 order by ti.name""", repo).stream()
                .map(row -> (String) row.get("name")).toList();
    }

    private String render(StatsArtifact artifact, Map<String, String> params) {
        try (Connection connection = dataSource.getConnection()) {
            long repoId = ((Number) sql.row("select repository_id(?) as id", repo).get("id")).longValue();
            return artifact.render(connection, repoId, params);
        } catch (SQLException e) {
            throw new AssertionError("Rendering " + artifact.name() + " failed", e);
        }
    }

    @Test
    void everyTestRollupRanWithoutErrorAfterWhatItReads() {
        for (RollupRuns run : List.of(firstRun, secondRun, thirdRun)) {
            run.assertSucceeded(TEST_ROLLUPS);
        }
        List<String> order = firstRun.names();
        assertTrue(order.indexOf("disabled-tests") < order.indexOf("flaky-tests"), "flaky-tests reads the list");
    }

    @Test
    void closingAnIssueReEnablesItsTestIncrementally() {
        // Run 1 listed test_reenabled as DISABLED; closing issue #102 changes exactly one disabled_test row (it becomes
        // inactive) and, in flaky-tests, exactly one row (test_reenabled is healthy now: its row is deleted).
        assertTrue(listedAfterFirstRun.contains("test_reenabled"), listedAfterFirstRun::toString);
        assertEquals(1, secondRun.rows("disabled-tests"), secondRun.detail("disabled-tests"));
        // The re-enabled test's row, once per precomputed window.
        assertEquals(flakyConfig.sortedWindows().size(), secondRun.rows("flaky-tests"),
                secondRun.detail("flaky-tests"));
        assertFalse(listed().contains("test_reenabled"));
        assertEquals(List.of(Map.of("issue_number", 101, "active", true), Map.of("issue_number", 102, "active", false),
                Map.of("issue_number", 103, "active", true)), sql.rows("""
                        select issue_number, active from disabled_test where repo_id = repository_id(?)
                         order by issue_number""", repo));
    }

    @Test
    void aSecondRunWithNoNewDataWritesNothing() {
        for (String rollup : TEST_ROLLUPS) {
            assertEquals(0, thirdRun.rows(rollup), () -> rollup + " wrote rows: " + thirdRun.detail(rollup));
        }
    }

    /**
     * Over the 7-day window (c1..c8), default-branch executions only; a flaky result counts as a failure.
     * <ul>
     * <li>test_disabled_by_issue: issue #101 → DISABLED, no reasons; 8 runs, 0 failures; Wilson(0/8) = [0,
     * 3.841459 / 11.841459 = 0.324408]</li>
     * <li>test_broken: P P P P P F F F: the newest 3 fail → BROKEN [CONSECUTIVE_FAILURES]; 8 runs, 3 failures, no flip;
     * Wilson(3/8) = [0.136844, 0.694258]</li>
     * <li>test_win_only: WINDOWS F×8 at its head → BROKEN [CONSECUTIVE_FAILURES]; LINUX 8 + WINDOWS 8 = 16 runs, 8
     * failures; Wilson(8/16) = (8 + 1.920729 ∓ 1.959964 √(4 + 0.960365)) / 19.841459 = [0.279996, 0.720004]</li>
     * <li>test_rerun_attempt: DIST c7 attempt 1 F, attempt 2 P → RERUN; 8 + 1 = 9 runs, 1 failure; c7 passed in the
     * end, so no flip; last flake = attempt 2, c7 + 1560 s; Wilson(1/9) = [0.019891, 0.435000]</li>
     * <li>test_flip_flaky: P F P F F P P P → two flips (c2; c4-c5), last flake = c5's LINUX job, c5 + 600 s; 8 runs, 3
     * failures; Wilson(3/8) = [0.136844, 0.694258]</li>
     * <li>test_rerun_flaky: flaky on c3, failed then passed on c6 → RERUN; 8 + 1 = 9 runs, 2 failures (the flaky result
     * and the failed one); last flake = c6 + 600 s; Wilson(2/9) = (2 + 1.920729 ∓ 1.959964 √(1.555556 + 0.960365)) /
     * 12.841459 = [0.063225, 0.547411]</li>
     * <li>healthy, no row: test_fixed (its F F F run is a breakage that was fixed, not a flip), test_portable,
     * test_big, test_small, and test_reenabled (issue #102 closed).</li>
     * </ul>
     */
    @Test
    void flakyTestsHasARowForEveryTestThatIsNotHealthy() throws SQLException {
        Map<String, Map<String, Object>> rows = new LinkedHashMap<>();
        for (Map<String, Object> row : sql.rows("""
                select ti.file, ti.classname, ti.name, h.state, h.reasons, h.runs, h.failures, h.flips, h.last_flake_at,
                       h.failure_rate_low, h.failure_rate_high
                  from test_health h join test_identity ti on ti.id = h.test_id
                 where h.repo_id = repository_id(?) and h.window_days = 7 order by ti.name""", repo)) {
            rows.put((String) row.get("name"), row);
        }
        assertEquals(List.of("test_broken", "test_disabled_by_issue", "test_flip_flaky", "test_rerun_attempt",
                "test_rerun_flaky", "test_win_only"), List.copyOf(rows.keySet()));
        assertHealth(rows.get("test_disabled_by_issue"), "test_disabled.py", "TestDisabled", "DISABLED", List.of(), 8,
                0, 0, null, 0.0, 0.32440756488388023);
        assertHealth(rows.get("test_broken"), "test_broken.py", "TestBroken", "BROKEN", List.of("CONSECUTIVE_FAILURES"),
                8, 3, 0, null, 0.13684428582359742, 0.6942576053973727);
        assertHealth(rows.get("test_win_only"), "test_platform.py", "TestPlatform", "BROKEN",
                List.of("CONSECUTIVE_FAILURES"), 16, 8, 0, null, 0.27999563610326017, 0.7200043638967398);
        assertHealth(rows.get("test_rerun_attempt"), "test_distributed.py", "TestDistributed", "FLAKY",
                List.of("RERUN"), 9, 1, 0, c(7).plusSeconds(1560), 0.019890887638544907, 0.434999705576656);
        assertHealth(rows.get("test_flip_flaky"), "test_flip.py", "TestFlip", "FLAKY", List.of("FLIP"), 8, 3, 2,
                c(5).plusSeconds(600), 0.13684428582359742, 0.6942576053973727);
        assertHealth(rows.get("test_rerun_flaky"), "test_rerun.py", "TestRerun", "FLAKY", List.of("RERUN"), 9, 2, 0,
                c(6).plusSeconds(600), 0.06322510711784671, 0.5474110308930111);
    }

    private static void assertHealth(Map<String, Object> row, String file, String classname, String state,
            List<String> reasons, int runs, int failures, int flips, Instant lastFlakeAt, double low, double high)
            throws SQLException {
        String name = (String) row.get("name");
        assertEquals(file, row.get("file"), name);
        assertEquals(classname, row.get("classname"), name);
        assertEquals(state, row.get("state"), name);
        assertEquals(reasons, List.of((String[]) ((Array) row.get("reasons")).getArray()), name);
        assertEquals(runs, row.get("runs"), name + " runs");
        assertEquals(failures, row.get("failures"), name + " failures");
        assertEquals(flips, row.get("flips"), name + " flips");
        Timestamp lastFlake = (Timestamp) row.get("last_flake_at");
        assertEquals(lastFlakeAt, lastFlake == null ? null : lastFlake.toInstant(), name + " last_flake_at");
        assertEquals(low, (Double) row.get("failure_rate_low"), EXACT, name + " low");
        assertEquals(high, (Double) row.get("failure_rate_high"), EXACT, name + " high");
    }

    /**
     * Issues #101 (platforms linux, win) and #103 (no Platforms line: every platform; its module becomes __main__)
     * are open; #102 was closed. PyTorch's bytes: keys sorted, two-space indents, number as a string.
     */
    @Test
    void disabledTestsFileHasPyTorchsShapeAndBytes() throws IOException {
        String url = "https://github.com/" + repo + "/issues/";
        String expected = """
                {
                  "test_disabled_by_issue (__main__.TestDisabled)": [
                    "101",
                    "%1$s101",
                    [
                      "linux",
                      "win"
                    ]
                  ],
                  "test_module_named (__main__.TestOther)": [
                    "103",
                    "%1$s103",
                    []
                  ]
                }""".formatted(url);
        String file = render(disabledTestsFile, Map.of());
        assertEquals(expected, file);

        Map<String, List<Object>> ours = JSON.readValue(file, new TypeReference<>() {
        });
        Map<String, List<Object>> pytorchs = JSON.readValue(
                Corpus.bytes("pytorch-stats/disabled-tests-condensed.json"), new TypeReference<>() {
                });
        assertPyTorchShape(pytorchs);
        assertPyTorchShape(ours);
        assertEquals(List.of("101", url + "101", List.of("linux", "win")),
                ours.get("test_disabled_by_issue (__main__.TestDisabled)"));
    }

    /** Each value is [issue number as a string, issue url, [platform, ...]]. */
    private static void assertPyTorchShape(Map<String, List<Object>> file) {
        assertFalse(file.isEmpty());
        file.forEach((key, value) -> {
            assertTrue(key.matches("\\S+ \\(__main__\\.\\w+\\)"), key);
            assertEquals(3, value.size(), key);
            assertInstanceOf(String.class, value.get(0), key);
            assertTrue(((String) value.get(0)).matches("\\d+"), key);
            assertInstanceOf(String.class, value.get(1), key);
            assertInstanceOf(List.class, value.get(2), key);
            ((List<?>) value.get(2)).forEach(platform -> assertInstanceOf(String.class, platform, key));
        });
    }

    /** The list the file and GraphQL's disabledTests read: every issue's row, the closed one inactive. */
    @Test
    void disabledTestRowsNameTheTestAsPyTorchKeysIt() {
        List<Map<String, Object>> rows = sql.rows("""
                select test_key, test_name, test_class, source, issue_number, issue_url, array_to_string(platforms, ',')
                       as platforms, active
                  from disabled_test where repo_id = repository_id(?) order by issue_number""", repo);
        String url = "https://github.com/" + repo + "/issues/";
        assertEquals(List.of(
                disabledRow("test_disabled_by_issue (__main__.TestDisabled)", "test_disabled_by_issue", "TestDisabled",
                        101,
                        url + "101", "linux,win", true),
                disabledRow("test_reenabled (__main__.TestDisabled)", "test_reenabled", "TestDisabled", 102,
                        url + "102",
                        "linux", false),
                disabledRow("test_module_named (__main__.TestOther)", "test_module_named", "TestOther", 103,
                        url + "103", "",
                        true)),
                rows);
    }

    private static Map<String, Object> disabledRow(String key, String name, String className, int issue, String url,
            String platforms, boolean active) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("test_key", key);
        row.put("test_name", name);
        row.put("test_class", className);
        row.put("source", "issue");
        row.put("issue_number", issue);
        row.put("issue_url", url);
        row.put("platforms", platforms);
        row.put("active", active);
        return row;
    }

    /**
     * 14-day window, days p1..c8: test_win_only fails 11 of 11 on windows (from the runner label) and 0 of 11 on linux
     * (from the upload label). Fisher, [[11, 0], [0, 11]]: only x = 11 is possible, P = C(11,11) C(11,0) / C(22,11) =
     * 1 / 705432 = 1.41757e-6 < 0.01. On linux the rate is lower than elsewhere: not listed. test_portable and
     * test_rerun_attempt ran on one platform only: fewer than 10 runs elsewhere, not judged.
     */
    @Test
    void platformSmokeTestsFindTheWindowsOnlyFailure() {
        assertEquals(List.of(Map.of("window_days", 14, "platform", "windows", "name", "test_win_only", "runs", 11,
                "failures", 11, "other_runs", 11, "other_failures", 0)), sql.rows("""
                        select p.window_days, p.platform, ti.name, p.runs, p.failures, p.other_runs, p.other_failures
                          from platform_smoke_test p join test_identity ti on ti.id = p.test_id
                         where p.repo_id = repository_id(?)""", repo));
        assertEquals(1.0 / 705432, (Double) sql.row("""
                select p_value from platform_smoke_test where repo_id = repository_id(?)""", repo).get("p_value"),
                1e-15);

        String windows = render(platformSmokeTestsFile, Map.of("platform", "Windows"));
        Matcher p = Pattern.compile("\"p_value\": ([0-9.Ee-]+)").matcher(windows);
        assertTrue(p.find(), windows);
        assertEquals(1.0 / 705432, Double.parseDouble(p.group(1)), 1e-15);
        assertEquals("""
                {
                  "platform": "windows",
                  "tests": [
                    {
                      "file": "test_platform.py",
                      "classname": "TestPlatform",
                      "name": "test_win_only",
                      "runs": 11,
                      "failures": 11,
                      "other_runs": 11,
                      "other_failures": 0,
                      "p_value": P
                    }
                  ]
                }""", windows.replace(p.group(1), "P"));
        assertEquals("""
                {
                  "platform": "linux",
                  "tests": []
                }""", render(platformSmokeTestsFile, Map.of("platform", "linux", "days", "14")));
        IllegalArgumentException noPlatform = assertThrows(IllegalArgumentException.class,
                () -> render(platformSmokeTestsFile, Map.of()));
        assertEquals("Query parameter 'platform' is required, e.g. platform=windows", noPlatform.getMessage());
        // Windows that are not precomputed are judged from the aggregates: 30 days as 14 (the history is 12 days old).
        assertEquals(windows, render(platformSmokeTestsFile, Map.of("platform", "windows", "days", "30")));
        IllegalArgumentException otherWindow = assertThrows(IllegalArgumentException.class,
                () -> render(platformSmokeTestsFile, Map.of("platform", "windows", "days", "91")));
        assertEquals("days must be a number of days from 1 to 90, got '91' (greenboard.retention.test-result-days)",
                otherWindow.getMessage());
    }

    /**
     * Periods (UTC days): current = today-6..today (c1..c8), previous = today-13..today-7 (p1..p3). test_slow.py's time
     * per LINUX execution is test_big's: mean 3 × 100 / 3 = 100 s before, 8 × 140 / 8 = 140 s now; +40 s > 30 s and
     * +40% > 20%: flagged. test_fast.py: 10 → 14 s is +40% but only +4 s: not flagged. Every other file kept its time
     * (test_rerun.py: (7 × 1 + 2) / 8 = 1.125 s against 1 s).
     */
    @Test
    void testTimeRegressionsFlagTheSlowerFile() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        List<Map<String, Object>> rows = sql.rows("""
                select file, current_from, current_to, current_runs, current_mean_seconds, previous_from, previous_to,
                       previous_runs, previous_mean_seconds, increase_seconds, increase_ratio
                  from test_time_regression where repo_id = repository_id(?)""", repo);
        assertEquals(1, rows.size(), rows::toString);
        Map<String, Object> row = rows.get(0);
        assertEquals("test_slow.py", row.get("file"));
        assertEquals(today.minusDays(6), ((java.sql.Date) row.get("current_from")).toLocalDate());
        assertEquals(today, ((java.sql.Date) row.get("current_to")).toLocalDate());
        assertEquals(today.minusDays(13), ((java.sql.Date) row.get("previous_from")).toLocalDate());
        assertEquals(today.minusDays(7), ((java.sql.Date) row.get("previous_to")).toLocalDate());
        assertEquals(8, row.get("current_runs"));
        assertEquals(3, row.get("previous_runs"));
        assertEquals(140.0, (Double) row.get("current_mean_seconds"), EXACT);
        assertEquals(100.0, (Double) row.get("previous_mean_seconds"), EXACT);
        assertEquals(40.0, (Double) row.get("increase_seconds"), EXACT);
        assertEquals(0.4, (Double) row.get("increase_ratio"), EXACT);
    }

    /**
     * Any window, from the daily aggregates (what the gateway answers for windows that are not precomputed). Flaky,
     * counted back from the test's {@code now} (c1..c8 pushed 144 - 18k hours ago, jobs done 10-26 minutes later):
     * <ul>
     * <li>1 day: c8 only. test_broken fails once (not a streak of 3), test_win_only fails once on windows: healthy;
     * only test_disabled_by_issue (DISABLED, 1 run, 0 failures).</li>
     * <li>3 days: c5..c8. test_broken P F F F → BROKEN, 4 runs, 3 failures; test_win_only F×4 on windows → BROKEN, 8
     * runs, 4 failures; test_rerun_attempt (c7) → RERUN, 5 runs, 1 failure; test_rerun_flaky (c6 failed, passed) →
     * RERUN, 5 runs, 1 failure; test_flip_flaky F P P P: the failure has no pass before it, healthy; disabled: 4
     * runs.</li>
     * <li>14, 30 and 90 days: p1..p3 and c1..c8, all passing on p1..p3: 11 runs each (12 with a rerun); test_flip_flaky
     * → FLIP, 2 flips, 3 failures; test_win_only 22 runs, 11 failures.</li>
     * <li>7 days: exactly the precomputed rows.</li>
     * </ul>
     * Platform smoke tests: 1 and 3 days have fewer than 10 runs per side: none; 14, 30, 90 days: test_win_only
     * 11/11 on windows against 0/11. Regressions: every period but the precomputed 7 days compares equal times (or
     * has no previous period): none; 7 days gives the precomputed row.
     */
    @Test
    void anyWindowAnswersFromTheDailyAggregates() throws SQLException {
        long repoId = ((Number) sql.row("select repository_id(?) as id", repo).get("id")).longValue();
        TestHealthWindow window = new TestHealthWindow(flakyConfig);
        try (Connection connection = dataSource.getConnection()) {
            assertEquals(List.of("test_disabled_by_issue DISABLED [] 1 0 0"), health(window, connection, repoId, 1));
            assertEquals(List.of("test_broken BROKEN [CONSECUTIVE_FAILURES] 4 3 0",
                    "test_disabled_by_issue DISABLED [] 4 0 0", "test_rerun_attempt FLAKY [RERUN] 5 1 0",
                    "test_rerun_flaky FLAKY [RERUN] 5 1 0", "test_win_only BROKEN [CONSECUTIVE_FAILURES] 8 4 0"),
                    health(window, connection, repoId, 3));
            for (int days : List.of(14, 30, 90)) {
                assertEquals(List.of("test_broken BROKEN [CONSECUTIVE_FAILURES] 11 3 0",
                        "test_disabled_by_issue DISABLED [] 11 0 0", "test_flip_flaky FLAKY [FLIP] 11 3 2",
                        "test_rerun_attempt FLAKY [RERUN] 12 1 0", "test_rerun_flaky FLAKY [RERUN] 12 2 0",
                        "test_win_only BROKEN [CONSECUTIVE_FAILURES] 22 11 0"),
                        health(window, connection, repoId, days), days + " days");
            }
            List<String> precomputed = sql.rows("""
                    select ti.name || ' ' || h.state || ' [' || array_to_string(h.reasons, ', ') || '] ' || h.runs
                           || ' ' || h.failures || ' ' || h.flips as row
                    from test_health h join test_identity ti on ti.id = h.test_id
                    where h.repo_id = ? and h.window_days = 7 order by ti.name""", repoId).stream()
                    .map(row -> (String) row.get("row")).toList();
            assertEquals(precomputed, health(window, connection, repoId, 7));
            List<TestHealthWindow.Unhealthy> week = window.unhealthy(connection, repoId, 7, now);
            TestHealthVerdict flip = week.stream().filter(u -> u.name().equals("test_flip_flaky")).findFirst()
                    .orElseThrow().health();
            assertEquals(c(5).plusSeconds(600), flip.lastFlakeAt());
            assertEquals(WilsonInterval.of(3, 8), flip.failureRate());

            PlatformSmokeWindow platforms = new PlatformSmokeWindow(platformConfig);
            LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
            for (int days : List.of(1, 3)) {
                assertEquals(List.of(), platforms.judge(connection, new Long[]{repoId}, today.minusDays(days - 1L),
                        null), days + " days");
            }
            for (int days : List.of(14, 30, 90)) {
                List<PlatformSmokeWindow.Judged> judged = platforms.judge(connection, new Long[]{repoId},
                        today.minusDays(days - 1L), null);
                assertEquals(1, judged.size(), days + " days");
                PlatformSmokeWindow.Judged winOnly = judged.get(0);
                assertEquals(List.of("windows", 11, 11, 11, 0), List.of(winOnly.platform(), winOnly.runs(),
                        winOnly.failures(), winOnly.otherRuns(), winOnly.otherFailures()), days + " days");
                assertEquals(1.0 / 705432, winOnly.pValue(), 1e-15);
            }

            TestTimeRegressionsWindow regressions = new TestTimeRegressionsWindow(regressionConfig);
            for (int days : List.of(1, 3, 14, 30, 90)) {
                assertEquals(List.of(), regressions.find(connection, new Long[]{repoId},
                        TestTimeRegressionsWindow.Periods.of(today, days)), days + " days");
            }
            List<TestTimeRegressionsWindow.Regression> week7 = regressions.find(connection, new Long[]{repoId},
                    TestTimeRegressionsWindow.Periods.of(today, 7));
            assertEquals(1, week7.size());
            assertEquals(List.of("test_slow.py", 8, 140.0, 3, 100.0, 40.0, 0.4), List.of(week7.get(0).file(),
                    week7.get(0).currentRuns(), week7.get(0).currentMean(), week7.get(0).previousRuns(),
                    week7.get(0).previousMean(), week7.get(0).increase(), week7.get(0).ratio()));
        }
    }

    private List<String> health(TestHealthWindow window, Connection connection, long repoId, int days)
            throws SQLException {
        return window.unhealthy(connection, repoId, days, now).stream()
                .sorted(java.util.Comparator.comparing(TestHealthWindow.Unhealthy::name))
                .map(u -> u.name() + " " + u.health().state() + " " + u.health().reasons() + " " + u.health().runs()
                        + " " + u.health().failures() + " " + u.health().flips())
                .toList();
    }
}
