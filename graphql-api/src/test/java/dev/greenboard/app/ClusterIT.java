package dev.greenboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

import io.restassured.RestAssured;
import io.vertx.core.json.JsonObject;

import dev.greenboard.api.read.ReplicatedDatabase;
import dev.greenboard.model.database.DatabaseUrl;
import dev.greenboard.testkit.HistoryBuilder;
import dev.greenboard.testkit.Webhooks;

/**
 * Greenboard as several instances: a PostgreSQL 15 primary with a streaming standby for reads, two packaged instances
 * and HAProxy in front of them (as docs/deploy.md configures it). A change that reaches one instance is pushed to a
 * subscriber of the other; uploads and webhooks keep coming through the load balancer while one instance is killed
 * with SIGKILL and started again, and everything that got a 2xx is stored exactly once.
 */
@EnabledIf(value = "clusterCanRun", disabledReason = "needs Debian's postgresql-15 and haproxy")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");
    private static final String TOKEN = "cluster-token";

    @TempDir
    static Path dir;

    static ReplicatedDatabase database;
    static final int[] PORTS = new int[2];
    static final AppProcess[] INSTANCES = new AppProcess[2];
    static Process haproxy;
    static int balancerPort;

    static boolean clusterCanRun() {
        return (ReplicatedDatabase.available() && Files.isExecutable(HAPROXY))
                || "true".equals(System.getenv("GREENBOARD_REQUIRE_POSTGRES_CLUSTER"));
    }

    @BeforeAll
    static void startCluster() throws Exception {
        database = new ReplicatedDatabase();
        database.start();
        for (int i = 0; i < 2; i++) {
            PORTS[i] = AppProcess.freePort();
        }
        // The first instance migrates the schema; the second starts once it is ready, as docs/deploy.md says.
        INSTANCES[0] = AppProcess.start(env(0), PORTS[0]).awaitReady();
        INSTANCES[1] = AppProcess.start(env(1), PORTS[1]).awaitReady();
        balancerPort = AppProcess.freePort();
        Path config = dir.resolve("haproxy.cfg");
        Files.writeString(config, """
                global
                    maxconn 512
                defaults
                    mode http
                    timeout connect 2s
                    timeout client 60s
                    timeout server 60s
                    timeout tunnel 1h
                    retries 3
                    option redispatch
                    retry-on conn-failure empty-response response-timeout
                frontend greenboard
                    bind 127.0.0.1:%d
                    default_backend greenboard
                backend greenboard
                    balance roundrobin
                    option httpchk GET /q/health/ready
                    default-server inter 500ms fall 2 rise 2
                    server gb1 127.0.0.1:%d check
                    server gb2 127.0.0.1:%d check
                """.formatted(balancerPort, PORTS[0], PORTS[1]));
        haproxy = new ProcessBuilder(HAPROXY.toString(), "-db", "-f", config.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("haproxy.log").toFile()).start();
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (status(client, get("/q/health/ready")) != 200) {
            assertTrue(System.nanoTime() < deadline,
                    "HAProxy answers: " + Files.readString(dir.resolve("haproxy.log")));
            Thread.sleep(200);
        }
    }

    private static Map<String, String> env(int instance) throws IOException {
        Path dataDir = Files.createDirectories(dir.resolve("instance-" + instance));
        Map<String, String> env = new HashMap<>();
        env.put("GREENBOARD_DATA_DIR", dataDir.toString());
        env.put("GREENBOARD_DB_URL", ReplicatedDatabase.primaryUrl().withCredentials());
        env.put("GREENBOARD_DB_READ_URLS", ReplicatedDatabase.standbyUrl().withCredentials());
        env.put("GREENBOARD_INGEST_TOKENS", TOKEN);
        env.put("GREENBOARD_GITHUB_WEBHOOK_SECRET", Webhooks.SECRET);
        return env;
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (haproxy != null) {
            haproxy.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        for (AppProcess instance : INSTANCES) {
            if (instance != null) {
                instance.close();
            }
        }
        if (database != null) {
            database.stop();
        }
    }

    @Test
    @Order(1)
    void aChangeThatReachedOneInstanceIsPushedToASubscriberOfTheOther() throws Exception {
        String repo = "cluster/live-" + UUID.randomUUID().toString().substring(0, 8);
        BlockingQueue<JsonObject> messages = new LinkedBlockingQueue<>();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("graphql-transport-ws")
                .buildAsync(URI.create("ws://127.0.0.1:" + PORTS[1] + "/graphql"), new WebSocket.Listener() {

                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            messages.add(new JsonObject(text.toString()));
                            text.setLength(0);
                        }
                        webSocket.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        socket.sendText(new JsonObject().put("type", "connection_init").put("payload", new JsonObject()).encode(),
                true);
        assertEquals("connection_ack", messages.poll(10, TimeUnit.SECONDS).getString("type"));
        socket.sendText(new JsonObject().put("id", "1").put("type", "subscribe").put("payload", new JsonObject()
                .put("query", "subscription($repo: String!) { jobUpdated(repo: $repo) { id status } }")
                .put("variables", new JsonObject().put("repo", repo))).encode(), true);
        Thread.sleep(1_000); // the subscription is registered asynchronously

        RestAssured.port = PORTS[0]; // the webhook goes to the other instance
        long jobId;
        try {
            jobId = new HistoryBuilder(repo, "main").job(HistoryBuilder.sha(repo), HistoryBuilder.nextId(), 1, "pull",
                    "linux / build", "in_progress", null, Instant.now(), Instant.now(), null, List.of("linux"));
        } finally {
            RestAssured.reset();
        }
        JsonObject next = messages.poll(15, TimeUnit.SECONDS);
        assertNotNull(next, "the subscriber on the other instance was told");
        JsonObject job = next.getJsonObject("payload").getJsonObject("data").getJsonObject("jobUpdated");
        assertEquals(jobId, Long.parseLong(job.getValue("id").toString()));
        assertEquals("in_progress", job.getString("status"));
        socket.abort();
    }

    /**
     * Four uploaders and eight webhook senders through the load balancer; one instance is killed with SIGKILL after
     * 5 s and started again on its port.
     */
    @Test
    @Order(2)
    void anInstanceKilledUnderLoadLosesNothingThatWasAcknowledged() throws Exception {
        Load load = Load.start("cluster/kill-" + UUID.randomUUID().toString().substring(0, 8));
        Thread.sleep(5_000);
        INSTANCES[0].kill();
        Thread.sleep(3_000);
        INSTANCES[0] = AppProcess.start(env(0), PORTS[0]).awaitReady();
        Thread.sleep(5_000);
        load.stopAndCheck();
    }

    /**
     * The primary restarted under the same load: the instances' readiness goes DOWN and comes back UP by itself, and
     * everything acknowledged is stored once.
     */
    @Test
    @Order(3)
    void theDatabaseRestartedUnderLoadLosesNothingThatWasAcknowledged() throws Exception {
        Load load = Load.start("cluster/restart-" + UUID.randomUUID().toString().substring(0, 8));
        Thread.sleep(3_000);
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORTS[1] + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        Thread restart = new Thread(() -> {
            try {
                ReplicatedDatabase.restartPrimary();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, "primary-restart");
        restart.start();
        boolean sawDown = false;
        boolean upAgain = false;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline && !upAgain) {
            int status = status(client, ready);
            sawDown |= status == 503;
            upAgain = sawDown && status == 200 && !restart.isAlive();
            Thread.sleep(50);
        }
        restart.join();
        Thread.sleep(3_000);
        load.stopAndCheck();
        assertTrue(sawDown, "readiness went DOWN while the database was away");
        assertTrue(upAgain, "readiness came back UP by itself");
    }

    /**
     * Uploads (4 threads) and webhook deliveries (8 threads) through the load balancer until stopped. A client sends a
     * request again, with the same idempotency key or delivery id, when the connection failed or the answer says the
     * service is away for now (502/503/504), as GitHub's redelivery and the upload action's retries do.
     */
    private static final class Load {

        private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        private final List<String> reports = Collections.synchronizedList(new ArrayList<>());
        private final List<String> deliveries = Collections.synchronizedList(new ArrayList<>());
        private final Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        private final AtomicInteger gaveUp = new AtomicInteger();
        private final AtomicBoolean sending = new AtomicBoolean(true);
        private final List<Thread> senders = new ArrayList<>();

        static Load start(String repo) {
            Load load = new Load();
            for (int s = 0; s < 12; s++) {
                boolean uploader = s < 4;
                int sender = s;
                Thread thread = new Thread(() -> {
                    for (int i = 0; load.sending.get(); i++) {
                        String id = repo.replace('/', '-') + "-" + sender + "-" + i;
                        HttpRequest request = uploader ? upload(repo, id) : webhook(repo, id);
                        int status = sendUntilAnswered(load.client, request);
                        load.statuses.merge(status, 1, Integer::sum);
                        if (status / 100 == 2) {
                            (uploader ? load.reports : load.deliveries).add(id);
                        } else {
                            load.gaveUp.incrementAndGet();
                        }
                    }
                }, (uploader ? "uploader-" : "webhooks-") + s);
                thread.start();
                load.senders.add(thread);
            }
            return load;
        }

        void stopAndCheck() throws Exception {
            sending.set(false);
            for (Thread sender : senders) {
                sender.join(TimeUnit.SECONDS.toMillis(120));
                assertTrue(!sender.isAlive(), sender.getName() + " finished");
            }
            System.out.printf("ClusterIT load: %d reports and %d deliveries acknowledged; final answers %s%n",
                    reports.size(), deliveries.size(), statuses);
            assertEquals(0, gaveUp.get(), "every request was answered 2xx in the end: " + statuses);
            assertTrue(reports.size() > 10 && deliveries.size() > 10, reports.size() + " reports, "
                    + deliveries.size() + " deliveries");
            DatabaseUrl primary = ReplicatedDatabase.primaryUrl();
            try (Connection connection = DriverManager.getConnection(primary.jdbcUrl(), primary.user(), "")) {
                // An Idempotency-Key is stored as "key:<key>".
                List<String> keys = reports.stream().map(key -> "key:" + key).toList();
                assertEquals(reports.size(), count(connection,
                        "select count(*) from test_report where idempotency_key = any(?)", keys),
                        "every acknowledged report is stored, once");
                assertEquals(reports.size(), count(connection, "select count(*) from test_result r join test_report t"
                        + " on t.id = r.report_id where t.idempotency_key = any(?)", keys),
                        "each report's one test result, once");
                assertEquals(deliveries.size(), count(connection,
                        "select count(*) from webhook_delivery where delivery_id = any(?)", deliveries),
                        "every acknowledged delivery is stored, once");
            }
        }
    }

    private static int count(Connection connection, String sql, List<String> ids) throws Exception {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setArray(1, connection.createArrayOf("text", ids.toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    private static HttpRequest upload(String repo, String key) {
        String junit = """
                <testsuite name="cluster" tests="1"><testcase classname="ClusterTest" name="test_%s" file="test/c.py"\
                 time="0.5"/></testsuite>""".formatted(key.replace('-', '_'));
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + balancerPort + "/api/v1/test-reports?repo="
                + repo + "&sha=" + HistoryBuilder.sha(key) + "&job_name=cluster"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/xml")
                .header("Idempotency-Key", key).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(junit)).build();
    }

    private static HttpRequest webhook(String repo, String deliveryId) {
        byte[] body = new JsonObject().put("action", "created").put("repository", new JsonObject()
                .put("id", HistoryBuilder.githubIdOf(repo)).put("full_name", repo).put("default_branch", "main"))
                .encode().getBytes(StandardCharsets.UTF_8);
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + balancerPort + "/api/v1/github/webhook"))
                .header("X-GitHub-Event", "star").header("X-GitHub-Delivery", deliveryId)
                .header("X-Hub-Signature-256", Webhooks.sign(Webhooks.SECRET, body))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    /** Sends until an answer that is not about reaching an instance; gives up after a minute (returns its status). */
    private static int sendUntilAnswered(HttpClient client, HttpRequest request) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int status = 0;
        while (System.nanoTime() < deadline) {
            status = status(client, request);
            if (status != 0 && status != 502 && status != 503 && status != 504) {
                return status;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return status;
            }
        }
        return status;
    }

    private static HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + balancerPort + path))
                .timeout(Duration.ofSeconds(5)).build();
    }

    /** The answer's status; 0 when the connection failed. */
    private static int status(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }
}
