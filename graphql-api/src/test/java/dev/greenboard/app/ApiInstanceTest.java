package dev.greenboard.app;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import dev.greenboard.model.database.TestDatabase;
import dev.greenboard.testkit.Webhooks;

/** {@code GREENBOARD_ROLES=api}: reads and pages; ingest paths are answered 404 and no rollup is scheduled. */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
@TestProfile(ApiInstanceTest.ApiOnly.class)
class ApiInstanceTest {

    public static class ApiOnly implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            // The scheduler is on (tests turn it off elsewhere): whether rollups are scheduled is up to the roles.
            return Map.of("greenboard.instance.roles", "api", "greenboard.rollups.scheduler-enabled", "true");
        }
    }

    private static final Map<String, String> QUERY = Map.of("query", "{ repositories(first: 1) { pageInfo {"
            + " hasNextPage } } }");
    private static final byte[] PING = "{\"zen\":\"Keep it logically awesome.\",\"hook_id\":1}"
            .getBytes(StandardCharsets.UTF_8);

    @Inject
    Scheduler scheduler;

    @Test
    void servesReadsAndPagesButNeitherIngestNorRollups() {
        given().contentType("application/json").body(QUERY).post("/graphql").then().statusCode(200)
                .body("data.repositories", notNullValue());
        given().get("/").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200);

        Webhooks.deliver("ping", PING).statusCode(404).body("error", equalTo("not_served_here"))
                .body("detail", containsString("does not serve ingest requests"))
                .body("detail", containsString("its roles are api"));
        given().contentType("application/json").body("[]").post("/api/v1/collections/things/documents").then()
                .statusCode(404).body("error", equalTo("not_served_here"));
        assertTrue(InstanceRoleRoutesTest.rollupJobs(scheduler).isEmpty());
    }
}
