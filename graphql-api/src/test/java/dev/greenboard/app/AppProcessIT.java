package dev.greenboard.app;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.greenboard.model.database.EmbeddedDatabase;

/**
 * The application as a user runs it: the packaged jar on the embedded database, restarted cleanly and after SIGKILL;
 * on an external database; and refusing to start on a bad {@code GREENBOARD_DB_URL}.
 */
class AppProcessIT {

    @TempDir
    Path dataDir;

    private static void writeDocument(AppProcess app, String token, String id, String field, int inserted) {
        given().baseUri(app.baseUrl()).auth().oauth2(token).contentType("application/json")
                .body("{\"_id\": \"" + id + "\", \"" + field + "\": 1}")
                .post("/api/v1/collections/restarts/documents").then().statusCode(200)
                .body("inserted", equalTo(inserted)).body("updated", equalTo(1 - inserted));
    }

    @Test
    void embeddedDatabaseKeepsDataAcrossRestartAndSigkill() throws Exception {
        Map<String, String> env = Map.of("GREENBOARD_DATA_DIR", dataDir.toString());
        Path pidFile = dataDir.resolve("pgdata/postmaster.pid");
        String token;
        try (AppProcess app = AppProcess.start(env).awaitReady()) {
            assertTrue(app.output().contains("(embedded PostgreSQL in " + dataDir + ")"), app.output());
            assertTrue(app.output().contains("Generated ingest token gb_"), app.output());
            token = Files.readString(dataDir.resolve("ingest-token"), StandardCharsets.UTF_8).trim();
            given().baseUri(app.baseUrl()).get("/q/health/ready").then().statusCode(200)
                    .body("status", equalTo("UP"));
            writeDocument(app, token, "doc-1", "first", 1);
            app.stop();
            assertFalse(Files.exists(pidFile), "embedded PostgreSQL still running after a clean stop");
        }

        try (AppProcess app = AppProcess.start(env).awaitReady()) {
            assertFalse(app.output().contains("Generated ingest token"), "the token is printed only once");
            writeDocument(app, token, "doc-1", "second", 0); // an update: the document survived the restart
            writeDocument(app, token, "doc-2", "first", 1);
            app.kill();
        }
        assertTrue(Files.exists(pidFile), "after SIGKILL the orphaned server still holds the data dir");
        long orphanPid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        assertTrue(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive).orElse(false));

