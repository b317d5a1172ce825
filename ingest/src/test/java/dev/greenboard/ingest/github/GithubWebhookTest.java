package dev.greenboard.ingest.github;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.greenboard.model.database.Sql;
import dev.greenboard.model.database.TestDatabase;
import dev.greenboard.testkit.Bodies;
import dev.greenboard.testkit.Corpus;
import dev.greenboard.testkit.Webhooks;

/** {@code POST /api/v1/github/webhook} on every real payload of the corpus. */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class GithubWebhookTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    AgroalDataSource dataSource;

    Sql sql;

    @BeforeEach
    void setUp() {
        sql = new Sql(dataSource);
    }

    static Stream<String> corpusWebhooks() {
        return Corpus.files("github-webhooks").stream();
    }

    private static String eventOf(String file) {
        return file.split("/")[1];
    }

    @ParameterizedTest
    @MethodSource("corpusWebhooks")
    void everyCorpusPayloadIsAcceptedKeptRawAndNormalized(String file) throws IOException {
        byte[] body = Corpus.bytes(file);
        String event = eventOf(file);
        String delivery = UUID.randomUUID().toString();
        Webhooks.deliver(event, delivery, body).statusCode(200).body("duplicate", is(false))
                .body("normalized", is(true));

        assertEquals(1, sql.count("select count(*) from webhook_delivery where delivery_id = ? and normalized",
                delivery));
        JsonNode payload = JSON.readTree(body);
        String repo = payload.path("repository").path("full_name").asText();
        long repoId = sql.count("select id from repository where full_name = ?", repo);
        switch (event) {
            case "workflow_run" -> {
                JsonNode run = payload.get("workflow_run");
                assertEquals(1, sql.count("select count(*) from workflow_run where id = ? and run_attempt = ?",
                        run.get("id").asLong(), run.path("run_attempt").asInt(1)));
                assertEquals(1, sql.count("select count(*) from commit where repo_id = ? and sha = ?", repoId,
                        run.get("head_sha").asText()));
            }
            // The corpus reuses one job id in several files, so which name is stored depends on which came last.
            case "workflow_job" -> assertEquals(1, sql.count("select count(*) from job where id = ?",
                    payload.get("workflow_job").get("id").asLong()));
            case "check_run" -> assertEquals(1, sql.count("select count(*) from check_run where id = ?",
                    payload.get("check_run").get("id").asLong()));
            case "check_suite" -> assertEquals(1, sql.count("select count(*) from check_suite where id = ?",
                    payload.get("check_suite").get("id").asLong()));
            case "push" -> {
                assertEquals(1, sql.count("select count(*) from push where delivery_id = ?", delivery));
                assertEquals(payload.get("commits").size(), sql.count(
                        "select count(*) from push_commit pc join push p on p.id = pc.push_id where p.delivery_id = ?",
                        delivery) - (payload.get("commits").isEmpty() && !payload.get("head_commit").isNull() ? 1 : 0));
                String ref = payload.get("ref").asText();
                if (ref.startsWith("refs/heads/") && !payload.get("deleted").asBoolean()) {
                    for (JsonNode commit : payload.get("commits")) {
                        assertEquals(1, sql.count("select count(*) from branch_commit where repo_id = ? and branch = ?"
                                + " and sha = ?", repoId, ref.substring(11), commit.get("id").asText()));
                    }
                }
            }
            case "pull_request" -> assertEquals(1, sql.count("select count(*) from pull_request where repo_id = ? and"
                    + " number = ?", repoId, payload.get("number").asInt()));
            case "status" -> assertEquals(1, sql.count("select count(*) from commit_status where id = ?",
                    payload.get("id").asLong()));
            case "issue_comment" -> {
                assertEquals(1, sql.count("select count(*) from issue_comment where id = ?",
                        payload.get("comment").get("id").asLong()));
                assertEquals(1, sql.count("select count(*) from issue where repo_id = ? and number = ?", repoId,
                        payload.get("issue").get("number").asInt()));
            }
            default -> throw new AssertionError("corpus has an event this test does not check: " + event);
        }
    }

    @ParameterizedTest
    @MethodSource("corpusWebhooks")
    void unsignedAndWronglySignedDeliveriesAreRefusedAndStoreNothing(String file) {
        byte[] body = Corpus.bytes(file);
        String delivery = UUID.randomUUID().toString();
        given().header("X-GitHub-Event", eventOf(file)).header("X-GitHub-Delivery", delivery)
                .contentType("application/json").body(body)
                .post("/api/v1/github/webhook").then().statusCode(401).body("error", equalTo("missing_signature"));
        given().header("X-GitHub-Event", eventOf(file)).header("X-GitHub-Delivery", delivery)
                .header("X-Hub-Signature-256", WebhookSignature.sign("not-the-secret", body))
                .contentType("application/json").body(body)
                .post("/api/v1/github/webhook").then().statusCode(401).body("error", equalTo("bad_signature"));
        assertEquals(0, sql.count("select count(*) from webhook_delivery_key where delivery_id = ?", delivery));
    }

    @Test
    void redeliveryChangesNothing() {
        byte[] body = Corpus.bytes("github-webhooks/push/with-new-branch.payload.json");
        String delivery = UUID.randomUUID().toString();
        Webhooks.deliver("push", delivery, body).statusCode(200).body("duplicate", is(false));
        long pushes = sql.count("select count(*) from push");
        long branchCommits = sql.count("select count(*) from branch_commit");
        Webhooks.deliver("push", delivery, body).statusCode(200).body("duplicate", is(true));
        assertEquals(pushes, sql.count("select count(*) from push"));
        assertEquals(branchCommits, sql.count("select count(*) from branch_commit"));
        assertEquals(1, sql.count("select count(*) from webhook_delivery where delivery_id = ?", delivery));
    }

    @Test
    void workflowJobDeliveredInEveryOrderEndsInTheSameState() {
        List<String> files = List.of("github-webhooks/workflow_job/queued.payload.json",
                "github-webhooks/workflow_job/in_progress.payload.json",
                "github-webhooks/workflow_job/completed.success.with-organization.payload.json");
        List<Map<String, Object>> finals = new ArrayList<>();
        for (List<Integer> order : permutations(3)) {
            sql.execute("delete from job where id = 289782451");
            for (int i : order) {
                Webhooks.deliver("workflow_job", Corpus.bytes(files.get(i))).statusCode(200);
            }
            finals.add(sql.row("select name, status, conclusion, started_at, completed_at, runner_name, labels::text"
                    + " from job where id = 289782451"));
        }
        finals.forEach(state -> assertEquals(finals.get(0), state, "final state depends on delivery order"));
        assertEquals("completed", finals.get(0).get("status"));
        assertEquals("success", finals.get(0).get("conclusion"));
    }

    @Test
    void workflowRunDeliveredInEveryOrderEndsInTheSameState() {
        List<String> files = List.of("github-webhooks/workflow_run/requested.payload.json",
                "github-webhooks/workflow_run/in_progress.payload.json",
                "github-webhooks/workflow_run/completed.payload.json");
        long runId = 0;
        List<Map<String, Object>> finals = new ArrayList<>();
        for (List<Integer> order : permutations(3)) {
            for (int i : order) {
                Webhooks.deliver("workflow_run", Corpus.bytes(files.get(i))).statusCode(200);
            }
            Map<String, Object> state = sql.row("select id, status, conclusion, updated_at from workflow_run"
                    + " where id = 289782451 and run_attempt = 1");
            finals.add(state);
            runId = ((Number) state.get("id")).longValue();
            sql.execute("delete from workflow_run where id = ?", runId);
        }
        finals.forEach(state -> assertEquals(finals.get(0), state, "final state depends on delivery order"));
        assertEquals("completed", finals.get(0).get("status"));
    }

    @Test
    void actionThatDisagreesWithStatusIsIgnored() {
        // action=queued but status=waiting: the stored status is the payload's status.
        Webhooks.deliver("workflow_job",
                Corpus.bytes("github-webhooks/workflow_job/queued.with-deployment.payload.json"))
                .statusCode(200);
        JsonNode job = readTree("github-webhooks/workflow_job/queued.with-deployment.payload.json").get("workflow_job");
        assertEquals("waiting", sql.row("select status from job where id = ?", job.get("id").asLong()).get("status"));
    }

    @Test
    void unknownEventsAreKeptRawAndPingAnswers() {
        String delivery = UUID.randomUUID().toString();
        byte[] body = "{\"action\":\"created\",\"repository\":{\"full_name\":\"octo/raw\",\"id\":77}}".getBytes();
        Webhooks.deliver("deployment_status", delivery, body).statusCode(202).body("normalized", is(false))
                .body("detail", containsString("kept raw"));
        assertEquals(1, sql.count("select count(*) from webhook_delivery where delivery_id = ? and not normalized",
                delivery));
        Webhooks.deliver("ping", "{\"zen\":\"Keep it logically awesome.\",\"hook_id\":1}".getBytes()).statusCode(200)
                .body("zen", equalTo("Keep it logically awesome."));
    }

    @Test
    void gzippedDeliveryIsCheckedAgainstTheSignatureOfItsJson() throws IOException {
        byte[] json = Corpus.bytes("github-webhooks/workflow_run/completed.payload.json");
        String delivery = UUID.randomUUID().toString();
        given().header("X-GitHub-Event", "workflow_run").header("X-GitHub-Delivery", delivery)
                .header("X-Hub-Signature-256", WebhookSignature.sign(Webhooks.SECRET, json))
                .header("Content-Encoding", "gzip").contentType("application/json")
                .body(Bodies.gzip(json)).post("/api/v1/github/webhook").then().statusCode(200)
                .body("normalized", is(true));
        assertEquals(1, sql.count("select count(*) from webhook_delivery where delivery_id = ?", delivery));
    }

    @Test
    void invalidJsonIsRefusedWithPosition() {
        Webhooks.deliver("push", "{\"ref\": \"refs/heads/main\",\n  oops}".getBytes()).statusCode(400)
                .body("error", equalTo("invalid_json")).body("detail", containsString("line 2"));
    }

    @Test
    void pushListsEveryCommitOfABatchedPushInOrder() {
        String body = """
                {"ref": "refs/heads/trunk", "before": "1111111111111111111111111111111111111111",
                 "after": "cccccccccccccccccccccccccccccccccccccccc", "created": false, "deleted": false,
                 "forced": false, "pusher": {"name": "octo"},
                 "repository": {"id": 4242, "full_name": "octo/batched", "default_branch": "trunk",
                                "pushed_at": 1764400000},
                 "head_commit": {"id": "cccccccccccccccccccccccccccccccccccccccc", "message": "Third (#12)"},
                 "commits": [
                   {"id": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "message": "First\\n\\nbody",
                    "timestamp": "2025-11-29T10:00:00Z", "author": {"name": "A", "username": "a"}},
                   {"id": "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "message": "Second",
                    "timestamp": "2025-11-29T10:01:00Z", "author": {"name": "B", "username": "b"}},
                   {"id": "cccccccccccccccccccccccccccccccccccccccc", "message": "Third (#12)",
                    "timestamp": "2025-11-29T10:02:00Z", "author": {"name": "C", "username": "c"}}]}
                """;
        Webhooks.deliver("push", body.getBytes()).statusCode(200);
        List<Map<String, Object>> rows = sql.rows("""
                select bc.sha, c.title, c.author_login, c.pr_number from branch_commit bc
                join repository r on r.id = bc.repo_id
                join commit c on c.repo_id = bc.repo_id and c.sha = bc.sha
                where r.full_name = 'octo/batched' and bc.branch = 'trunk'
                order by bc.seen_at desc, bc.push_ordinal desc""");
        assertEquals(3, rows.size());
        assertTrue(((String) rows.get(0).get("sha")).startsWith("ccc"));
        assertEquals("Third (#12)", rows.get(0).get("title"));
        assertEquals(12, rows.get(0).get("pr_number"));
        assertTrue(((String) rows.get(2).get("sha")).startsWith("aaa"));
        assertEquals("First", rows.get(2).get("title"));
        assertEquals("a", rows.get(2).get("author_login"));
        assertEquals("trunk", sql.row("select default_branch from repository where full_name = 'octo/batched'")
                .get("default_branch"));
    }

    private static JsonNode readTree(String file) {
        try {
            return JSON.readTree(Corpus.bytes(file));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<List<Integer>> permutations(int n) {
        List<List<Integer>> result = new ArrayList<>();
        permute(new ArrayList<>(), n, result);
        return result;
    }

    private static void permute(List<Integer> prefix, int n, List<List<Integer>> out) {
        if (prefix.size() == n) {
            out.add(List.copyOf(prefix));
            return;
        }
        for (int i = 0; i < n; i++) {
            if (!prefix.contains(i)) {
                prefix.add(i);
                permute(prefix, n, out);
                prefix.remove(prefix.size() - 1);
            }
        }
    }
}
