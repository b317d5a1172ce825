package dev.greenboard.api.sync;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

import dev.greenboard.ingest.githubapi.GitHubApiFixtures;
import dev.greenboard.ingest.githubapi.GitHubApiFixtures.History;
import dev.greenboard.ingest.githubapi.GitHubApiServer;
import dev.greenboard.model.database.TestDatabase;
import dev.greenboard.testkit.GraphQL;
import dev.greenboard.testkit.Webhooks;

/**
 * The HUD after a backfill equals the HUD built from the same history's webhooks: one history (commits, runs with
 * reruns and failures, jobs still running, pull requests) is sent as webhooks to one repository and backfilled from
 * the stand-in API into another, and the two repositories' {@code hud} answers are compared (job ids aside, which
 * differ as both repositories are in one database).
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
@TestProfile(GitHubSyncProfile.class)
class BackfillHudTest {

    static final GitHubApiFixtures FX = GitHubApiServer.FIXTURES;
    static final String AUTH = "Bearer test-token-1";
    static final String HUD = """
            query($repo: String!) { hud(repo: $repo, first: 200) { branch jobNames
              rows { sha time title author prNumber cells { status attempts } } pageInfo { hasNextPage } } }""";

    @Test
    void theHudAfterABackfillEqualsTheHudOfTheSameHistorysWebhooks() throws Exception {
        History hooks = FX.history("hud-hooks/app").repoId(94_001).start(Instant.parse("2026-11-10T00:00:00Z"))
                .every(Duration.ofMinutes(15)).commits(40).jobNames("pull / build", "pull / test (linux)",
                        "trunk / test (windows)")
                .rerunEvery(6).failEvery(5).inProgressLatest(2).pullRequests(2).firstIds(94_001_000L, 940_010_000L)
                .build();
        History backfilled = copy(hooks, "hud-backfill/app", 94_002, 1_000_000L, 10_000_000L);
        GitHubApiStandIn.github.serve(backfilled);

        sendAsWebhooks(hooks);
        long id = backfill("hud-backfill/app", "2026-11-09");

        JsonPath progress = GraphQL.data("query($id: ID!) { githubBackfill(id: $id) { state jobsStored runsStored"
                + " commitsStored pullRequestsStored } }", "id", Long.toString(id));
        assertEquals("DONE", progress.getString("githubBackfill.state"));
        assertEquals(40, progress.getInt("githubBackfill.commitsStored"));
        assertEquals(hooks.allJobs().size(), progress.getInt("githubBackfill.jobsStored"));

        Map<String, Object> fromWebhooks = GraphQL.data(HUD, "repo", "hud-hooks/app").getMap("hud");
        Map<String, Object> fromBackfill = GraphQL.data(HUD, "repo", "hud-backfill/app").getMap("hud");
        assertEquals(40, ((List<?>) fromWebhooks.get("rows")).size());
        assertEquals(3, ((List<?>) fromWebhooks.get("jobNames")).size());
        String cells = fromWebhooks.get("rows").toString();
        assertTrue(cells.contains("FAILURE") && cells.contains("RUNNING") && cells.contains("SUCCESS"), cells);
        assertEquals(fromWebhooks, fromBackfill);

        // The healing counters are in GraphQL too (healing is off here: no interval).
        JsonPath healing = GraphQL.data("{ githubHealing { enabled runs healedJobs redeliveriesAsked } }");
        assertFalse(healing.getBoolean("githubHealing.enabled"));
    }

    @Test
    void theMutationNeedsTheIngestTokenAndSaysWhatIsWrong() {
        JsonPath refused = GraphQL.raw("mutation { startGitHubBackfill(repo: \"a/b\", since: \"2026-11-01\") { id } }");
        assertTrue(refused.getString("errors[0].message").contains("ingest token"), refused.prettify());
        JsonPath badDate = given().header("Authorization", AUTH).contentType("application/json")
                .body(Map.of("query", "mutation { startGitHubBackfill(repo: \"a/b\", since: \"soon\") { id } }"))
                .post("/graphql").then().statusCode(200).extract().jsonPath();
        assertTrue(badDate.getString("errors[0].message").contains("since: not a date"), badDate.prettify());
    }

    /** The same history for another repository: same commits (shas), runs and jobs with other ids. */
    static History copy(History from, String repo, long repoId, long runOffset, long jobOffset) {
        ObjectNode repository = FX.repository(repo, repoId, "main");
        List<ObjectNode> runs = new ArrayList<>();
        Map<Long, List<ObjectNode>> jobsByRun = new LinkedHashMap<>();
        for (ObjectNode run : from.runs()) {
            long runId = run.path("id").asLong();
            ObjectNode copy = run.deepCopy();
            copy.put("id", runId + runOffset);
            copy.set("repository", repository);
            runs.add(copy);
            List<ObjectNode> jobs = new ArrayList<>();
            for (ObjectNode job : from.jobsByRun().get(runId)) {
                ObjectNode jobCopy = job.deepCopy();
                jobCopy.put("id", job.path("id").asLong() + jobOffset);
                jobCopy.put("run_id", runId + runOffset);
                jobs.add(jobCopy);
            }
            jobsByRun.put(runId + runOffset, jobs);
        }
        return new History(repo, repository, from.commits(), runs, jobsByRun, from.pullRequests());
    }

    /**
     * The history as GitHub would have delivered it: a push per commit (oldest first), each run's attempts with
     * their jobs, and the pull requests.
     */
    static void sendAsWebhooks(History history) {
        JsonNode repository = history.repository();
        List<ObjectNode> oldestFirst = new ArrayList<>(history.commits());
        java.util.Collections.reverse(oldestFirst);
        for (ObjectNode commit : oldestFirst) {
            deliver("push", GitHubApiServer.pushEvent(commit, repository));
        }
        List<ObjectNode> runs = new ArrayList<>(history.runs());
        java.util.Collections.reverse(runs);
        for (ObjectNode run : runs) {
            long runId = run.path("id").asLong();
            int attempts = run.path("run_attempt").asInt(1);
            for (int attempt = 1; attempt <= attempts; attempt++) {
                ObjectNode attemptRun = attempt == attempts
                        ? run
                        : run.deepCopy().put("run_attempt", attempt)
                                .put("status", "completed").put("conclusion", "failure");
                deliver("workflow_run", wrap("workflow_run", attemptRun, repository));
                for (ObjectNode job : history.jobsOfAttempt(runId, attempt)) {
                    deliver("workflow_job", wrap("workflow_job", job, repository));
                }
            }
        }
        for (ObjectNode pull : history.pullRequests()) {
            ObjectNode payload = wrap("pull_request", pull, repository);
            payload.put("number", pull.path("number").asInt());
            deliver("pull_request", payload);
        }
    }

    static ObjectNode wrap(String field, ObjectNode object, JsonNode repository) {
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        payload.put("action", object.path("status").asText("opened"));
        payload.set(field, object);
        payload.set("repository", repository);
        return payload;
    }

    static void deliver(String event, ObjectNode payload) {
        Webhooks.deliver(event, payload.toString().getBytes(StandardCharsets.UTF_8)).statusCode(200);
    }

    /** Starts a backfill over HTTP and waits for its end. */
    static long backfill(String repo, String since) throws InterruptedException {
        long id = given().header("Authorization", AUTH).queryParam("repo", repo).queryParam("since", since)
                .post("/api/v1/github/backfill").then().statusCode(202).extract().jsonPath().getLong("id");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        String state;
        do {
            Thread.sleep(200);
            state = given().header("Authorization", AUTH).get("/api/v1/github/backfill/" + id).then().statusCode(200)
                    .extract().jsonPath().getString("state");
        } while ((state.equals("queued") || state.equals("running")) && Instant.now().isBefore(deadline));
        assertEquals("done", state);
        return id;
    }
}
