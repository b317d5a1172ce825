package dev.greenboard.api.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import dev.greenboard.model.database.TestDatabase;
import dev.greenboard.testkit.HistoryBuilder;

/** {@code jobUpdated} over graphql-transport-ws: a webhook that changes a job reaches a subscriber. */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class JobUpdatedSubscriptionTest {

    @Inject
    Vertx vertx;

    @TestHTTPResource("/graphql")
    URI graphql;

    @Test
    void webhookChangingAJobIsPushedToSubscribers() throws Exception {
        String repo = "live/r" + UUID.randomUUID().toString().substring(0, 8);
        BlockingQueue<JsonObject> messages = new LinkedBlockingQueue<>();
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(graphql.getHost())
                .setPort(graphql.getPort()).setURI(graphql.getPath()).addSubProtocol("graphql-transport-ws");
        WebSocket socket = vertx.createWebSocketClient().connect(options).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        socket.textMessageHandler(text -> messages.add(new JsonObject(text)));
        socket.writeTextMessage(new JsonObject().put("type", "connection_init").put("payload", new JsonObject())
                .encode());
        assertEquals("connection_ack", messages.poll(10, TimeUnit.SECONDS).getString("type"));
        socket.writeTextMessage(new JsonObject().put("id", "1").put("type", "subscribe").put("payload",
                new JsonObject().put("query", "subscription($repo: String!) { jobUpdated(repo: $repo, branch: \"main\")"
                        + " { id name status conclusion } }").put("variables", new JsonObject().put("repo", repo)))
                .encode());
        Thread.sleep(500); // the subscription is registered asynchronously

        HistoryBuilder history = new HistoryBuilder(repo, "main");
        String sha = HistoryBuilder.sha("live");
        Instant now = Instant.now();
        long jobId = history.job(sha, HistoryBuilder.nextId(), 1, "pull", "linux / build", "in_progress", null,
                now, now, null, List.of("linux"));

        JsonObject next = messages.poll(10, TimeUnit.SECONDS);
        assertEquals("next", next.getString("type"), next.encode());
        JsonObject job = next.getJsonObject("payload").getJsonObject("data").getJsonObject("jobUpdated");
        assertEquals(jobId, Long.parseLong(job.getValue("id").toString()));
        assertEquals("in_progress", job.getString("status"));

        // A job on another branch is not pushed to a subscriber of main; the next change on main is.
        new HistoryBuilder(repo, "feature").job(HistoryBuilder.sha("other"), HistoryBuilder.nextId(), 1, "pull",
                "linux / build", "queued", null, now, null, null, List.of("linux"));
        history.job(sha, HistoryBuilder.nextId(), 1, "pull", "linux / test", "queued", null, now, null, null,
                List.of("linux"));
        JsonObject second = messages.poll(10, TimeUnit.SECONDS);
        assertEquals("linux / test", second.getJsonObject("payload").getJsonObject("data")
                .getJsonObject("jobUpdated").getString("name"), second.encode());
        assertNull(messages.poll(500, TimeUnit.MILLISECONDS));
        socket.close();
    }

}
