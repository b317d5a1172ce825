package dev.greenboard.api.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import dev.greenboard.model.database.TestDatabase;

/**
 * Anonymous reads are limited per client address; an ingest token lifts the limit (docs/definitions.md "Public reads"). The limit is a tiny one
 * here (bursts of 3, then one a minute) so that the test never races the refill.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
@TestProfile(ReadLimitTest.Limited.class)
class ReadLimitTest {

    public static class Limited implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("greenboard.read-limit.per-second", "0.0167", "greenboard.read-limit.burst", "3");
        }
    }

    private static final Map<String, String> QUERY = Map.of("query", "{ repositories(first: 1) { pageInfo {"
            + " hasNextPage } } }");

    @TestHTTPResource("/")
    URL base;

    @Test
    void anonymousReadsPastTheBurstAreRefusedUntilTheBucketRefills() throws IOException {
        for (int i = 0; i < 3; i++) {
            given().contentType("application/json").body(QUERY).post("/graphql").then().statusCode(200)
                    .body("data.repositories", notNullValue());
        }
        given().contentType("application/json").body(QUERY).post("/graphql").then().statusCode(429)
                // About a minute (less the time the first three took).
                .header("Retry-After", matchesPattern("(5\\d|60)"))
                .body("errors[0].extensions.code", equalTo("RATE_LIMITED"))
                .body("errors[0].message", containsString("bursts of 3"))
                .body("errors[0].message", containsString("Authorization: Bearer"));
        // Every read endpoint shares the client's bucket, and says so in the API's error shape.
        given().get("/api/v1/stats/test-times.json?repo=a/b").then().statusCode(429)
                .body("error", equalTo("rate_limited"));
        given().get("/api/v1/queries").then().statusCode(429);

        // A token lifts it; what is not a read is not counted.
        for (int i = 0; i < 5; i++) {
            given().auth().oauth2("test-token-1").contentType("application/json").body(QUERY).post("/graphql")
                    .then().statusCode(200);
        }
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/").then().statusCode(200);

        // Issue #11: "Upgrade: websocket" on any read once skipped the limit (300 of 300 passed). Now the header
        // changes nothing: GraphQL over HTTP is counted, and REST paths do not upgrade at all.
        given().header("Upgrade", "websocket").contentType("application/json").body(QUERY).post("/graphql").then()
                .statusCode(429).body("errors[0].extensions.code", equalTo("RATE_LIMITED"));
        // A real handshake of a subscription counts too (it was switched to a WebSocket, uncounted).
        assertEquals("HTTP/1.1 429", webSocketHandshake("/graphql").substring(0, 12));
        int passed = 0;
        for (int i = 0; i < 300; i++) {
            int status = given().header("Upgrade", "websocket").header("Connection", "Upgrade")
                    .get("/api/v1/stats/test-times.json?repo=a/b").statusCode();
            if (status == 200) {
                passed++;
            }
        }
        assertEquals(0, passed, "reads with an Upgrade header that got past the limit");
    }

    /** The status line of the answer to a graphql-transport-ws handshake on {@code path}. */
    private String webSocketHandshake(String path) throws IOException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + base.getHost() + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: graphql-transport-ws\r\n"
                    + "\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
        }
    }
}
