package dev.greenboard.api.settings;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
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

import dev.greenboard.metrics.rollup.RollupRunner;
import dev.greenboard.model.database.Sql;
import dev.greenboard.model.database.TestDatabase;
import dev.greenboard.testkit.GraphQL;
import dev.greenboard.testkit.HistoryBuilder;

/**
 * Repository settings through GraphQL, and what they change: the default branch the API reports, which workflows
 * decide commit health (reclassified on the next run), and the HUD's column groups.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class RepositorySettingsApiTest {

    private static final String READ = """
            query($repo: String!) { repositorySettings(repo: $repo) { version updatedAt
              defaultBranch { value set } blockingWorkflows { value set } hudColumnGroups { value set }
              jobNamePattern { value set } } }""";

    private static final String UPDATE = """
            mutation($repo: String!, $version: Int!, $settings: RepositorySettingsInput!) {
              updateRepositorySettings(repo: $repo, version: $version, settings: $settings) {
                version defaultBranch { value set } blockingWorkflows { value set } hudColumnGroups { value set } } }""";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    RollupRunner rollups;

    HistoryBuilder h;
    String sha;

    @BeforeEach
    void repositoryWithAFailingNightlyAndAGreenPull() {
        h = new HistoryBuilder("settings/r" + UUID.randomUUID().toString().substring(0, 8), "main");
        Instant t = Instant.parse("2026-11-02T10:00:00Z");
        sha = HistoryBuilder.sha("a");
        h.push(t, List.of(sha), "alice");
        h.job(sha, HistoryBuilder.nextId(), 1, "pull", "build", "completed", "success", t, t.plusSeconds(10),
                t.plusSeconds(100), List.of("linux"));
        h.job(sha, HistoryBuilder.nextId(), 1, "nightly", "slow", "completed", "failure", t, t.plusSeconds(10),
                t.plusSeconds(100), List.of("linux"));
    }

    @Test
    void defaultsUntilSetThenEditsWithAVersion() {
        JsonPath read = GraphQL.data(READ, "repo", h.repo());
        assertEquals(0, read.getInt("repositorySettings.version"));
        assertEquals("main", read.getString("repositorySettings.defaultBranch.value"));
        assertFalse(read.getBoolean("repositorySettings.defaultBranch.set"));
        assertEquals(List.of(), read.getList("repositorySettings.blockingWorkflows.value"));

        JsonPath first = mutate(0, Map.of("blockingWorkflows", List.of("pull"), "defaultBranch", "trunk")).setRootPath(
                "data.updateRepositorySettings");
        assertEquals(1, first.getInt("version"));
        assertEquals(List.of("pull"), first.getList("blockingWorkflows.value"));
        assertTrue(first.getBoolean("defaultBranch.set"));
        assertEquals("trunk", GraphQL.data("query($repo: String!) { hud(repo: $repo, first: 1) { branch } }", "repo",
                h.repo()).getString("hud.branch"), "the HUD opens on the default branch the settings name");

        JsonPath stale = mutate(0, Map.of("defaultBranch", "main"));
        assertEquals("CONFLICT", stale.getString("errors[0].extensions.code"));
        JsonPath reset = mutate(1, Map.of("reset", List.of("DEFAULT_BRANCH"))).setRootPath(
                "data.updateRepositorySettings");
        assertEquals("main", reset.getString("defaultBranch.value"));
        assertFalse(reset.getBoolean("defaultBranch.set"));
        assertEquals(List.of("pull"), reset.getList("blockingWorkflows.value"), "not named, so left alone");
    }

    @Test
    void refusedWithoutATokenOverGetAndForUnusableValues() {
        JsonPath anonymous = GraphQL.raw(UPDATE, "repo", h.repo(), "version", 0, "settings", Map.of(
                "defaultBranch", "x"));
        assertEquals("UNAUTHENTICATED", anonymous.getString("errors[0].extensions.code"));
        JsonPath badGroup = mutate(0, Map.of("hudColumnGroups", List.of("Linux=(a)\\1")));
        assertEquals("BAD_USER_INPUT", badGroup.getString("errors[0].extensions.code"));
        assertTrue(badGroup.getString("errors[0].message").contains("hudColumnGroups"));
        JsonPath both = mutate(0, Map.of("defaultBranch", "x", "reset", List.of("DEFAULT_BRANCH")));
        assertEquals("BAD_USER_INPUT", both.getString("errors[0].extensions.code"));
        assertEquals(0, GraphQL.data(READ, "repo", h.repo()).getInt("repositorySettings.version"));
    }

    @Test
    void blockingWorkflowsReclassifyTheRepositorysCommitsOnTheNextRun() {
        rollups.runNow("commit-health", false);
        assertEquals("broken", state(), "every workflow blocks by default: the nightly failure breaks the commit");
        mutate(0, Map.of("blockingWorkflows", List.of("pull")));
        rollups.runNow("commit-health", false);
        assertEquals("green", state(), "only pull blocks now");
    }

    @Test
    void hudColumnGroupsComeFromTheSettings() {
        mutate(0, Map.of("hudColumnGroups", List.of("Nightly=^nightly")));
        JsonPath hud = GraphQL.data("query($repo: String!) { hud(repo: $repo, first: 5) { jobNames groups { name"
                + " jobNames } } }", "repo", h.repo());
        assertEquals(List.of("nightly / slow"), hud.getList("hud.groups.find { it.name == 'Nightly' }.jobNames"));
    }

    private String state() {
        return (String) new Sql(dataSource).row("select state from commit_health where repo_id = repository_id(?)"
                + " and sha = ?", h.repo(), sha).get("state");
    }

    private JsonPath mutate(int version, Map<String, Object> settings) {
        JsonPath answer = given().auth().oauth2("test-token-1").contentType("application/json")
                .body(Map.of("query", UPDATE, "variables", Map.of("repo", h.repo(), "version", version, "settings",
                        settings)))
                .post("/graphql").then().statusCode(200).extract().jsonPath();
        return answer;
    }
}
