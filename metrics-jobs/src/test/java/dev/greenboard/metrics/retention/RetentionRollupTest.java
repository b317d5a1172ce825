package dev.greenboard.metrics.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.time.ZoneOffset;

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

/** Raw test results are kept for 90 days (greenboard.retention.test-result-days): older daily partitions are dropped. */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class RetentionRollupTest {

    @Inject
    RollupRunner runner;

    @Inject
    PartitionMaintenance partitions;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void retentionDropsOldPartitionsAndKeepsRecentOnes() {
        Sql sql = new Sql(dataSource);
        LocalDate old = LocalDate.now(ZoneOffset.UTC).minusDays(200);
        partitions.ensurePartitions(old);
        String oldPartition = "test_result_p" + old.toString().replace("-", "");
        sql.execute("insert into test_result (received_at, repo_id, report_id, ordinal, test_id, status)"
                + " values (?, -7, -7, 0, -7, 0)", old.atTime(12, 0).atOffset(ZoneOffset.UTC));
        assertEquals(1, sql.count("select count(*) from " + oldPartition));
        RollupRun run = runner.runNow("retention", false);
        assertEquals("success", run.status(), run.detail());
        assertEquals(0, sql.count("select count(*) from pg_class where relname = ?", oldPartition));
        assertEquals(0, sql.count("select count(*) from test_result where report_id = -7"));
        String today = "test_result_p" + LocalDate.now(ZoneOffset.UTC).toString().replace("-", "");
        assertEquals(1, sql.count("select count(*) from pg_class where relname = ?", today));
    }
}
