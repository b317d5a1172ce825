package dev.greenboard.api.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import dev.greenboard.model.database.TestDatabase;

/**
 * The HTTP limits of issue #11 with the inputs that found them: bodies sent at 1 byte/s (408, and the server keeps
 * answering), URLs and headers over their limits (414/431 with a JSON body), too many requests in progress from one
 * client (429). The worker pool is small here (16 threads), so that the 40 slow bodies would exhaust it if each held a
 * worker while it trickles in, as each did before (RESTEasy gives a blocking endpoint its worker before the body). No
 * timing is asserted: "keeps answering" means it answers within a client timeout of 5 s, while the body timeout is
 * 12 s.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
@TestProfile(HttpLimitsTest.ShortTimeouts.class)
class HttpLimitsTest {

    public static class ShortTimeouts implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            // The body timeout is longer than the client's: the server must keep answering while slow bodies are
            // still arriving, not only once it has cut them off.
            return Map.of("greenboard.http.body-timeout", "12s", "greenboard.http.max-requests-per-client", "60",
                    "quarkus.thread-pool.max-threads", "16");
        }
    }

    private static final int SLOW_CONNECTIONS = 40;
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(5);

    @TestHTTPResource("/")
    URL base;

    @Inject
    HttpLimits limits;

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CLIENT_TIMEOUT).build();
    private final List<Socket> sockets = new ArrayList<>();
    private final ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void closeSockets() throws IOException {
        trickle.shutdownNow();
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    @Test
    void slowBodiesGet408AndTheServerKeepsAnsweringMeanwhile() throws Exception {
        for (int i = 0; i < SLOW_CONNECTIONS; i++) {
            Socket socket = slowUpload();
            // 20 KB at once, then one byte a second: past RESTEasy's old 10 KB event-loop buffer.
            socket.getOutputStream().write(new byte[20_000]);
            socket.getOutputStream().flush();
        }
        trickle.scheduleAtFixedRate(() -> {
            for (Socket socket : sockets) {
                try {
                    socket.getOutputStream().write(' ');
                    socket.getOutputStream().flush();
                } catch (IOException closedByTheServer) {
                    // the 408 closed it
                }
            }
        }, 1, 1, TimeUnit.SECONDS);

        HttpResponse<String> ready = send(HttpRequest.newBuilder(uri("q/health/ready")).GET());
        assertEquals(200, ready.statusCode(), ready.body());
        String sha = UUID.randomUUID().toString().replace("-", "");
        HttpResponse<String> upload = send(
                HttpRequest.newBuilder(uri("api/v1/test-reports?repo=slow/bodies&sha=" + sha))
                        .header("Authorization", "Bearer test-token-1").header("Content-Type", "application/xml")
                        .POST(HttpRequest.BodyPublishers.ofString("<testsuite><testcase classname=\"C\" name=\"t\"/>"
                                + "</testsuite>")));
        assertEquals(201, upload.statusCode(), upload.body());

        for (Socket socket : sockets) {
            String answer = readAnswer(socket);
            assertThat(answer, startsWith("HTTP/1.1 408"));
            JsonNode body = json.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
            assertEquals("request_timeout", body.path("error").asText());
            assertThat(body.path("detail").asText(), containsString("greenboard.http.body-timeout"));
        }
    }

    @Test
    void aUrlOverTheLimitGets414WithAJsonBody() throws Exception {
        // Issue #11: a URL over 4 KB got 414 with an empty body.
        HttpResponse<String> answer = send(HttpRequest.newBuilder(
                uri("api/v1/stats/test-times.json?repo=a/b&filter=" + "x".repeat(5000))).GET());
        assertEquals(414, answer.statusCode());
        JsonNode body = json.readTree(answer.body());
        assertEquals("uri_too_long", body.path("error").asText());
        assertThat(body.path("detail").asText(), containsString("greenboard.http.max-url-length"));
    }

    @Test
    void headersOverTheLimitGet431WithAJsonBody() throws Exception {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(uri("api/v1/queries")).header("X-Padding",
                "y".repeat(25_000)).GET());
        assertEquals(431, answer.statusCode());
        JsonNode body = json.readTree(answer.body());
        assertEquals("headers_too_large", body.path("error").asText());
        assertThat(body.path("detail").asText(), containsString("greenboard.http.max-header-bytes"));
    }

    @Test
    void aClientPastItsRequestsInProgressGets429AndHealthStillAnswers() throws Exception {
        // More than the limit of 60: whichever of them the server reads last is refused, and 60 stay in progress.
        for (int i = 0; i < 65; i++) {
            slowUpload();
        }
        for (int attempt = 0; attempt < 100 && limits.inProgress("127.0.0.1") < 60; attempt++) {
            Thread.sleep(100); // until the server has read their headers
        }
        HttpResponse<String> refused = send(HttpRequest.newBuilder(uri("api/v1/queries")).GET());
        assertEquals(429, refused.statusCode(), "requests in progress: " + limits.inProgress());
        JsonNode body = json.readTree(refused.body());
        assertEquals("too_many_requests", body.path("error").asText());
        assertThat(body.path("detail").asText(), containsString("greenboard.http.max-requests-per-client"));
        assertEquals(200, send(HttpRequest.newBuilder(uri("q/health/ready")).GET()).statusCode());

        for (Socket socket : sockets) {
            socket.close();
        }
        HttpResponse<String> again = null;
        for (int attempt = 0; attempt < 50; attempt++) {
            again = send(HttpRequest.newBuilder(uri("api/v1/queries")).GET());
            if (again.statusCode() != 429) {
                break;
            }
            Thread.sleep(100);
        }
        assertEquals(200, again.statusCode(), again.body());
    }

    /**
     * SmallRye GraphQL answers with handlers of its own on the response: every GraphQL request used to stay counted,
     * and a client was refused after 256 of them.
     */
    @Test
    void answeredRequestsStopCountingGraphqlIncluded() throws Exception {
        String query = "{ repositories(first: 1) { pageInfo { hasNextPage } } }";
        for (int i = 0; i < 3; i++) {
            given().contentType("application/json").body(Map.of("query", query)).post("/graphql").then()
                    .statusCode(200);
            given().queryParam("query", query).get("/graphql").then().statusCode(200);
            given().contentType("application/json").body(Map.of("query", "{ nope }")).post("/graphql");
            given().options("/graphql");
            given().get("/api/v1/queries").then().statusCode(200);
        }
        for (int attempt = 0; attempt < 50 && limits.inProgress("127.0.0.1") > 0; attempt++) {
            Thread.sleep(100);
        }
        assertEquals(0, limits.inProgress("127.0.0.1"), "requests in progress: " + limits.inProgress());
    }

    /** Java's HttpClient sends HTTP/2 over cleartext (h2c) when it may: such an upload is stored like any other. */
    @Test
    void anHttp2UploadIsStored() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        String id = "h2c-" + UUID.randomUUID();
        // The first request on a connection is HTTP/1.1 asking for the upgrade; the next ones are HTTP/2 streams.
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(base.toURI()
                    .resolve("/api/v1/collections/h2c/documents")).header("Authorization", "Bearer test-token-1")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"_id\": \"" + id + "-" + i + "\", \"n\": 1}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(2, answer.statusCode() / 100, answer.version() + " " + answer.body());
            if (i > 0) {
                assertEquals(HttpClient.Version.HTTP_2, answer.version());
            }
        }
    }

    @Test
    void aWebSocketUpgradeOutsideGraphqlIsRefused() {
        given().header("Upgrade", "websocket").header("Connection", "Upgrade").get("/api/v1/queries").then()
                .statusCode(400).body("error", equalTo("upgrade_refused"));
    }

    @Test
    void aSubscriptionsWebSocketIsARequestInProgressUntilItCloses() throws Exception {
        String client = "127.0.0.1";
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /graphql HTTP/1.1\r\nHost: " + base.getHost() + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: graphql-transport-ws\r\n"
                    + "\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            byte[] status = socket.getInputStream().readNBytes(12);
            assertEquals("HTTP/1.1 101", new String(status, StandardCharsets.US_ASCII));
            assertEquals(1, limits.inProgress(client), "the open WebSocket is counted");
        }
        // Closed, it is counted no more: an address does not run out of places because subscriptions came and went.
        for (int attempt = 0; attempt < 50 && limits.inProgress(client) > 0; attempt++) {
            Thread.sleep(100);
        }
        assertEquals(0, limits.inProgress(client), "requests in progress: " + limits.inProgress());
    }

    @Test
    void pagesAndApiAnswersCarrySecurityHeaders() throws Exception {
        for (String path : List.of("", "hud/o/r", "app/main.js", "api/v1/queries", "q/health/ready")) {
            HttpResponse<String> answer = send(HttpRequest.newBuilder(uri(path)).GET());
            assertEquals(200, answer.statusCode(), path);
            assertEquals("nosniff", answer.headers().firstValue("X-Content-Type-Options").orElse(null), path);
            assertEquals("DENY", answer.headers().firstValue("X-Frame-Options").orElse(null), path);
            assertEquals("same-origin", answer.headers().firstValue("Referrer-Policy").orElse(null), path);
            String policy = answer.headers().firstValue("Content-Security-Policy").orElse("");
            assertThat(path, policy, containsString("frame-ancestors 'none'"));
            assertThat(path, policy, containsString("script-src 'self';"));
            assertTrue(!policy.contains("http:") && !policy.contains("https:"),
                    path + ": no other origin in " + policy);
        }
        HttpResponse<String> graphiql = send(HttpRequest.newBuilder(uri("graphiql/")).GET());
        assertEquals(200, graphiql.statusCode());
        assertThat(graphiql.headers().firstValue("Content-Security-Policy").orElse(""),
                containsString("frame-ancestors 'none'"));
        // Refusals carry them too.
        HttpResponse<String> refused = send(HttpRequest.newBuilder(uri("api/v1/queries?x=" + "z".repeat(5000)))
                .GET());
        assertEquals(414, refused.statusCode());
        assertEquals("nosniff", refused.headers().firstValue("X-Content-Type-Options").orElse(null));
    }

    /** Opens a connection and sends the headers of an upload of 200,000 bytes, and no byte of its body. */
    private Socket slowUpload() throws IOException {
        Socket socket = new Socket(base.getHost(), base.getPort());
        socket.setSoTimeout(40_000); // well past the body timeout: the 408 must come
        sockets.add(socket);
        String sha = UUID.randomUUID().toString().replace("-", "");
        OutputStream out = socket.getOutputStream();
        out.write(("POST /api/v1/test-reports?repo=slow/bodies&sha=" + sha + " HTTP/1.1\r\n"
                + "Host: " + base.getHost() + ":" + base.getPort() + "\r\n"
                + "Authorization: Bearer test-token-1\r\n"
                + "Content-Type: application/xml\r\n"
                + "Content-Length: 200000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    private static String readAnswer(Socket socket) throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) != -1) {
                answer.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            fail("No answer to a slow body; read so far: " + answer.toString(StandardCharsets.UTF_8));
        } catch (SocketException reset) {
            // The server closed the connection with trickled bytes unread: a reset after its answer.
        }
        return answer.toString(StandardCharsets.UTF_8);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(CLIENT_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create(base.toString() + path);
    }
}
