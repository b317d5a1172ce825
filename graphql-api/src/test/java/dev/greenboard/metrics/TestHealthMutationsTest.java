package dev.greenboard.metrics;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

import dev.greenboard.model.database.TestDatabase;
import dev.greenboard.testkit.GraphQL;
import dev.greenboard.testkit.HistoryBuilder;

/**
 * The disabled-test list through the authenticated GraphQL mutations, end to end: the mutation, the JSON file CI
 * downloads, and the flaky-tests rollup. The repository has three commits on main, each running test_api_disabled
 * (test_api.py, TestApi), which passes: 3 runs, 0 failures.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestHealthMutationsTest {

    private static final String JOB = "linux / test (default, 1, 1, linux.2xlarge)";
    private static final String TEST = "test_api_disabled (__main__.TestApi)";
    private static final String DISABLE = """
            mutation($repo: String!, $test: String!, $platforms: [String!], $reason: String) {
              disableTest(repo: $repo, test: $test, platforms: $platforms, reason: $reason) {
                test name className source issueNumber issueUrl platforms reason active
              }
            }""";
    private static final String ENABLE = """
            mutation($repo: String!, $test: String!) {
              enableTest(repo: $repo, test: $test) { test source active }
            }""";

    String repo;

    @BeforeEach
    void buildHistory() {
        if (repo != null) {
            return;
        }
        repo = "ts/m" + UUID.randomUUID().toString().substring(0, 8);
        HistoryBuilder h = new HistoryBuilder(repo, "main");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        for (int i = 0; i < 3; i++) {
            String sha = HistoryBuilder.sha("m" + i);
            Instant t = now.minus(3 - i, ChronoUnit.DAYS);
            h.push(t, List.of(sha), "bob");
            long job = h.job(sha, HistoryBuilder.nextId(), 1, "trunk", JOB, "completed", "success",
                    t.plusSeconds(60), t.plusSeconds(120), t.plusSeconds(600), List.of("linux.2xlarge"));
            h.report(sha, job, JOB, List.of(HistoryBuilder.testCase("test_api.py", "TestApi", "test_api_disabled",
                    "passed", 1.0, null)));
        }
    }

    /** The whole response of an operation sent with {@code Authorization: Bearer <token>} (none when null). */
    private static JsonPath send(String token, String operation, Object... variables) {
        Map<String, Object> vars = new HashMap<>();
        for (int i = 0; i < variables.length; i += 2) {
            vars.put((String) variables[i], variables[i + 1]);
        }
        RequestSpecification request = given().contentType("application/json");
        if (token != null) {
            request = request.auth().oauth2(token);
        }
        return request.body(Map.of("query", operation, "variables", vars)).post("/graphql").then().statusCode(200)
                .extract().jsonPath();
    }

    private String disabledFile() {
        return given().queryParam("repo", repo).get("/api/v1/stats/disabled-tests-condensed.json").then()
                .statusCode(200).extract().asString();
    }

    /** Runs the jobs, then lists "<state> <runs>" of every test flakyTests lists. */
    private List<String> flakyTestsAfterRunningTheJobs() {
        given().auth().oauth2("test-token-1").post("/api/v1/rollups/run-all").then().statusCode(200);
        JsonPath data = GraphQL.data("""
                query($repo: String!) { flakyTests(repo: $repo) { edges { node { state runs reasons } } } }""",
                "repo", repo);
        List<String> states = data.getList("flakyTests.edges.node.state");
        List<Integer> runs = data.getList("flakyTests.edges.node.runs");
        return IntStream.range(0, states.size()).mapToObj(i -> states.get(i) + " " + runs.get(i))
                .toList();
    }

    @Test
    void mutationsNeedAnIngestToken() {
        for (String token : new String[]{null, "not-a-token"}) {
            JsonPath refused = send(token, DISABLE, "repo", repo, "test", TEST, "platforms", List.of("windows"));
            assertEquals("UNAUTHENTICATED", refused.getString("errors[0].extensions.code"), refused::prettify);
            assertTrue(refused.getString("errors[0].message").contains("Authorization: Bearer"));
            assertNull(refused.get("data.disableTest"));
            JsonPath enable = send(token, ENABLE, "repo", repo, "test", TEST);
            assertEquals("UNAUTHENTICATED", enable.getString("errors[0].extensions.code"), enable::prettify);
        }
        assertEquals("{}", disabledFile(), "nothing was stored");
    }

    @Test
    void disableListEnable() {
        JsonPath disabled = send("test-token-1", DISABLE, "repo", repo, "test", TEST, "platforms",
                List.of(" Windows", "linux", "windows"), "reason", "flaky on windows");
        assertNull(disabled.get("errors"), disabled::prettify);
        assertEquals(Map.of("test", TEST, "name", "test_api_disabled", "className", "TestApi", "source", "API",
                "platforms", List.of("windows", "linux"), "reason", "flaky on windows", "active", true),
                without(disabled.getMap("data.disableTest"), "issueNumber", "issueUrl"));
        assertNull(disabled.get("data.disableTest.issueNumber"));

        // API entries have no issue: number and url are empty strings, so that readers of PyTorch's file still work.
        assertEquals("""
                {
                  "test_api_disabled (__main__.TestApi)": [
                    "",
                    "",
                    [
                      "windows",
                      "linux"
                    ]
                  ]
                }""", disabledFile());
        // Three passing runs, and disabled: listed as DISABLED with its 3 runs.
        assertEquals(List.of("DISABLED 3"), flakyTestsAfterRunningTheJobs());

        JsonPath enabled = send("test-token-2", ENABLE, "repo", repo, "test", TEST);
        assertNull(enabled.get("errors"), enabled::prettify);
        assertFalse(enabled.getBoolean("data.enableTest.active"));
        assertEquals("{}", disabledFile());
        assertEquals(List.of(), flakyTestsAfterRunningTheJobs(), "healthy again, so not listed");

        JsonPath again = send("test-token-1", ENABLE, "repo", repo, "test", TEST);
        assertEquals("NOT_FOUND", again.getString("errors[0].extensions.code"), again::prettify);
    }

    @Test
    void testsMustBeNamedAsPyTorchNamesThem() {
        JsonPath bad = send("test-token-1", DISABLE, "repo", repo, "test", "test_api_disabled");
        assertEquals("BAD_USER_INPUT", bad.getString("errors[0].extensions.code"), bad::prettify);
        JsonPath unknownRepo = send("test-token-1", DISABLE, "repo", repo + "-nope", "test", TEST);
        assertEquals("NOT_FOUND", unknownRepo.getString("errors[0].extensions.code"), unknownRepo::prettify);
    }

    @Test
    void mutationsAreNotSentOverGet() {
        given().queryParam("query", "mutation { disableTest(repo: \"" + repo + "\", test: \"" + TEST
                + "\") { active } }").auth().oauth2("test-token-1").get("/graphql").then()
                .body("data.disableTest", nullValue()).body("errors[0].extensions.code", equalTo("BAD_USER_INPUT"))
                .body("errors[0].message", containsString("only accepted in a POST"));
        assertEquals("{}", disabledFile());
    }

    private static Map<String, Object> without(Map<String, Object> map, String... keys) {
        Map<String, Object> copy = new HashMap<>(map);
        for (String key : keys) {
            copy.remove(key);
        }
        return copy;
    }
}
