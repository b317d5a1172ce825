package dev.greenboard.metrics;

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

import dev.greenboard.app.DatabaseTestResource;
import dev.greenboard.testing.GraphQL;

/** Metrics jobs through GraphQL: listed with their last runs; run by hand only with a token. */
@QuarkusTest
@QuarkusTestResource(DatabaseTestResource.class)
class MetricsJobsGraphqlTest {

    private static final String RUN = "mutation { runMetricsJob(name: \"retention\") { job status durationMs"
            + " rowsWritten detail } }";

    @Test
    void jobsAreListedAndRunWithAToken() {
        JsonPath unauthenticated = GraphQL.raw(RUN);
        assertEquals("UNAUTHENTICATED", unauthenticated.getString("errors[0].extensions.code"));

        JsonPath run = given().auth().oauth2("test-token-1").contentType("application/json")
                .body(Map.of("query", RUN)).post("/graphql").then().statusCode(200).extract().jsonPath();
        assertNull(run.get("errors"), run.prettify());
        assertEquals("success", run.getString("data.runMetricsJob.status"));

        JsonPath jobs = GraphQL.data("{ metricsJobs { name dependsOn schedule lastRuns(first: 1) { status trigger"
                + " startedAt } } }");
        List<String> names = jobs.getList("metricsJobs.name");
        assertTrue(names.containsAll(List.of("commit-health", "test-times", "retention", "flaky-tests")), names
                .toString());
        assertTrue(names.indexOf("commit-health") < names.indexOf("test-times"), "dependencies run first");
        int retention = names.indexOf("retention");
        assertEquals("success", jobs.getString("metricsJobs[" + retention + "].lastRuns[0].status"));
        assertEquals("manual", jobs.getString("metricsJobs[" + retention + "].lastRuns[0].trigger"));

        JsonPath unknown = given().auth().oauth2("test-token-1").contentType("application/json")
                .body(Map.of("query", "mutation { runMetricsJob(name: \"nope\") { status } }")).post("/graphql")
                .then().extract().jsonPath();
        assertEquals("NOT_FOUND", unknown.getString("errors[0].extensions.code"));
    }
}
