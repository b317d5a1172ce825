package dev.greenboard.api.testhealth;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
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

import dev.greenboard.metrics.flaky.FlakyTestsConfig;
import dev.greenboard.model.database.Sql;
import dev.greenboard.model.database.TestDatabase;
import dev.greenboard.testkit.GraphQL;

/**
 * {@code flakyTests}, {@code platformSmokeTests} and {@code testTimeRegressions} read the rows of the flaky-tests,
 * platform-smoke-tests and test-time-regressions rollups: ordered, paged, and only for the windows the rollups compute.
 * The rows are those metrics-jobs' TestHealthRollupsTest shows the rollups write for its hand-computed history (c5, c6,
 * c7 are its commits), written here directly so that only the read is under test.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestHealthApiTest {

    private static final double EXACT = 1e-12;
    /** RestAssured reads decimals as floats unless told otherwise; the Wilson bounds and p-values need doubles. */
    private static final JsonPathConfig DOUBLES = new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE);
    private static final Instant C5 = Instant.parse("2026-11-05T06:00:00Z");
    private static final Instant C6 = Instant.parse("2026-11-06T00:00:00Z");
    private static final Instant C7 = Instant.parse("2026-11-06T18:00:00Z");
    private static final LocalDate TODAY = LocalDate.parse("2026-11-07");
    private static final String FLAKY_TESTS = """
            query($repo: String!, $days: Int, $first: Int, $after: String) {
              flakyTests(repo: $repo, days: $days, first: $first, after: $after) {
                edges {
                  node {
                    test { file classname name }
                    state reasons runs failures flips lastFlakeAt failureRateLow failureRateHigh
                  }
                  cursor
                }
                pageInfo { hasNextPage endCursor }
              }
            }""";
    private static final String PLATFORM_SMOKE_TESTS = """
            query($repo: String!, $platform: String!, $days: Int, $first: Int, $after: String) {
              platformSmokeTests(repo: $repo, platform: $platform, days: $days, first: $first, after: $after) {
                edges {
                  node { test { file classname name } platform runs failures otherRuns otherFailures pValue }
                }
                pageInfo { hasNextPage endCursor }
              }
            }""";
    private static final String REGRESSIONS_OF_DAYS = """
            query($repo: String!, $days: Int) {
              testTimeRegressions(repo: $repo, days: $days) {
                edges { node { file currentFrom currentTo currentRuns currentMeanSeconds previousFrom previousTo
                               previousRuns previousMeanSeconds increaseSeconds increaseRatio } }
              }
            }""";
    private static final String REGRESSIONS = """
            query($repo: String!, $first: Int, $after: String) {
              testTimeRegressions(repo: $repo, first: $first, after: $after) {
                edges { node { file currentFrom currentTo currentRuns currentMeanSeconds previousFrom previousTo
                               previousRuns previousMeanSeconds increaseSeconds increaseRatio } }
                pageInfo { hasNextPage endCursor }
              }
            }""";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    FlakyTestsConfig flakyConfig;

    Sql sql;
    String repo;

    @BeforeEach
    void writeRollupRows() {
        if (repo != null) {
            return;
        }
        sql = new Sql(dataSource);
        repo = newRepository("a");
        // Inserted out of their listed order: the read sorts.
        health("test_rerun.py", "TestRerun", "test_rerun_flaky", "FLAKY", "{RERUN}", 9, 2, 0, C6.plusSeconds(600),
                0.06322510711784671, 0.5474110308930111);
        health("test_platform.py", "TestPlatform", "test_win_only", "BROKEN", "{CONSECUTIVE_FAILURES}", 16, 8, 0,
                null, 0.27999563610326017, 0.7200043638967398);
        health("test_flip.py", "TestFlip", "test_flip_flaky", "FLAKY", "{FLIP}", 8, 3, 2, C5.plusSeconds(600),
                0.13684428582359742, 0.6942576053973727);
        health("test_disabled.py", "TestDisabled", "test_disabled_by_issue", "DISABLED", "{}", 8, 0, 0, null, 0.0,
                0.32440756488388023);
        health("test_distributed.py", "TestDistributed", "test_rerun_attempt", "FLAKY", "{RERUN}", 9, 1, 0,
                C7.plusSeconds(1560), 0.019890887638544907, 0.434999705576656);
        health("test_broken.py", "TestBroken", "test_broken", "BROKEN", "{CONSECUTIVE_FAILURES}", 8, 3, 0, null,
                0.13684428582359742, 0.6942576053973727);
        smoke("test_platform.py", "TestPlatform", "test_portable", "windows", 12, 6, 12, 0, 0.0068);
        smoke("test_platform.py", "TestPlatform", "test_win_only", "windows", 11, 11, 11, 0, 1.0 / 705432);
        regression("test_new.py", 3, 35.0, 2, 0.0, null);
        regression("test_slow.py", 8, 140.0, 3, 100.0, 0.4);
    }

    /** The test's identity, created on first use as ingest creates it. */
    private long test(String file, String classname, String name) {
        return ((Number) sql.row("""
                insert into test_identity (repo_id, file, classname, name) values (repository_id(?), ?, ?, ?)
                on conflict (repo_id, identity_hash) do update set name = excluded.name
                returning id""", repo, file, classname, name).get("id")).longValue();
    }

    private void health(String file, String classname, String name, String state, String reasons, int runs,
            int failures, int flips, Instant lastFlakeAt, double low, double high) {
        sql.execute("""
                insert into test_health (repo_id, window_days, test_id, state, reasons, runs, failures, flips,
                    last_flake_at, failure_rate_low, failure_rate_high, updated_at)
                values (repository_id(?), 7, ?, ?, ?::text[], ?, ?, ?, ?, ?, ?, now())""", repo,
                test(file, classname, name), state, reasons, runs, failures, flips,
                lastFlakeAt == null ? null : lastFlakeAt.atOffset(ZoneOffset.UTC), low, high);
    }

    private void smoke(String file, String classname, String name, String platform, int runs, int failures,
            int otherRuns, int otherFailures, double pValue) {
        sql.execute("""
                insert into platform_smoke_test (repo_id, window_days, platform, test_id, runs, failures, other_runs,
                    other_failures, p_value, updated_at)
                values (repository_id(?), 14, ?, ?, ?, ?, ?, ?, ?, now())""", repo, platform,
                test(file, classname, name), runs, failures, otherRuns, otherFailures, pValue);
    }

    private void regression(String file, int currentRuns, double currentMean, int previousRuns, double previousMean,
            Double ratio) {
        sql.execute("""
                insert into test_time_regression (repo_id, file, current_from, current_to, current_runs,
                    current_mean_seconds, previous_from, previous_to, previous_runs, previous_mean_seconds,
                    increase_seconds, increase_ratio, updated_at)
                values (repository_id(?), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())""", repo, file, TODAY.minusDays(6),
                TODAY, currentRuns, currentMean, TODAY.minusDays(13), TODAY.minusDays(7), previousRuns, previousMean,
                currentMean - previousMean, ratio);
    }

    /** As {@link GraphQL#data}, with decimals read as doubles (its JsonPath reads them as floats). */
    private static JsonPath data(String query, Object... variables) {
        Map<String, Object> vars = new HashMap<>();
        for (int i = 0; i < variables.length; i += 2) {
            vars.put((String) variables[i], variables[i + 1]);
        }
        String body = given().contentType("application/json").body(Map.of("query", query, "variables", vars))
                .post("/graphql").then().statusCode(200).extract().asString();
        JsonPath response = new JsonPath(body).using(DOUBLES);
        assertNull(response.get("errors"), body);
        return response.setRootPath("data");
    }

    private JsonPath flakyTests(Integer first, String after) {
        return data(FLAKY_TESTS, "repo", repo, "days", 7, "first", first, "after", after);
    }

    /** Disabled first, then broken, then flaky, each by file, class and name; paged 4 + 2. */
    @Test
    void flakyTestsListsTheRowsInPrecedenceOrderPageByPage() {
        JsonPath page1 = flakyTests(4, null);
        assertTrue(page1.getBoolean("flakyTests.pageInfo.hasNextPage"));
        JsonPath page2 = flakyTests(4, page1.getString("flakyTests.pageInfo.endCursor"));
        assertFalse(page2.getBoolean("flakyTests.pageInfo.hasNextPage"));
        List<Map<String, Object>> nodes = new ArrayList<>(page1.getList("flakyTests.edges.node"));
        nodes.addAll(page2.getList("flakyTests.edges.node"));

        assertEquals(List.of("test_disabled_by_issue", "test_broken", "test_win_only", "test_rerun_attempt",
                "test_flip_flaky", "test_rerun_flaky"),
                nodes.stream().map(n -> ((Map<?, ?>) n.get("test")).get("name")).toList());
        assertHealth(nodes.get(0), "test_disabled.py", "TestDisabled", "DISABLED", List.of(), 8, 0, 0, null, 0.0,
                0.32440756488388023);
        assertHealth(nodes.get(1), "test_broken.py", "TestBroken", "BROKEN", List.of("CONSECUTIVE_FAILURES"), 8, 3,
                0, null, 0.13684428582359742, 0.6942576053973727);
        assertHealth(nodes.get(2), "test_platform.py", "TestPlatform", "BROKEN", List.of("CONSECUTIVE_FAILURES"), 16,
                8, 0, null, 0.27999563610326017, 0.7200043638967398);
        assertHealth(nodes.get(3), "test_distributed.py", "TestDistributed", "FLAKY", List.of("RERUN"), 9, 1, 0,
                C7.plusSeconds(1560), 0.019890887638544907, 0.434999705576656);
        assertHealth(nodes.get(4), "test_flip.py", "TestFlip", "FLAKY", List.of("FLIP"), 8, 3, 2,
                C5.plusSeconds(600), 0.13684428582359742, 0.6942576053973727);
        assertHealth(nodes.get(5), "test_rerun.py", "TestRerun", "FLAKY", List.of("RERUN"), 9, 2, 0,
                C6.plusSeconds(600), 0.06322510711784671, 0.5474110308930111);
        // The default window is 7 days, the default page 50.
        assertEquals(6, data(FLAKY_TESTS, "repo", repo).getList("flakyTests.edges").size());
    }

    private static void assertHealth(Map<String, Object> node, String file, String classname, String state,
            List<String> reasons, int runs, int failures, int flips, Instant lastFlakeAt, double low, double high) {
        Map<?, ?> test = (Map<?, ?>) node.get("test");
        String name = (String) test.get("name");
        assertEquals(file, test.get("file"), name);
        assertEquals(classname, test.get("classname"), name);
        assertEquals(state, node.get("state"), name);
        assertEquals(reasons, node.get("reasons"), name);
        assertEquals(runs, node.get("runs"), name + " runs");
        assertEquals(failures, node.get("failures"), name + " failures");
        assertEquals(flips, node.get("flips"), name + " flips");
        assertEquals(lastFlakeAt, node.get("lastFlakeAt") == null
                ? null
                : Instant.parse((String) node.get(
                        "lastFlakeAt")),
                name + " lastFlakeAt");
        assertEquals(low, ((Number) node.get("failureRateLow")).doubleValue(), EXACT, name + " low");
        assertEquals(high, ((Number) node.get("failureRateHigh")).doubleValue(), EXACT, name + " high");
    }

    @Test
    void flakyTestsAnswersForDaysUpToTheRetentionAndItsOwnCursors() {
        for (int days : List.of(0, 91, -1)) {
            JsonPath window = GraphQL.raw(FLAKY_TESTS, "repo", repo, "days", days);
            assertEquals("BAD_USER_INPUT", window.getString("errors[0].extensions.code"), window.prettify());
            assertEquals("days must be between 1 and 90 (the days of test results kept,"
                    + " greenboard.retention.test-result-days), got " + days, window.getString("errors[0].message"));
        }
        JsonPath cursor = GraphQL.raw(FLAKY_TESTS, "repo", repo, "after", "not-a-cursor");
        assertEquals("BAD_USER_INPUT", cursor.getString("errors[0].extensions.code"), cursor.prettify());
        assertTrue(cursor.getString("errors[0].message").contains("is not one this list gave out"),
                cursor.getString("errors[0].message"));
        JsonPath size = GraphQL.raw(FLAKY_TESTS, "repo", repo, "first", 501);
        assertEquals("BAD_USER_INPUT", size.getString("errors[0].extensions.code"), size.prettify());
        JsonPath unknown = GraphQL.raw(FLAKY_TESTS, "repo", repo + "-nope");
        assertEquals("NOT_FOUND", unknown.getString("errors[0].extensions.code"), unknown.prettify());
    }

    /** Smallest p-value first; the platform is matched without regard to case; other platforms have no rows. */
    @Test
    void platformSmokeTestsListsTheRowsOfThePlatform() {
        JsonPath first = data(PLATFORM_SMOKE_TESTS, "repo", repo, "platform", "Windows", "days", 14, "first", 1);
        assertEquals(1, first.getList("platformSmokeTests.edges").size());
        assertTrue(first.getBoolean("platformSmokeTests.pageInfo.hasNextPage"));
        assertEquals("test_win_only", first.getString("platformSmokeTests.edges[0].node.test.name"));
        assertEquals("test_platform.py", first.getString("platformSmokeTests.edges[0].node.test.file"));
        assertEquals("TestPlatform", first.getString("platformSmokeTests.edges[0].node.test.classname"));
        assertEquals("windows", first.getString("platformSmokeTests.edges[0].node.platform"));
        assertEquals(List.of(11, 11, 11, 0), List.of(first.getInt("platformSmokeTests.edges[0].node.runs"),
                first.getInt("platformSmokeTests.edges[0].node.failures"),
                first.getInt("platformSmokeTests.edges[0].node.otherRuns"),
                first.getInt("platformSmokeTests.edges[0].node.otherFailures")));
        assertEquals(1.0 / 705432, first.getDouble("platformSmokeTests.edges[0].node.pValue"), 1e-15);

        JsonPath second = data(PLATFORM_SMOKE_TESTS, "repo", repo, "platform", "windows", "first", 1, "after",
                first.getString("platformSmokeTests.pageInfo.endCursor"));
        assertEquals(List.of("test_portable"), second.getList("platformSmokeTests.edges.node.test.name"));
        assertEquals(0.0068, second.getDouble("platformSmokeTests.edges[0].node.pValue"), EXACT);
        assertFalse(second.getBoolean("platformSmokeTests.pageInfo.hasNextPage"));

        assertEquals(List.of(), data(PLATFORM_SMOKE_TESTS, "repo", repo, "platform", "linux")
                .getList("platformSmokeTests.edges"));
        JsonPath window = GraphQL.raw(PLATFORM_SMOKE_TESTS, "repo", repo, "platform", "windows", "days", 91);
        assertEquals("BAD_USER_INPUT", window.getString("errors[0].extensions.code"), window.prettify());
        assertTrue(window.getString("errors[0].message").contains("greenboard.retention.test-result-days"),
                window.getString("errors[0].message"));
    }

    /** Largest increase first: test_slow.py 100 -> 140 s (+40 s, +40%), then test_new.py 0 -> 35 s (no ratio). */
    @Test
    void testTimeRegressionsListsTheLargestIncreaseFirst() {
        JsonPath first = data(REGRESSIONS, "repo", repo, "first", 1);
        assertTrue(first.getBoolean("testTimeRegressions.pageInfo.hasNextPage"));
        Map<String, Object> slow = first.getMap("testTimeRegressions.edges[0].node");
        assertEquals("test_slow.py", slow.get("file"));
        assertEquals(TODAY.minusDays(6).toString(), slow.get("currentFrom"));
        assertEquals(TODAY.toString(), slow.get("currentTo"));
        assertEquals(TODAY.minusDays(13).toString(), slow.get("previousFrom"));
        assertEquals(TODAY.minusDays(7).toString(), slow.get("previousTo"));
        assertEquals(8, slow.get("currentRuns"));
        assertEquals(3, slow.get("previousRuns"));
        assertEquals(140.0, ((Number) slow.get("currentMeanSeconds")).doubleValue(), EXACT);
        assertEquals(100.0, ((Number) slow.get("previousMeanSeconds")).doubleValue(), EXACT);
        assertEquals(40.0, ((Number) slow.get("increaseSeconds")).doubleValue(), EXACT);
        assertEquals(0.4, ((Number) slow.get("increaseRatio")).doubleValue(), EXACT);

        JsonPath second = data(REGRESSIONS, "repo", repo, "first", 1, "after",
                first.getString("testTimeRegressions.pageInfo.endCursor"));
        assertFalse(second.getBoolean("testTimeRegressions.pageInfo.hasNextPage"));
        assertEquals("test_new.py", second.getString("testTimeRegressions.edges[0].node.file"));
        assertEquals(35.0, second.getDouble("testTimeRegressions.edges[0].node.increaseSeconds"), EXACT);
        assertNull(second.get("testTimeRegressions.edges[0].node.increaseRatio"));
    }

    /**
     * Windows that are not precomputed are answered from the daily aggregates, written here as the test-stats rollup
     * writes them (metrics-jobs tests the rollup and the window computations on a history built through ingest).
     * <ul>
     * <li>test_any.py/TestAny/test_win, 20 days ago: 10 runs, 10 failures on windows; 10 runs, 0 failures on linux.
     * Fisher [[10, 0], [0, 10]]: P = 1 / C(20, 10) = 1 / 184756. Inside the 30- and 90-day windows only.</li>
     * <li>test_any.py in two default-branch executions: 100 s 40 days ago, 200 s 20 days ago. Periods of 30 days:
     * current today-29..today 200 s, previous today-59..today-30 100 s: +100 s, +100%. Periods of 1, 3, 14 days have
     * no run of it in the current period; of 90 days, none in the previous one.</li>
     * <li>test_any_disabled, disabled through the API: DISABLED in every window, with no runs. test_win failed in
     * the 30- and 90-day windows, but none of its raw results did (there are none): healthy.</li>
     * </ul>
     */
    @Test
    void anyWindowIsAnsweredFromTheDailyAggregates() {
        String other = newRepository("w");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        long win = testOf(other, "test_any.py", "TestAny", "test_win");
        testOf(other, "test_any.py", "TestAny", "test_any_disabled");
        windowsOnlyFailures(other, today.minusDays(20), win);
        sql.execute("""
                insert into test_file_execution_day (repo_id, day, file, on_default, execution, seconds, timed, reports)
                values (repository_id(?), ?, 'test_any.py', true, 1, 100, 1, 1),
                       (repository_id(?), ?, 'test_any.py', true, 2, 200, 1, 1)""", other, today.minusDays(40),
                other, today.minusDays(20));
        sql.execute("""
                insert into disabled_test (repo_id, test_key, test_name, test_class, source, active)
                values (repository_id(?), 'test_any_disabled (__main__.TestAny)', 'test_any_disabled', 'TestAny',
                        'api', true)""", other);

        // A window the flaky-tests rollup precomputes is read from its table, which this test leaves empty (30 days
        // by default): 29 days stands in for it here, with the same runs in it.
        for (int days : List.of(1, 3, 14, 30, 90)) {
            int flakyDays = flakyConfig.sortedWindows().contains(days) ? days - 1 : days;
            JsonPath flaky = data(FLAKY_TESTS, "repo", other, "days", flakyDays);
            assertEquals(List.of("test_any_disabled"), flaky.getList("flakyTests.edges.node.test.name"),
                    flakyDays + " days");
            assertEquals(List.of("DISABLED", 0, 0), List.of(flaky.getString("flakyTests.edges[0].node.state"),
                    flaky.getInt("flakyTests.edges[0].node.runs"), flaky.getInt("flakyTests.edges[0].node.failures")));
            assertNull(flaky.get("flakyTests.edges[0].node.failureRateLow"));

            JsonPath smoke = data(PLATFORM_SMOKE_TESTS, "repo", other, "platform", "windows", "days", days);
            if (days < 30) {
                assertEquals(List.of(), smoke.getList("platformSmokeTests.edges"), days + " days");
            } else {
                assertEquals(List.of("test_win"), smoke.getList("platformSmokeTests.edges.node.test.name"));
                assertEquals(List.of(10, 10, 10, 0), List.of(smoke.getInt("platformSmokeTests.edges[0].node.runs"),
                        smoke.getInt("platformSmokeTests.edges[0].node.failures"),
                        smoke.getInt("platformSmokeTests.edges[0].node.otherRuns"),
                        smoke.getInt("platformSmokeTests.edges[0].node.otherFailures")), days + " days");
                assertEquals(1.0 / 184756, smoke.getDouble("platformSmokeTests.edges[0].node.pValue"), 1e-15);
            }

            JsonPath regressions = data(REGRESSIONS_OF_DAYS, "repo", other, "days", days);
            if (days != 30) {
                assertEquals(List.of(), regressions.getList("testTimeRegressions.edges"), days + " days");
            } else {
                Map<String, Object> row = regressions.getMap("testTimeRegressions.edges[0].node");
                assertEquals("test_any.py", row.get("file"));
                assertEquals(today.minusDays(29).toString(), row.get("currentFrom"));
                assertEquals(today.minusDays(59).toString(), row.get("previousFrom"));
                assertEquals(today.minusDays(30).toString(), row.get("previousTo"));
                assertEquals(List.of(1, 1), List.of(row.get("currentRuns"), row.get("previousRuns")));
                assertEquals(200.0, ((Number) row.get("currentMeanSeconds")).doubleValue(), EXACT);
                assertEquals(100.0, ((Number) row.get("increaseSeconds")).doubleValue(), EXACT);
                assertEquals(1.0, ((Number) row.get("increaseRatio")).doubleValue(), EXACT);
            }
        }
    }

    /**
     * A computed window is kept until what it is computed from changes: rows that reach the aggregates without a run
     * of the fold are not seen, and are once the fold's run is recorded (as every run of it is, in rollup_state); a
     * test disabled meanwhile is seen at once.
     */
    @Test
    void aComputedWindowIsKeptUntilTheFoldRunsAgain() {
        String other = newRepository("c");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        long win = testOf(other, "test_cached.py", "TestCached", "test_win");
        assertEquals(List.of(), data(PLATFORM_SMOKE_TESTS, "repo", other, "platform", "windows", "days", 20)
                .getList("platformSmokeTests.edges"));

        windowsOnlyFailures(other, today.minusDays(2), win);
        assertEquals(List.of(), data(PLATFORM_SMOKE_TESTS, "repo", other, "platform", "windows", "days", 20)
                .getList("platformSmokeTests.edges"), "kept until the fold runs");

        sql.execute("""
                insert into rollup_state (rollup, watermark, updated_at) values ('test-stats', now(), now())
                on conflict (rollup) do update set updated_at = clock_timestamp()""");
        JsonPath smoke = data(PLATFORM_SMOKE_TESTS, "repo", other, "platform", "windows", "days", 20);
        assertEquals(List.of("test_win"), smoke.getList("platformSmokeTests.edges.node.test.name"));
        assertEquals(1.0 / 184756, smoke.getDouble("platformSmokeTests.edges[0].node.pValue"), 1e-15);

        // A test disabled between runs (the disableTest mutation) is in the next answer.
        assertEquals(List.of(), data(FLAKY_TESTS, "repo", other, "days", 20).getList("flakyTests.edges"));
        sql.execute("""
                insert into disabled_test (repo_id, test_key, test_name, test_class, source, active)
                values (repository_id(?), 'test_win (__main__.TestCached)', 'test_win', 'TestCached', 'api',
                        true)""", other);
        assertEquals(List.of("DISABLED"), data(FLAKY_TESTS, "repo", other, "days", 20)
                .getList("flakyTests.edges.node.state"));
    }

    /** A day of the test on the default branch, as the fold sums it: 10 runs, 10 failures on windows, 0 on linux. */
    private void windowsOnlyFailures(String repository, LocalDate day, long test) {
        for (Object[] row : new Object[][]{{"windows", 10}, {"linux", 0}}) {
            sql.execute("""
                    insert into test_day_stats (repo_id, day, test_id, on_default, platform, job_base, config, runs,
                        failures, errors, flakes, skips, total_seconds)
                    values (repository_id(?), ?, ?, true, ?, 'base', 'default', 10, ?, 0, 0, 0, 10)""", repository,
                    day, test, row[0], row[1]);
        }
    }

    /** A repository of its own, its name starting with {@code prefix}: each test reads only its own rows. */
    private String newRepository(String prefix) {
        String name = "ts/" + prefix + UUID.randomUUID().toString().substring(0, 8);
        sql.execute("insert into repository (full_name, owner, name) values (?, 'ts', ?)", name,
                name.substring("ts/".length()));
        return name;
    }

    private long testOf(String repository, String file, String classname, String name) {
        return ((Number) sql.row("""
                insert into test_identity (repo_id, file, classname, name) values (repository_id(?), ?, ?, ?)
                returning id""", repository, file, classname, name).get("id")).longValue();
    }
}
