package dev.greenboard.api.repo;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.greenboard.model.database.TestDatabase;
import dev.greenboard.testkit.GraphQL;
import dev.greenboard.testkit.HistoryBuilder;
import dev.greenboard.testkit.Webhooks;

/**
 * Reads by a repository's old and new names after GitHub renamed and transferred it: the HUD, the repository list and
 * the published stats files answer for the one repository, by any of its names in any letter case.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class RepositoryNamesTest {

    private static final String HUD = """
            query($repo: String!) {
              hud(repo: $repo, first: 10) { repository branch rows { sha title } }
            }""";

    long githubId;
    String oldName;
    String newName;
    String sha;

    @BeforeEach
    void renamedRepository() {
        githubId = HistoryBuilder.nextId();
        String suffix = Long.toHexString(githubId);
        oldName = "names" + suffix + "/Old-Name";
        newName = "names" + suffix + "-org/new-name";
        sha = HistoryBuilder.sha("renamed");
        push(oldName, sha, "2026-11-29T10:00:00Z");
        push(newName, HistoryBuilder.sha("after"), "2026-11-30T10:00:00Z");
    }

    private void push(String fullName, String commit, String updatedAt) {
        String body = """
                {"ref": "refs/heads/main", "before": "%s", "after": "%s", "pusher": {"name": "octo"},
                 "repository": {"id": %d, "full_name": "%s", "default_branch": "main",
                                "html_url": "https://github.com/%s", "updated_at": "%s", "pushed_at": 1764410000},
                 "head_commit": {"id": "%s", "message": "Commit in %s"},
                 "commits": [{"id": "%s", "message": "Commit in %s", "timestamp": "%s"}]}
                """.formatted("0".repeat(40), commit, githubId, fullName, fullName, updatedAt, commit, fullName,
                commit, fullName, updatedAt);
        Webhooks.deliver("push", body.getBytes(StandardCharsets.UTF_8)).statusCode(200);
    }

    @Test
    void theHudAnswersForTheOldNameInAnyCaseAndShowsTheCurrentName() {
        for (String name : List.of(oldName, oldName.toUpperCase(), newName, newName.toUpperCase())) {
            JsonPath hud = GraphQL.data(HUD, "repo", name);
            assertEquals(newName, hud.getString("hud.repository"), "asked as " + name);
            assertEquals(2, hud.getList("hud.rows").size(), "both pushes, before and after the rename");
        }
    }

    @Test
    void theRepositoryListHasTheCurrentNameOnly() {
        List<String> names = new ArrayList<>();
        String after = null;
        do {
            JsonPath page = GraphQL.data(
                    """
                            query($after: String) {
                              repositories(first: 100, after: $after) { edges { node { fullName } } pageInfo { hasNextPage endCursor } }
                            }""",
                    "after", after);
            names.addAll(page.getList("repositories.edges.node.fullName"));
            after = page.getBoolean("repositories.pageInfo.hasNextPage")
                    ? page.getString("repositories.pageInfo.endCursor")
                    : null;
        } while (after != null);
        assertTrue(names.contains(newName));
        assertFalse(names.stream().anyMatch(n -> n.equalsIgnoreCase(oldName)));
    }

    @Test
    void statsFilesAnswerForEveryNameAndRefuseNul() {
        String byNew = given().queryParam("repo", newName).get("/api/v1/stats/test-times.json").then()
                .statusCode(200).extract().asString();
        given().queryParam("repo", oldName.toLowerCase()).get("/api/v1/stats/test-times.json").then().statusCode(200)
                .body(equalTo(byNew));
        given().queryParam("repo", "\0").get("/api/v1/stats/test-times.json").then().statusCode(400)
                .body("error", equalTo("bad_parameter")).body("detail", containsString("NUL"));
        given().queryParam("repo", newName).queryParam("job", "a\0").get("/api/v1/stats/test-times.json").then()
                .statusCode(400).body("detail", containsString("'job'"));
    }

    @Test
    void aRepositoryArgumentWithNulIsBadUserInput() {
        JsonPath response = GraphQL.raw(HUD, "repo", "o/r\0");
        assertEquals("BAD_USER_INPUT", response.getString("errors[0].extensions.code"), response.prettify());
    }
}
