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

import dev.greenboard.app.DatabaseTestResource;
import dev.greenboard.metrics.job.JobRun;
import dev.greenboard.metrics.job.JobRunner;
import dev.greenboard.model.database.PartitionMaintenance;
import dev.greenboard.testing.Sql;

/** Running metrics jobs: by hand, all at once, and on a schedule shared by several instances. */
@QuarkusTest
@QuarkusTestResource(DatabaseTestResource.class)
class JobRunnerTest {

    @Inject
    JobRunner runner;

    @Inject
    PartitionMaintenance partitions;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void jobsAreListedAndRunByHandWithAToken() {
        given().get("/api/v1/jobs").then().statusCode(200).body("name", hasItem("retention"));
        given().post("/api/v1/jobs/run-all").then().statusCode(401);
        given().auth().oauth2("test-token-1").post("/api/v1/jobs/run-all").then().statusCode(200)
                .body("jobs.name", hasItem("retention"))
                .body("jobs.find { it.name == 'retention' }.status", equalTo("success"));
        given().auth().oauth2("test-token-1").post("/api/v1/jobs/no-such-job/run").then().statusCode(404)
                .body("error", equalTo("unknown_job"));
        given().get("/api/v1/jobs").then().body("find { it.name == 'retention' }.lastRuns[0].status",
                equalTo("success"));
    }

    @Test
    void aScheduledPeriodRunsOnceAcrossInstances() throws Exception {
        Instant fireTime = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(7 * 24 * 3600);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Callable<JobRun> instance = () -> runner.runScheduled("retention", fireTime);
            List<Future<JobRun>> runs = pool.invokeAll(List.of(instance, instance, instance, instance));
            long successes = 0;
            for (Future<JobRun> run : runs) {
                if (run.get().status().equals("success")) {
                    successes++;
                }
            }
            assertEquals(1, successes, "one instance runs the period, the others skip it");
        } finally {
            pool.shutdown();
        }
        assertEquals("skipped", runner.runScheduled("retention", fireTime).status());
        assertEquals(1, new Sql(dataSource).count("select count(*) from metrics_job_run where job = 'retention'"
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
        JobRun run = runner.runNow("retention", false);
        assertEquals("success", run.status(), run.detail());
        assertEquals(0, sql.count("select count(*) from pg_class where relname = ?", oldPartition));
        assertEquals(0, sql.count("select count(*) from test_result where report_id = -7"));
        String today = "test_result_p" + LocalDate.now(ZoneOffset.UTC).toString().replace("-", "");
        assertEquals(1, sql.count("select count(*) from pg_class where relname = ?", today));
    }
}
