package dev.greenboard.ingest.github;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.greenboard.ingest.generator.CiHistoryGenerator;
import dev.greenboard.ingest.generator.GeneratedEvent;
import dev.greenboard.ingest.generator.HistorySettings;
import dev.greenboard.model.database.Sql;
import dev.greenboard.model.database.TestDatabase;
import dev.greenboard.testkit.Corpus;
import dev.greenboard.testkit.Webhooks;

/**
 * Deliveries that arrive together, as GitHub sends them when a commit's jobs start: every one is taken (GitHub does
 * not retry a failed delivery), and the rows they share (repository, commit) exist once.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class WebhookConcurrencyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SENDERS = 16;
    private static final int DELIVERIES = 64;

    @Inject
    AgroalDataSource dataSource;

    @TestHTTPResource("/api/v1/github/webhook")
    URI webhookUrl;

    Sql sql;

    @BeforeEach
    void setUp() {
        sql = new Sql(dataSource);
    }

    @Test
    void concurrentFirstDeliveriesOfANewRepositoryAreAllTaken() throws Exception {
        for (int round = 0; round < 3; round++) {
            String repo = "concurrency/new-" + round + "-" + UUID.randomUUID().toString().substring(0, 8);
            long githubId = 7_000_000 + round;
            assertEveryDeliveryTaken(repo, githubId, sendTogether(repo, githubId));
        }
    }

    @Test
    void concurrentFirstDeliveriesOfARepositoryAReportCreatedAreAllTaken() throws Exception {
        for (int round = 0; round < 3; round++) {
            String repo = "concurrency/reported-" + round + "-" + UUID.randomUUID().toString().substring(0, 8);
            // A report knows the repository only by name: its row has no GitHub id until the first webhook.
            given().auth().oauth2("test-token-1").queryParam("repo", repo).queryParam("sha", "a".repeat(40))
                    .contentType("application/x-ndjson")
                    .body("{\"file\":\"test_a.py\",\"classname\":\"TestA\",\"name\":\"test_one\",\"status\":\"passed\"}\n"
                            .getBytes(StandardCharsets.UTF_8))
                    .post("/api/v1/test-reports").then().statusCode(201);
            assertEquals(0, sql.count("select count(*) from repository where full_name = ? and github_id is not null",
                    repo));
            long githubId = 8_000_000 + round;
            // A long upload of the same repository runs meanwhile: it holds a reference to the repository row for
            // its whole transaction while the deliveries fill in the row's GitHub id.
            StringBuilder bigReport = new StringBuilder();
            for (int i = 0; i < 40_000; i++) {
                bigReport.append("{\"file\":\"test_big.py\",\"classname\":\"TestBig\",\"name\":\"test_")
                        .append(i).append("\",\"status\":\"passed\"}\n");
            }
            ExecutorService uploader = Executors.newSingleThreadExecutor();
            try {
                Future<Integer> upload = uploader.submit(() -> given().auth().oauth2("test-token-1")
                        .queryParam("repo", repo).queryParam("sha", readQueuedJob().path("workflow_job")
                                .path("head_sha").asText())
                        .contentType("application/x-ndjson")
                        .body(bigReport.toString().getBytes(StandardCharsets.UTF_8))
                        .post("/api/v1/test-reports").then().extract().statusCode());
                Thread.sleep(50);
                assertEveryDeliveryTaken(repo, githubId, sendTogether(repo, githubId));
                assertEquals(201, upload.get());
            } finally {
                uploader.shutdownNow();
            }
        }
    }

    @Test
    void aGeneratedHistorySentBySixteenSendersAtOnceIsTakenWhole() throws Exception {
        // Before repository rows were written apart from the deliveries, this deadlocked in one round of a few.
        for (int round = 0; round < 6; round++) {
            String repo = "concurrency/history-" + round + "-" + UUID.randomUUID().toString().substring(0, 8);
            List<GeneratedEvent.Webhook> webhooks = new ArrayList<>();
            new CiHistoryGenerator(new HistorySettings(repo, round, Instant.parse("2026-11-01T00:00:00Z"), 3,
                    Duration.ofHours(1), 1, false)).generate(event -> {
                        if (event instanceof GeneratedEvent.Webhook webhook) {
                            webhooks.add(webhook);
                        }
                    });
            List<Integer> statuses = send(webhooks.stream()
                    .map(webhook -> new Delivery(webhook.event(), webhook.deliveryId(), webhook.body())).toList());
            assertEquals(List.of(), statuses.stream().filter(status -> status != 200 && status != 202).toList(),
                    "failed deliveries among " + statuses.size());
            assertEquals(webhooks.size(), sql.count("select count(*) from webhook_delivery d join repository r"
                    + " on r.id = d.repo_id where r.full_name = ?", repo));
        }
    }

    /**
     * A delivery that PostgreSQL picks as a deadlock's victim is stored again, not answered 500. The deadlock is made
     * on purpose: a transaction of this test holds the new commit row the delivery's job needs, the delivery holds its
     * claim, then this transaction asks for the same claim. The delivery waited first, so its deadlock check runs
     * first and it is the one aborted; once this transaction rolls back, its second attempt goes through.
     */
    @Test
    void aDeliveryThatLosesADeadlockIsStoredAgain() throws Exception {
        String repo = "concurrency/victim-" + UUID.randomUUID().toString().substring(0, 8);
        long githubId = 9_100_000;
        ObjectNode first = readQueuedJob();
        first.withObject("repository").put("full_name", repo).put("id", githubId);
        first.withObject("workflow_job").put("id", githubId * 1_000);
        Webhooks.deliver("workflow_job", JSON.writeValueAsBytes(first)).statusCode(200);
        long repoId = sql.count("select id from repository where full_name = ?", repo);

        String sha = UUID.randomUUID().toString().replace("-", "") + "00000000";
        ObjectNode payload = readQueuedJob();
        payload.withObject("repository").put("full_name", repo).put("id", githubId);
        payload.withObject("workflow_job").put("id", githubId * 1_000 + 1).put("head_sha", sha);
        byte[] body = JSON.writeValueAsBytes(payload);
        String delivery = UUID.randomUUID().toString();
        double retriedBefore = retried();
        try (java.sql.Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            try (var statement = holder.prepareStatement("insert into commit (repo_id, sha) values (?, ?)")) {
                statement.setLong(1, repoId);
                statement.setString(2, sha);
                statement.executeUpdate();
            }
            java.util.concurrent.CompletableFuture<HttpResponse<String>> answer = HttpClient.newHttpClient()
                    .sendAsync(HttpRequest.newBuilder(webhookUrl)
                            .header("X-GitHub-Event", "workflow_job")
                            .header("X-GitHub-Delivery", delivery)
                            .header("X-Hub-Signature-256", WebhookSignature.sign(Webhooks.SECRET, body))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            // The delivery has claimed its id and now waits for the commit row this transaction holds.
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (sql.count("select count(*) from pg_stat_activity where wait_event_type = 'Lock'"
                    + " and query like 'insert into commit %'") == 0) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the delivery never waited for the commit row");
                }
                Thread.sleep(10);
            }
            // Within PostgreSQL's deadlock timeout (1 s) of the delivery's wait: this waits for the delivery's claim.
            try (var statement = holder.prepareStatement(
                    "insert into webhook_delivery_key (delivery_id, received_at) values (?, now())")) {
                statement.setString(1, delivery);
                statement.executeUpdate();
            }
            holder.rollback();
            HttpResponse<String> response = answer.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(200, response.statusCode(), response.body());
        }
        assertEquals(1, sql.count("select count(*) from job where id = ? and head_sha = ?", githubId * 1_000 + 1,
                sha));
        assertEquals(1, sql.count("select count(*) from webhook_delivery where delivery_id = ? and normalized",
                delivery));
        assertEquals(retriedBefore + 1, retried(), "the delivery was stored on its second attempt");
    }

    private static double retried() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(line -> line.startsWith("greenboard_webhooks_retried_total{") && line.contains("40P01"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void payloadThatLacksWhatItsEventNeedsIsKeptRawAndItsBegunRowsAreUndone() throws Exception {
        ObjectNode push = (ObjectNode) JSON.readTree(Corpus.bytes("github-webhooks/push/with-new-branch.payload.json"));
        ((ObjectNode) push.withArray("commits").get(0)).remove("id");
        String delivery = UUID.randomUUID().toString();
        // The push row is written before the commits are read: the missing commit id must undo it.
        Webhooks.deliver("push", delivery, JSON.writeValueAsBytes(push)).statusCode(202)
                .body("normalized", is(false))
                .body("detail", containsString("id"));
        assertEquals(0, sql.count("select count(*) from push where delivery_id = ?", delivery));
        assertEquals(1, sql.count("select count(*) from webhook_delivery where delivery_id = ? and not normalized"
                + " and normalize_error like '%id%'", delivery));
        // Redelivered, it is a duplicate like any other.
        Webhooks.deliver("push", delivery, JSON.writeValueAsBytes(push)).statusCode(200).body("duplicate", is(true));
    }

    private void assertEveryDeliveryTaken(String repo, long githubId, List<Integer> statuses) {
        assertEquals(DELIVERIES, statuses.stream().filter(status -> status == 200).count(),
                "statuses of concurrent deliveries: " + statuses);
        assertEquals(1, sql.count("select count(*) from repository where full_name = ? and github_id = ?", repo,
                githubId));
        long repoId = sql.count("select id from repository where full_name = ?", repo);
        assertEquals(DELIVERIES, sql.count("select count(*) from job where repo_id = ?", repoId));
        assertEquals(DELIVERIES, sql.count("select count(*) from webhook_delivery where repo_id = ? and normalized",
                repoId));
        String headSha = readQueuedJob().path("workflow_job").path("head_sha").asText();
        assertEquals(1, sql.count("select count(*) from commit where repo_id = ? and sha = ?", repoId, headSha));
    }

    private static ObjectNode readQueuedJob() {
        try {
            return (ObjectNode) JSON.readTree(Corpus.bytes("github-webhooks/workflow_job/queued.payload.json"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** {@link #DELIVERIES} queued jobs of one commit of {@code repo}, sent by {@link #SENDERS} senders at once. */
    private List<Integer> sendTogether(String repo, long githubId) throws Exception {
        ObjectNode template = readQueuedJob();
        ObjectNode repository = template.withObject("repository");
        repository.put("full_name", repo);
        repository.put("id", githubId);
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i < DELIVERIES; i++) {
            ObjectNode payload = template.deepCopy();
            ObjectNode job = payload.withObject("workflow_job");
            job.put("id", githubId * 1_000 + i);
            job.put("name", "test (default, " + (i + 1) + ", " + DELIVERIES + ")");
            ArrayNode labels = job.putArray("labels");
            labels.add("linux.2xlarge");
            bodies.add(JSON.writeValueAsBytes(payload));
        }
        return send(bodies.stream().map(body -> new Delivery("workflow_job", UUID.randomUUID().toString(), body))
                .toList());
    }

    private record Delivery(String event, String id, byte[] body) {
    }

    /** Sends {@code deliveries} in their order by {@link #SENDERS} senders at once; their HTTP statuses. */
    private List<Integer> send(List<Delivery> deliveries) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (Delivery delivery : deliveries) {
                byte[] body = delivery.body();
                answers.add(senders.submit(() -> client.send(HttpRequest.newBuilder(webhookUrl)
                        .header("X-GitHub-Event", delivery.event())
                        .header("X-GitHub-Delivery", delivery.id())
                        .header("X-Hub-Signature-256", WebhookSignature.sign(Webhooks.SECRET, body))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).statusCode()));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get());
            }
            return statuses;
        } finally {
            senders.shutdownNow();
        }
    }
}
