package dev.greenboard.api.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import dev.greenboard.model.database.TestDatabase;

/**
 * Anonymous reads are limited per client address; an ingest token lifts the limit (SPEC §5). The limit is a tiny one
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

    @Test
    void anonymousReadsPastTheBurstAreRefusedUntilTheBucketRefills() {
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
    }
}
