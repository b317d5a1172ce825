package dev.greenboard.metrics;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.greenboard.metrics.rollup.RollupRun;
import dev.greenboard.metrics.rollup.RollupRunner;
import dev.greenboard.model.database.PartitionMaintenance;
import dev.greenboard.model.database.Sql;
import dev.greenboard.model.database.TestDatabase;

/** Running metrics jobs: by hand, all at once, and on a schedule shared by several instances. */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class RollupRunnerTest {

    @Inject
    RollupRunner runner;

    @Inject
    PartitionMaintenance partitions;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void rollupsAreListedAndRunByHandWithAToken() {
        given().get("/api/v1/rollups").then().statusCode(200).body("name", hasItem("retention"));
        given().post("/api/v1/rollups/run-all").then().statusCode(401);
        given().auth().oauth2("test-token-1").post("/api/v1/rollups/run-all").then().statusCode(200)
                .body("jobs.name", hasItem("retention"))
                .body("jobs.find { it.name == 'retention' }.status", equalTo("success"));
        given().auth().oauth2("test-token-1").post("/api/v1/rollups/no-such-rollup/run").then().statusCode(404)
                .body("error", equalTo("unknown_rollup"));
        given().get("/api/v1/rollups").then().body("find { it.name == 'retention' }.lastRuns[0].status",
                equalTo("success"));
    }

    @Test
    void aScheduledPeriodRunsOnceAcrossInstances() throws Exception {
        Instant fireTime = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(7 * 24 * 3600);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Callable<RollupRun> instance = () -> runner.runScheduled("retention", fireTime);
            List<Future<RollupRun>> runs = pool.invokeAll(List.of(instance, instance, instance, instance));
            long successes = 0;
            for (Future<RollupRun> run : runs) {
                if (run.get().status().equals("success")) {
                    successes++;
                }
            }
            assertEquals(1, successes, "one instance runs the period, the others skip it");
        } finally {
            pool.shutdown();
        }
        assertEquals("skipped", runner.runScheduled("retention", fireTime).status());
        assertEquals(1, new Sql(dataSource).count("select count(*) from rollup_run where rollup = 'retention'"
                + " and scheduled_for = ?", fireTime.atOffset(ZoneOffset.UTC)));
    }

    @Test
    void retentionDropsOldPartitionsAndKeepsRecentOnes() {
        Sql sql = new Sql(dataSource);
        LocalDate old = LocalDate.now(ZoneOffset.UTC).minusDays(200);
        partitions.ensurePartitions(old);
        String oldPartition = "test_result_p" + old.toString().replace("-", "");
        sql.execute("insert into test_result (received_at, report_id, ordinal, test_id, status) values (?, -7, 0, -7,"
                + " 0)", old.atTime(12, 0).atOffset(ZoneOffset.UTC));
        assertEquals(1, sql.count("select count(*) from " + oldPartition));
        RollupRun run = runner.runNow("retention", false);
        assertEquals("success", run.status(), run.detail());
        assertEquals(0, sql.count("select count(*) from pg_class where relname = ?", oldPartition));
        assertEquals(0, sql.count("select count(*) from test_result where report_id = -7"));
        String today = "test_result_p" + LocalDate.now(ZoneOffset.UTC).toString().replace("-", "");
        assertEquals(1, sql.count("select count(*) from pg_class where relname = ?", today));
    }
}
