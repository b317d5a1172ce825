package dev.greenboard.api.rollup;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.greenboard.model.database.TestDatabase;
import dev.greenboard.testkit.GraphQL;

/** Rollups through GraphQL: listed with their last runs; run by hand only with a token; round 1's names still work. */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class RollupApiTest {

    private static final String RUN = "mutation { runRollup(name: \"retention\") { rollup status durationMs"
            + " rowsWritten detail } }";

    @Test
    void rollupsAreListedAndRunWithAToken() {
        JsonPath unauthenticated = GraphQL.raw(RUN);
        assertEquals("UNAUTHENTICATED", unauthenticated.getString("errors[0].extensions.code"));

        JsonPath run = given().auth().oauth2("test-token-1").contentType("application/json")
                .body(Map.of("query", RUN)).post("/graphql").then().statusCode(200).extract().jsonPath();
        assertNull(run.get("errors"), run.prettify());
        assertEquals("success", run.getString("data.runRollup.status"));
        assertEquals("retention", run.getString("data.runRollup.rollup"));

        JsonPath jobs = GraphQL.data("{ rollups { name dependsOn schedule lastRuns(first: 1) { status trigger"
                + " startedAt } } }");
        List<String> names = jobs.getList("rollups.name");
        assertTrue(names.containsAll(List.of("commit-health", "test-times", "retention", "flaky-tests")), names
                .toString());
        assertTrue(names.indexOf("commit-health") < names.indexOf("test-times"), "dependencies run first");
        int retention = names.indexOf("retention");
        assertEquals("success", jobs.getString("rollups[" + retention + "].lastRuns[0].status"));
        assertEquals("manual", jobs.getString("rollups[" + retention + "].lastRuns[0].trigger"));

        JsonPath unknown = given().auth().oauth2("test-token-1").contentType("application/json")
                .body(Map.of("query", "mutation { runRollup(name: \"nope\") { status } }")).post("/graphql")
                .then().extract().jsonPath();
        assertEquals("NOT_FOUND", unknown.getString("errors[0].extensions.code"));
    }

    @Test
    void roundOneNamesStillAnswer() {
        String old = "mutation { runMetricsJob(name: \"retention\") { job status } }";
        assertEquals("UNAUTHENTICATED", GraphQL.raw(old).getString("errors[0].extensions.code"));
        JsonPath run = given().auth().oauth2("test-token-1").contentType("application/json")
                .body(Map.of("query", old)).post("/graphql").then().statusCode(200).extract().jsonPath();
        assertNull(run.get("errors"), run.prettify());
        assertEquals("retention", run.getString("data.runMetricsJob.job"));
        assertEquals("success", run.getString("data.runMetricsJob.status"));
        assertTrue(GraphQL.data("{ metricsJobs { name } }").getList("metricsJobs.name").contains("retention"));

        given().get("/api/v1/jobs").then().statusCode(200).body("name", org.hamcrest.Matchers.hasItem("retention"));
        given().auth().oauth2("test-token-1").post("/api/v1/jobs/retention/run").then().statusCode(200)
                .body("name", org.hamcrest.Matchers.equalTo("retention"));
        given().post("/api/v1/jobs/retention/run").then().statusCode(401);
    }
}
