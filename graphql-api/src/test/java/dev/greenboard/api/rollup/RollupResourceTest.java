package dev.greenboard.api.rollup;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.greenboard.model.database.TestDatabase;

/** {@code /api/v1/rollups}: the rollups with their last runs (from rollup_run); running them needs an ingest token. */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class RollupResourceTest {

    @Test
    void rollupsAreListedAndRunByHandWithAToken() {
        given().get("/api/v1/rollups").then().statusCode(200).body("name", hasItem("retention"))
                .body("find { it.name == 'flaky-tests' }.dependsOn", equalTo(List.of("disabled-tests", "test-stats")))
                .body("find { it.name == 'retention' }.schedule", equalTo("0 17 3 * * ?"));
        given().post("/api/v1/rollups/run-all").then().statusCode(401);
        given().post("/api/v1/rollups/retention/run").then().statusCode(401);
        given().auth().oauth2("test-token-1").post("/api/v1/rollups/run-all").then().statusCode(200)
                .body("jobs.name", hasItems("retention", "commit-health", "flaky-tests"))
                .body("jobs.find { it.name == 'retention' }.status", equalTo("success"))
                .body("jobs.find { it.name == 'retention' }.trigger", equalTo("run-all"));
        given().auth().oauth2("test-token-1").post("/api/v1/rollups/no-such-rollup/run").then().statusCode(404)
                .body("error", equalTo("unknown_rollup"));
        given().auth().oauth2("test-token-2").queryParam("full", true).post("/api/v1/rollups/reverts/run").then()
                .statusCode(200).body("name", equalTo("reverts")).body("status", equalTo("success"))
                .body("trigger", equalTo("manual")).body("detail", startsWith("full run: "));
        given().get("/api/v1/rollups").then()
                .body("find { it.name == 'retention' }.lastRuns[0].status", equalTo("success"))
                .body("find { it.name == 'reverts' }.lastRuns[0].trigger", equalTo("manual"))
                .body("find { it.name == 'reverts' }.lastRuns[0].detail", startsWith("full run: "));
    }
}