        try (AppProcess app = AppProcess.start(env).awaitReady()) {
            assertFalse(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive).orElse(false),
                    "the orphaned server was stopped");
            writeDocument(app, token, "doc-2", "second", 0); // written just before the kill, still there
            writeDocument(app, token, "doc-1", "third", 0);
        }
    }

    /**
     * Uploads keep coming while the embedded postmaster is killed (SIGKILL, as the OOM killer or an operator would):
     * the supervisor restarts it, readiness goes DOWN and back UP, requests meanwhile are answered 503 with
     * Retry-After (never 500), and every document acknowledged with a 2xx is there afterwards.
     */
    @Test
    void aKilledEmbeddedPostmasterIsRestartedAndNothingAcknowledgedIsLost() throws Exception {
        Map<String, String> env = Map.of("GREENBOARD_DATA_DIR", dataDir.toString(), "GREENBOARD_INGEST_TOKENS",
                "it-token");
        try (AppProcess app = AppProcess.start(env).awaitReady()) {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
            Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
            AtomicBoolean sending = new AtomicBoolean(true);
            List<Thread> senders = new ArrayList<>();
            for (int s = 0; s < 4; s++) {
                int sender = s;
                Thread thread = new Thread(() -> {
                    for (int i = 0; sending.get(); i++) {
                        String id = "kill-" + sender + "-" + i;
                        int status = postDocument(client, app, id);
                        statuses.merge(status, 1, Integer::sum);
                        if (status / 100 == 2) {
                            acknowledged.add(id);
                        }
                    }
                }, "uploader-" + sender);
                thread.start();
                senders.add(thread);
            }
            Thread.sleep(1_000);
            Path pidFile = dataDir.resolve("pgdata/postmaster.pid");
            long postmaster = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
            new ProcessBuilder("kill", "-9", Long.toString(postmaster)).start().waitFor();

            boolean sawDown = false;
            boolean upAgain = false;
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (System.nanoTime() < deadline && !upAgain) {
                int ready = get(client, app, "/q/health/ready");
                sawDown |= ready == 503;
                upAgain = sawDown && ready == 200;
                Thread.sleep(100);
            }
            Thread.sleep(1_000); // uploads go on after the restart
            sending.set(false);
            for (Thread sender : senders) {
                sender.join();
            }
            assertTrue(sawDown, "readiness went DOWN while the server was away");
            assertTrue(upAgain, "readiness came back UP by itself: " + app.output());
            assertFalse(statuses.containsKey(500), "no 500 while the database was away: " + statuses);
            assertTrue(statuses.getOrDefault(503, 0) + statuses.getOrDefault(0, 0) > 0,
                    "some uploads met the outage: " + statuses);
            assertTrue(statuses.getOrDefault(200, 0) > acknowledged.size() / 2, "uploads worked before and after");
            try (Connection connection = DriverManager.getConnection(ownerJdbcUrl(), ownerUser(), ownerPassword());
                    PreparedStatement statement = connection.prepareStatement(
                            "select count(*) from document where collection = 'kill' and id = any(?)")) {
                statement.setArray(1, connection.createArrayOf("text", acknowledged.toArray()));
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    assertEquals(acknowledged.size(), rs.getInt(1), "every acknowledged upload is stored");
                }
            }
        }
    }

    /** The embedded server's JDBC URL: its port is the fourth line of postmaster.pid. */
    private String ownerJdbcUrl() throws IOException {
        return "jdbc:postgresql://localhost:" + Files.readAllLines(dataDir.resolve("pgdata/postmaster.pid")).get(3)
                .trim() + "/greenboard";
    }

    private String ownerUser() {
        return "greenboard";
    }

    private String ownerPassword() throws IOException {
        return Files.readString(dataDir.resolve("postgres-credentials/greenboard.password")).trim();
    }

    /** The status of a document upload; 0 when the connection failed. */
    private static int postDocument(HttpClient client, AppProcess app, String id) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/v1/collections/kill/documents"))
                .header("Authorization", "Bearer it-token").header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString("{\"_id\": \"" + id + "\", \"n\": 1}")).build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private static int get(HttpClient client, AppProcess app, String path) {
        try {
            return client.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + path)).timeout(Duration.ofSeconds(5))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    @Test
    void externalDatabaseIsUsedAndNoEmbeddedServerStarts(@TempDir Path externalDir) throws Exception {
        try (EmbeddedDatabase external = EmbeddedDatabase.start(externalDir)) {
            String url = external.url().withCredentials();
            Map<String, String> env = Map.of("GREENBOARD_DATA_DIR", dataDir.toString(), "GREENBOARD_DB_URL", url,
                    "GREENBOARD_INGEST_TOKENS", "it-token");
            try (AppProcess app = AppProcess.start(env).awaitReady()) {
                assertTrue(app.output().contains("(PostgreSQL at " + external.url().redacted() + ")"), app.output());
                assertFalse(app.output().contains(external.url().password()), "the password must not be printed");
                writeDocument(app, "it-token", "ext-1", "first", 1);
            }
            assertFalse(Files.exists(dataDir.resolve("pgdata")), "an embedded server was started");
            try (Connection connection = DriverManager.getConnection(external.url().jdbcUrl(), external.url().user(),
                    external.url().password());
                    ResultSet rs = connection.createStatement()
                            .executeQuery("select count(*) from document where id = 'ext-1'")) {
                rs.next();
                assertEquals(1, rs.getInt(1));
            }
        }
    }

    @Test
    void demoModeSeedsAnEmptyDatabaseWithAFullHud() throws Exception {
        Map<String, String> env = Map.of("GREENBOARD_DATA_DIR", dataDir.toString(), "GREENBOARD_DEMO", "true");
        try (AppProcess app = AppProcess.start(env).awaitReady()) {
            assertTrue(app.output().contains("Demo history for [greenboard/demo]: 24 commits"), app.output());
            var hud = given().baseUri(app.baseUrl()).contentType("application/json")
                    .body(Map.of("query", "{ hud(repo: \"greenboard/demo\", first: 50) { jobNames rows { cells {"
                            + " status } } } }"))
                    .post("/graphql").then().statusCode(200).body("errors", org.hamcrest.Matchers.nullValue())
                    .extract().jsonPath();
            assertEquals(24, hud.getList("data.hud.rows").size());
            String statuses = hud.getList("data.hud.rows.cells.status").toString();
            for (String status : new String[]{"SUCCESS", "FAILURE", "FLAKY", "RUNNING", "QUEUED"}) {
                assertTrue(statuses.contains(status), status + " missing from " + statuses);
            }
            given().baseUri(app.baseUrl()).queryParam("repo", "greenboard/demo").get("/api/v1/stats/test-times.json")
                    .then().statusCode(200).body("'linux-jammy-py3.10-gcc11'.default", org.hamcrest.Matchers
                            .notNullValue());
        }
        // A second start on the same data adds nothing.
        try (AppProcess app = AppProcess.start(env).awaitReady()) {
            assertTrue(app.output().contains("the database has data: no demo history is added"), app.output());
        }
    }

    @Test
    void badDatabaseUrlFailsTheStartWithAClearMessage() throws Exception {
        try (AppProcess app = AppProcess.start(Map.of("GREENBOARD_DATA_DIR", dataDir.toString(),
                "GREENBOARD_DB_URL", "mysql://root@localhost/ci"))) {
            assertNotEquals(0, app.awaitExit());
            assertTrue(app.output().contains("Greenboard cannot start: GREENBOARD_DB_URL is not a valid PostgreSQL"
                    + " URL: its scheme is 'mysql'"), app.output());
        }
        try (AppProcess app = AppProcess.start(Map.of("GREENBOARD_DATA_DIR", dataDir.toString(),
                "GREENBOARD_DB_URL", "postgresql://ci:secret@127.0.0.1:1/ci"))) {
            assertNotEquals(0, app.awaitExit());
            String output = app.output();
            assertTrue(output.contains("Cannot connect to the database in GREENBOARD_DB_URL"
                    + " (postgresql://ci@127.0.0.1:1/ci)"), output);
            assertFalse(output.contains("secret"), "the password must not be printed");
        }
    }
}
