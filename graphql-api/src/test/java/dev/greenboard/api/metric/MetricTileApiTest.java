package dev.greenboard.api.metric;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
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
 * {@code metricTiles} on a hand-computed history of the default branch main, range Monday 2026-11-02 to Monday
 * 2026-11-09 (seven days):
 *
 * <pre>
 * commit_health on main:  z1 Oct 30 10:00 broken (before the range)
 *                         a1 Nov 2 10:00 green, a2 Nov 2 12:00 flaky, a3 Nov 3 09:00 broken, a4 Nov 3 11:00 broken,
 *                         a5 Nov 4 08:00 pending, a6 Nov 4 09:00 none
 *   finished in range a1..a4 = 4: broken 2/4 = 0.5, flaky 1/4 = 0.25, red 3/4 = 0.75
 *   newest commit a6 Nov 4 09:00; newest green or flaky a2 Nov 2 12:00: 45 h = 162000 s since green
 * on release: r1 Nov 5 green (another branch: neither newest nor green of main)
 * revert_stats: Nov 2 2 commits 0 reverts, Nov 3 2 and 1, Nov 4 2 and 0, Nov 9 5 and 3 (after the range): 1 of 6
 * push to refs/heads/main 2 h ago; a deleted main 10 min ago and a push to refs/heads/other 1 min ago don't count
 * disabled_test: 2 active, 1 enabled again
 * workflow_run, successful first attempts created in range: pull 600, 900, 1500 s (median 900), trunk 12000, 13000
 *   (median 12500), nightly 20000; left out: pull attempt 2 (100000 s), a failed pull (50 s), pull on Nov 10
 * last success on main: pull Nov 10 10:00, trunk Nov 3 10:00, nightly Nov 3 01:00 (successes on release Nov 20 and a
 *   failed trunk on main Nov 21 don't count): of pull and trunk, trunk is the stalest; of all, nightly
 * </pre>
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricTileApiTest {

    private static final Instant FROM = Instant.parse("2026-11-02T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-11-09T00:00:00Z");
    private static final JsonPathConfig DOUBLES = new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE);
    private static final AtomicLong IDS = new AtomicLong(System.nanoTime() % 1_000_000_000L * 1000);
    private static final String TILES = """
            query($repo: String!, $from: DateTime, $to: DateTime, $workflows: [String!]) {
              metricTiles(repo: $repo, from: $from, to: $to, workflows: $workflows) {
                repository branch from to workflows
                tiles { name title value unit count amber red thresholdsSet level detail }
              }
            }""";
    private static final String SET = """
            mutation($repo: String!, $tile: String!, $amber: Float, $red: Float) {
              setMetricThreshold(repo: $repo, tile: $tile, amber: $amber, red: $red) {
                name value amber red thresholdsSet level } }""";

    @Inject
    AgroalDataSource dataSource;

    Sql sql;
    String repo;
    Instant now;

    @BeforeEach
    void writeRows() {
        if (repo != null) {
            return;
        }
        sql = new Sql(dataSource);
        now = Instant.now();
        repo = "tiles/r" + UUID.randomUUID().toString().substring(0, 8);
        sql.execute("insert into repository (full_name, owner, name, default_branch) values (?, 'tiles', ?, 'main')",
                repo, repo.substring("tiles/".length()));
        health("main", "z1", "2026-10-30T10:00:00Z", "broken");
        health("main", "a1", "2026-11-02T10:00:00Z", "green");
        health("main", "a2", "2026-11-02T12:00:00Z", "flaky");
        health("main", "a3", "2026-11-03T09:00:00Z", "broken");
        health("main", "a4", "2026-11-03T11:00:00Z", "broken");
        health("main", "a5", "2026-11-04T08:00:00Z", "pending");
        health("main", "a6", "2026-11-04T09:00:00Z", "none");
        health("release", "r1", "2026-11-05T10:00:00Z", "green");
        reverts("2026-11-02", 2, 0);
        reverts("2026-11-03", 2, 1);
        reverts("2026-11-04", 2, 0);
        reverts("2026-11-09", 5, 3);
        push("refs/heads/main", now.minus(2, ChronoUnit.HOURS), false);
        push("refs/heads/main", now.minus(10, ChronoUnit.MINUTES), true);
        push("refs/heads/other", now.minus(1, ChronoUnit.MINUTES), false);
        disabled("test_a", true);
        disabled("test_b", true);
        disabled("test_c", false);
        run("pull", 1, "success", "2026-11-02T10:00:00Z", 600);
        run("pull", 1, "success", "2026-11-03T10:00:00Z", 900);
        run("pull", 1, "success", "2026-11-04T10:00:00Z", 1500);
        run("pull", 2, "success", "2026-11-04T11:00:00Z", 100000);
        run("pull", 1, "failure", "2026-11-04T12:00:00Z", 50);
        run("pull", 1, "success", "2026-11-10T10:00:00Z", 5);
        run("trunk", 1, "success", "2026-11-02T10:00:00Z", 12000);
        run("trunk", 1, "success", "2026-11-03T10:00:00Z", 13000);
        run("nightly", 1, "success", "2026-11-03T01:00:00Z", 20000);
        // Newer successes on another branch, and a newer failure of trunk: not a success of main.
        run("trunk", 1, "success", "2026-11-20T10:00:00Z", 100, "release");
        run("nightly", 1, "success", "2026-11-20T10:00:00Z", 100, "release");
        run("trunk", 1, "failure", "2026-11-21T10:00:00Z", 100);
    }

    @Test
    void everyTileOnTheHandComputedHistory() {
        JsonPath tiles = tiles(List.of("pull", "trunk"));
        assertEquals("main", tiles.getString("metricTiles.branch"));
        assertEquals(FROM.toString(), tiles.getString("metricTiles.from"));
        assertEquals(TO.toString(), tiles.getString("metricTiles.to"));
        assertEquals(List.of("pull", "trunk"), tiles.getList("metricTiles.workflows"));

        assertTile(tiles, "red_rate", 0.75, 4, "RED");
        assertTile(tiles, "broken_rate", 0.5, 4, "RED");
        assertTile(tiles, "flaky_rate", 0.25, 4, "RED");
        assertTile(tiles, "time_since_green", 162000.0, null, "RED");
        assertTrue(tile(tiles, "time_since_green").get("detail").toString().contains("a2"));
        assertTile(tiles, "reverts", 1.0, 6, "GREEN");
        assertTile(tiles, "commits", 6.0, 6, "NONE");
        assertTile(tiles, "disabled_tests", 2.0, null, "NONE");
        // pull's median 900 s, trunk's 12500 s: the larger, from 3 h (10800 s) amber, from 4 h red.
        assertTile(tiles, "workflow_tts_p50", 12500.0, 5, "AMBER");
        assertSince(tiles, "time_since_workflow_success", Instant.parse("2026-11-03T10:00:00Z"));
        assertTrue(tile(tiles, "time_since_workflow_success").get("detail").toString().startsWith(
                "trunk last succeeded 2026-11-03T10:00:00Z"));
        // Two hours since the push to main, give or take the test's own run time (the value is measured against
        // the server's clock when it answers).
        Map<String, Object> push = tile(tiles, "time_since_push");
        double sincePush = ((Number) push.get("value")).doubleValue();
        assertTrue(sincePush >= 7200 && sincePush < 7200 + 600, "seconds since the push: " + sincePush);
        assertEquals("GREEN", push.get("level"));
        assertEquals(86400.0, ((Number) push.get("amber")).doubleValue());
    }

    @Test
    void timeSinceGreenPerDayIsTheLagAtEachDaysEnd() {
        // Nov 1: no green commit yet, no point. Nov 2: a2 (flaky) is the newest: 0. Nov 3: a4 11:00 - a2 Nov 2 12:00
        // = 23 h. Nov 4 and 5: a6 Nov 4 09:00 - a2 = 45 h (no commit on Nov 5).
        JsonPath series = data("""
                query($repo: String!) { metric(name: "time_since_green", repo: $repo, from: "2026-11-01T00:00:00Z",
                    to: "2026-11-06T00:00:00Z", granularity: DAY) { branch statistic points { time value count } } }""",
                Map.of("repo", repo));
        assertEquals("main", series.getString("metric.branch"));
        assertEquals("last", series.getString("metric.statistic"));
        assertEquals(List.of("2026-11-02T00:00:00Z", "2026-11-03T00:00:00Z", "2026-11-04T00:00:00Z",
                "2026-11-05T00:00:00Z"), series.getList("metric.points.time"));
        assertEquals(List.of(0.0, 82800.0, 162000.0, 162000.0), series.getList("metric.points.value"));
        assertEquals(List.of(2, 2, 2, 0), series.getList("metric.points.count"));
    }

    @Test
    void withoutWorkflowsTheBlockingOnesAreUsedHereEveryWorkflow() {
        // The repository sets no blocking workflows and none is configured for it: every workflow blocks, and
        // nightly's single run of 20000 s is the largest median.
        JsonPath tiles = tiles(null);
        assertEquals(List.of(), tiles.getList("metricTiles.workflows"));
        assertTile(tiles, "workflow_tts_p50", 20000.0, 6, "RED");
        assertSince(tiles, "time_since_workflow_success", Instant.parse("2026-11-03T01:00:00Z"));
    }

    /** Now (the server's, when it answered) minus {@code since}, within the test's own run time; red after 3 days. */
    private static void assertSince(JsonPath tiles, String name, Instant since) {
        Map<String, Object> tile = tile(tiles, name);
        double expected = (Instant.now().toEpochMilli() - since.toEpochMilli()) / 1000.0;
        double value = ((Number) tile.get("value")).doubleValue();
        assertTrue(value <= expected && value > expected - 600, name + ": " + value + " vs " + expected);
        assertEquals("RED", tile.get("level"));
    }

    @Test
    void aRangeWithNothingHasNoValues() {
        JsonPath tiles = data(TILES, Map.of("repo", repo, "from", "2025-01-01T00:00:00Z", "to",
                "2025-01-08T00:00:00Z"));
        Map<String, Object> red = tile(tiles, "red_rate");
        assertNull(red.get("value"));
        assertEquals("NONE", red.get("level"));
        assertNull(tile(tiles, "workflow_tts_p50").get("value"));
        // Not bound to the range: still 45 h since the branch was last green.
        assertTile(tiles, "time_since_green", 162000.0, null, "RED");
    }

    @Test
    void thresholdsPerRepositoryColourTheTiles() {
        JsonPath set = mutate(Map.of("repo", repo, "tile", "flaky_rate", "amber", 0.2, "red", 0.3));
        // The mutation answers the tile over the default range (the last 7 days), where this history has no commit.
        assertTrue(set.getBoolean("data.setMetricThreshold.thresholdsSet"), set.prettify());
        assertEquals(0.3, set.getDouble("data.setMetricThreshold.red"));
        assertEquals("NONE", set.getString("data.setMetricThreshold.level"));
        assertTile(tiles(List.of("pull", "trunk")), "flaky_rate", 0.25, 4, "AMBER");
        Map<String, Object> variables = new HashMap<>();
        variables.put("repo", repo);
        variables.put("tile", "flaky_rate");
        variables.put("amber", null);
        variables.put("red", null);
        JsonPath reset = mutate(variables);
        assertEquals(Boolean.FALSE, reset.getBoolean("data.setMetricThreshold.thresholdsSet"), reset.prettify());
        assertTile(tiles(List.of("pull", "trunk")), "flaky_rate", 0.25, 4, "RED");
    }

    @Test
    void badThresholdsAndRangesAreRefusedWithAReason() {
        assertEquals("BAD_USER_INPUT", mutate(Map.of("repo", repo, "tile", "nope", "amber", 1.0, "red", 2.0))
                .getString("errors[0].extensions.code"));
        JsonPath inverted = mutate(Map.of("repo", repo, "tile", "reverts", "amber", 5.0, "red", 2.0));
        assertTrue(inverted.getString("errors[0].message").contains("0 <= amber <= red"), inverted.prettify());
        JsonPath half = mutate(Map.of("repo", repo, "tile", "reverts", "amber", 5.0));
        assertTrue(half.getString("errors[0].message").contains("both 'amber' and 'red'"), half.prettify());
        JsonPath anonymous = given().contentType("application/json").body(Map.of("query", SET, "variables",
                Map.of("repo", repo, "tile", "reverts", "amber", 1.0, "red", 2.0))).post("/graphql").then()
                .extract().jsonPath();
        assertEquals("UNAUTHENTICATED", anonymous.getString("errors[0].extensions.code"), anonymous.prettify());
        JsonPath long_ = raw(TILES, Map.of("repo", repo, "from", "2024-01-01T00:00:00Z", "to",
                "2026-01-01T00:00:00Z"));
        assertTrue(long_.getString("errors[0].message").contains("at most 366"), long_.prettify());
    }

    private JsonPath tiles(List<String> workflows) {
        Map<String, Object> variables = new HashMap<>(Map.of("repo", repo, "from", FROM.toString(), "to",
                TO.toString()));
        if (workflows != null) {
            variables.put("workflows", workflows);
        }
        return data(TILES, variables);
    }

    private static JsonPath raw(String query, Map<String, Object> variables) {
        String body = given().contentType("application/json").body(Map.of("query", query, "variables", variables))
                .post("/graphql").then().statusCode(200).extract().asString();
        return new JsonPath(body).using(DOUBLES);
    }

    private static JsonPath data(String query, Map<String, Object> variables) {
        JsonPath response = raw(query, variables);
        assertNull(response.get("errors"), response.prettify());
        return response.setRootPath("data");
    }

    private static JsonPath mutate(Map<String, Object> variables) {
        String body = given().auth().oauth2("test-token-1").contentType("application/json")
                .body(Map.of("query", SET, "variables", variables)).post("/graphql").then().extract().asString();
        return new JsonPath(body).using(DOUBLES);
    }

    private static Map<String, Object> tile(JsonPath tiles, String name) {
        List<Map<String, Object>> all = tiles.getList("metricTiles.tiles");
        return all.stream().filter(t -> name.equals(t.get("name"))).findFirst().orElseThrow(() -> new AssertionError(
                "no tile " + name + " in " + all));
    }

    private static void assertTile(JsonPath tiles, String name, Double value, Integer count, String level) {
        Map<String, Object> tile = tile(tiles, name);
        if (value == null) {
            assertNull(tile.get("value"), name);
        } else {
            assertEquals(value, ((Number) tile.get("value")).doubleValue(), 1e-9, name);
        }
        assertEquals(count, tile.get("count") == null ? null : ((Number) tile.get("count")).intValue(), name);
        assertEquals(level, tile.get("level"), name + " " + tile);
    }

    private void health(String branch, String sha, String seenAt, String state) {
        sql.execute("""
                insert into commit_health (repo_id, branch, sha, seen_at, state, jobs, broken_jobs, flaky_jobs,
                                           pending_jobs)
                values (repository_id(?), ?, ?, ?, ?, 1, 0, 0, 0)""", repo, branch, sha,
                Instant.parse(seenAt).atOffset(ZoneOffset.UTC), state);
    }

    private void reverts(String day, int commits, int reverts) {
        sql.execute("insert into revert_stats (repo_id, day, commits, reverts) values (repository_id(?), ?, ?, ?)",
                repo, LocalDate.parse(day), commits, reverts);
    }

    private void push(String ref, Instant at, boolean deleted) {
        sql.execute("""
                insert into push (repo_id, delivery_id, ref, deleted, pushed_at)
                values (repository_id(?), ?, ?, ?, ?)""", repo, UUID.randomUUID().toString(), ref, deleted,
                at.atOffset(ZoneOffset.UTC));
    }

    private void disabled(String name, boolean active) {
        sql.execute("""
                insert into disabled_test (repo_id, test_key, test_name, test_class, source, active)
                values (repository_id(?), ?, ?, 'TestOps', 'api', ?)""", repo, name + " (__main__.TestOps)", name,
                active);
    }

    private void run(String workflow, int attempt, String conclusion, String created, long seconds) {
        run(workflow, attempt, conclusion, created, seconds, "main");
    }

    private void run(String workflow, int attempt, String conclusion, String created, long seconds, String branch) {
        Instant start = Instant.parse(created);
        sql.execute("""
                insert into workflow_run (id, run_attempt, repo_id, name, event, head_branch, head_sha, status,
                                          status_rank, conclusion, created_at, updated_at)
                values (?, ?, repository_id(?), ?, 'push', ?, 'abc', 'completed', 3, ?, ?, ?)""",
                IDS.incrementAndGet(), attempt, repo, workflow, branch, conclusion, start.atOffset(ZoneOffset.UTC),
                start.plusSeconds(seconds).atOffset(ZoneOffset.UTC));
    }
}
