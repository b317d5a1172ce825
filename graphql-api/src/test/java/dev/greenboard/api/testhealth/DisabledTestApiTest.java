package dev.greenboard.api.testhealth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

import dev.greenboard.model.database.Sql;
import dev.greenboard.model.database.TestDatabase;
import dev.greenboard.testkit.GraphQL;

/**
 * The disabled-test list: {@code disabledTests} reads the active {@code disabled_test} rows, and the authenticated
 * mutations {@code disableTest}/{@code enableTest} change the API's own entries, which the file CI downloads shows at
 * once. (What the flaky-tests rollup makes of an entry is metrics-jobs' DisabledThroughApiTest.)
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class DisabledTestApiTest {

    private static final String TEST = "test_api_disabled (__main__.TestApi)";
    private static final String LIST = """
            query($repo: String!, $first: Int, $after: String) {
              disabledTests(repo: $repo, first: $first, after: $after) {
                edges { node { test name className source issueNumber issueUrl platforms reason active } }
                pageInfo { hasNextPage endCursor }
              }
            }""";
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

    @Inject
    AgroalDataSource dataSource;

    Sql sql;
    String repo;

    /** A repository of its own for every test: the list starts empty. */
    @BeforeEach
    void createRepository() {
        sql = new Sql(dataSource);
        repo = "ts/d" + UUID.randomUUID().toString().substring(0, 8);
        sql.execute("insert into repository (full_name, owner, name) values (?, 'ts', ?)", repo,
                repo.substring("ts/".length()));
    }

    /** A row as the disabled-tests rollup writes it for a DISABLED issue. */
    private void disabledByIssue(int issue, String key, String name, String className, String platforms,
            boolean active) {
        sql.execute("""
                insert into disabled_test (repo_id, test_key, test_name, test_class, source, issue_number, issue_url,
                    platforms, active)
                values (repository_id(?), ?, ?, ?, 'issue', ?, ?, ?::text[], ?)""", repo, key, name, className, issue,
                "https://github.com/" + repo + "/issues/" + issue, platforms, active);
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

    /** Active entries only, by key; each issue's number, url and platforms (none: every platform). */
    @Test
    void disabledTestsListsTheActiveEntriesByKey() {
        disabledByIssue(103, "test_module_named (__main__.TestOther)", "test_module_named", "TestOther", "{}", true);
        disabledByIssue(102, "test_reenabled (__main__.TestDisabled)", "test_reenabled", "TestDisabled", "{linux}",
                false);
        disabledByIssue(101, "test_disabled_by_issue (__main__.TestDisabled)", "test_disabled_by_issue",
                "TestDisabled", "{linux,win}", true);
        JsonPath data = GraphQL.data(LIST, "repo", repo);
        assertEquals(
                List.of("test_disabled_by_issue (__main__.TestDisabled)", "test_module_named (__main__.TestOther)"),
                data.getList("disabledTests.edges.node.test"));
        assertEquals(List.of("ISSUE", "ISSUE"), data.getList("disabledTests.edges.node.source"));
        assertEquals(List.of(101, 103), data.getList("disabledTests.edges.node.issueNumber"));
        assertEquals("https://github.com/" + repo + "/issues/101",
                data.getString("disabledTests.edges[0].node.issueUrl"));
        assertEquals(List.of("linux", "win"), data.getList("disabledTests.edges[0].node.platforms"));
        assertEquals(List.of(), data.getList("disabledTests.edges[1].node.platforms"));
        assertEquals("test_module_named", data.getString("disabledTests.edges[1].node.name"));
        assertEquals("TestOther", data.getString("disabledTests.edges[1].node.className"));

        JsonPath first = GraphQL.data(LIST, "repo", repo, "first", 1);
        assertTrue(first.getBoolean("disabledTests.pageInfo.hasNextPage"));
        JsonPath second = GraphQL.data(LIST, "repo", repo, "first", 1, "after",
                first.getString("disabledTests.pageInfo.endCursor"));
        assertEquals(List.of("test_module_named (__main__.TestOther)"),
                second.getList("disabledTests.edges.node.test"));
        assertFalse(second.getBoolean("disabledTests.pageInfo.hasNextPage"));
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
        assertEquals(0, sql.count("select count(*) from disabled_test where repo_id = repository_id(?)", repo));
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
        assertNull(disabled.get("data.disableTest.issueUrl"));

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
        JsonPath listed = GraphQL.data(LIST, "repo", repo);
        assertEquals(List.of(TEST), listed.getList("disabledTests.edges.node.test"));
        assertEquals(List.of("API"), listed.getList("disabledTests.edges.node.source"));

        // Disabling again replaces platforms and reason: one entry, every platform now.
        JsonPath again = send("test-token-2", DISABLE, "repo", repo, "test", TEST);
        assertNull(again.get("errors"), again::prettify);
        assertEquals(List.of(), again.getList("data.disableTest.platforms"));
        assertNull(again.get("data.disableTest.reason"));
        assertEquals(1, GraphQL.data(LIST, "repo", repo).getList("disabledTests.edges").size());

        JsonPath enabled = send("test-token-2", ENABLE, "repo", repo, "test", TEST);
        assertNull(enabled.get("errors"), enabled::prettify);
        assertFalse(enabled.getBoolean("data.enableTest.active"));
        assertEquals("{}", disabledFile());
        assertEquals(List.of(), GraphQL.data(LIST, "repo", repo).getList("disabledTests.edges"));

        JsonPath enabledTwice = send("test-token-1", ENABLE, "repo", repo, "test", TEST);
        assertEquals("NOT_FOUND", enabledTwice.getString("errors[0].extensions.code"), enabledTwice::prettify);
    }

    /** A test an issue disables is enabled by closing the issue, not through the API. */
    @Test
    void aTestDisabledByAnIssueIsNotEnabledThroughTheApi() {
        disabledByIssue(101, TEST, "test_api_disabled", "TestApi", "{linux}", true);
        JsonPath refused = send("test-token-1", ENABLE, "repo", repo, "test", TEST);
        assertEquals("BAD_USER_INPUT", refused.getString("errors[0].extensions.code"), refused::prettify);
        assertTrue(refused.getString("errors[0].message").contains("https://github.com/" + repo + "/issues/101"
                + "; close the issue to enable it"), refused.getString("errors[0].message"));
        assertEquals(List.of(true), GraphQL.data(LIST, "repo", repo).getList("disabledTests.edges.node.active"));
    }

    @Test
    void testsMustBeNamedAsPyTorchNamesThem() {
        JsonPath bad = send("test-token-1", DISABLE, "repo", repo, "test", "test_api_disabled");
        assertEquals("BAD_USER_INPUT", bad.getString("errors[0].extensions.code"), bad::prettify);
        assertTrue(bad.getString("errors[0].message").contains("test must be \"<name> (<module>.<Class>)\""),
                bad.getString("errors[0].message"));
        JsonPath unknownRepo = send("test-token-1", DISABLE, "repo", repo + "-nope", "test", TEST);
        assertEquals("NOT_FOUND", unknownRepo.getString("errors[0].extensions.code"), unknownRepo::prettify);
    }

    @Test
    void mutationsAreNotSentOverGet() {
        String mutation = """
                mutation { disableTest(repo: "%s", test: "%s") { active } }""".formatted(repo, TEST);
        given().queryParam("query", mutation).auth().oauth2("test-token-1").get("/graphql").then()
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
