package dev.greenboard.app;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
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

/** {@code GREENBOARD_ROLES=ingest,rollups}: data in and the rollups' schedules; no reads. */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
@TestProfile(IngestAndRollupsInstanceTest.IngestAndRollups.class)
class IngestAndRollupsInstanceTest {

    public static class IngestAndRollups implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("greenboard.instance.roles", "ingest,rollups", "greenboard.rollups.scheduler-enabled",
                    "true");
        }
    }

    private static final Map<String, String> QUERY = Map.of("query", "{ repositories(first: 1) { pageInfo {"
            + " hasNextPage } } }");
    private static final byte[] PING = "{\"zen\":\"Keep it logically awesome.\",\"hook_id\":1}"
            .getBytes(StandardCharsets.UTF_8);

    @Inject
    Scheduler scheduler;

    @Test
    void takesDataInAndRunsTheRollupsButServesNoReads() {
        Webhooks.deliver("ping", PING).statusCode(200);
        given().contentType("application/json").body(QUERY).post("/graphql").then().statusCode(404)
                .body("detail", containsString("does not serve api requests"))
                .body("detail", containsString("its roles are ingest,rollups"));
        given().get("/api/v1/stats/test-times.json?repo=a/b").then().statusCode(404);
        given().get("/q/health/live").then().statusCode(200);
        List<String> scheduled = InstanceRoleRoutesTest.rollupJobs(scheduler);
        assertTrue(scheduled.contains("rollup-commit-health"), scheduled.toString());
    }
}
