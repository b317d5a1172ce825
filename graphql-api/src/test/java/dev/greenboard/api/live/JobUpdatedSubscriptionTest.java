package dev.greenboard.api.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import dev.greenboard.model.ci.JobChangeNotices;
import dev.greenboard.model.database.TestDatabase;
import dev.greenboard.testkit.HistoryBuilder;

/**
 * {@code jobUpdated} over graphql-transport-ws: a change of a job reaches a subscriber through PostgreSQL's notices,
 * whichever instance stored it.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class JobUpdatedSubscriptionTest {

    @Inject
    Vertx vertx;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    JobChangeListener listener;

    @TestHTTPResource("/graphql")
    URI graphql;

    WebSocket socket;

    @Test
    void webhookChangingAJobIsPushedToSubscribers() throws Exception {
        String repo = "live/r" + UUID.randomUUID().toString().substring(0, 8);
        BlockingQueue<JsonObject> messages = subscribe(repo);

        HistoryBuilder history = new HistoryBuilder(repo, "main");
        String sha = HistoryBuilder.sha("live");
        Instant now = Instant.now();
        long jobId = history.job(sha, HistoryBuilder.nextId(), 1, "pull", "linux / build", "in_progress", null,
                now, now, null, List.of("linux"));

        JsonObject job = pushedJob(messages);
        assertEquals(jobId, Long.parseLong(job.getValue("id").toString()));
        assertEquals("in_progress", job.getString("status"));

        // A job on another branch is not pushed to a subscriber of main; the next change on main is.
        new HistoryBuilder(repo, "feature").job(HistoryBuilder.sha("other"), HistoryBuilder.nextId(), 1, "pull",
                "linux / build", "queued", null, now, null, null, List.of("linux"));
        history.job(sha, HistoryBuilder.nextId(), 1, "pull", "linux / test", "queued", null, now, null, null,
                List.of("linux"));
        assertEquals("linux / test", pushedJob(messages).getString("name"));
        assertNull(messages.poll(500, TimeUnit.MILLISECONDS));
    }

    /**
     * Another instance is another connection to the same database: a change it stores and announces is pushed here
     * once it commits, and not before.
     */
    @Test
    void aChangeStoredByAnotherInstanceIsPushedOnceCommitted() throws Exception {
        String repo = "live/r" + UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now();
        long jobId = new HistoryBuilder(repo, "main").job(HistoryBuilder.sha("elsewhere"), HistoryBuilder.nextId(), 1,
                "pull", "linux / build", "queued", null, now, null, null, List.of("linux"));
        BlockingQueue<JsonObject> messages = subscribe(repo);

        try (Connection otherInstance = dataSource.getConnection()) {
            otherInstance.setAutoCommit(false);
            try (PreparedStatement update = otherInstance.prepareStatement(
                    "update job set status = 'completed', conclusion = 'success', completed_at = now() where id = ?")) {
                update.setLong(1, jobId);
                update.executeUpdate();
            }
            JobChangeNotices.announce(otherInstance, List.of(jobId));
            assertNull(messages.poll(700, TimeUnit.MILLISECONDS), "nothing is announced before the commit");
            otherInstance.commit();
        }
        JsonObject job = pushedJob(messages);
        assertEquals(jobId, Long.parseLong(job.getValue("id").toString()));
        assertEquals("completed", job.getString("status"));
        assertEquals("success", job.getString("conclusion"));
    }

    /** The listening connection cut (as by a database restart): it listens again and subscriptions go on. */
    @Test
    void subscriptionsOutliveTheListeningConnection() throws Exception {
        String repo = "live/r" + UUID.randomUUID().toString().substring(0, 8);
        BlockingQueue<JsonObject> messages = subscribe(repo);
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet killed = statement.executeQuery("select pg_terminate_backend(pid) from pg_stat_activity"
                        + " where query like 'LISTEN%" + JobChangeNotices.CHANNEL + "%'")) {
            assertTrue(killed.next(), "the listening connection is found");
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!listenerIsBack() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(listenerIsBack(), "listening again");

        long jobId = new HistoryBuilder(repo, "main").job(HistoryBuilder.sha("after"), HistoryBuilder.nextId(), 1,
                "pull", "linux / build", "in_progress", null, Instant.now(), Instant.now(), null, List.of("linux"));
        assertEquals(jobId, Long.parseLong(pushedJob(messages).getValue("id").toString()));
    }

    private boolean listenerIsBack() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet listening = statement.executeQuery("select count(*) from pg_stat_activity"
                        + " where query like 'LISTEN%" + JobChangeNotices.CHANNEL + "%' and state = 'idle'")) {
            listening.next();
            return listening.getInt(1) > 0 && listener.listening();
        }
    }

    /** A graphql-transport-ws subscription to {@code jobUpdated} on main; closed after the test. */
    private BlockingQueue<JsonObject> subscribe(String repo) throws Exception {
        BlockingQueue<JsonObject> messages = new LinkedBlockingQueue<>();
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(graphql.getHost())
                .setPort(graphql.getPort()).setURI(graphql.getPath()).addSubProtocol("graphql-transport-ws");
        socket = vertx.createWebSocketClient().connect(options).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        // The server's keep-alive pings (graphql-transport-ws) are answered as a client does, not queued: the test
        // reads the subscription's messages.
        socket.textMessageHandler(text -> {
            JsonObject message = new JsonObject(text);
            if ("ping".equals(message.getString("type"))) {
                socket.writeTextMessage(new JsonObject().put("type", "pong").encode());
            } else {
                messages.add(message);
            }
        });
        socket.writeTextMessage(new JsonObject().put("type", "connection_init").put("payload", new JsonObject())
                .encode());
        assertEquals("connection_ack", messages.poll(10, TimeUnit.SECONDS).getString("type"));
        socket.writeTextMessage(new JsonObject().put("id", "1").put("type", "subscribe").put("payload",
                new JsonObject().put("query", "subscription($repo: String!) { jobUpdated(repo: $repo, branch: \"main\")"
                        + " { id name status conclusion } }").put("variables", new JsonObject().put("repo", repo)))
                .encode());
        Thread.sleep(500); // the subscription is registered asynchronously
        return messages;
    }

    private static JsonObject pushedJob(BlockingQueue<JsonObject> messages) throws InterruptedException {
        JsonObject next = messages.poll(10, TimeUnit.SECONDS);
        assertNotNull(next, "a job was pushed");
        assertEquals("next", next.getString("type"), next.encode());
        return next.getJsonObject("payload").getJsonObject("data").getJsonObject("jobUpdated");
    }

    @AfterEach
    void close() {
        if (socket != null) {
            socket.close();
        }
    }
}
