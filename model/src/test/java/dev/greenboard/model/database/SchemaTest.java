package dev.greenboard.model.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The migrations apply to an empty database at start, and Hibernate validates every entity against the result (a
 * mismatch fails the application start, and so this test).
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class SchemaTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    PartitionMaintenance partitions;

    @Test
    void migrationsAppliedSuccessfully() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(
                        "select version, success from flyway_schema_history where version is not null order by installed_rank")) {
            List<String> versions = new ArrayList<>();
            while (rs.next()) {
                assertTrue(rs.getBoolean("success"), "migration " + rs.getString("version") + " failed");
                versions.add(rs.getString("version"));
            }
            assertEquals("1", versions.get(0));
        }
    }

    @Test
    void partitionsExistAheadAndTakeOverRowsFromTheDefaultPartition() throws SQLException {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate farFuture = today.plusYears(3);
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            assertEquals(1, count(statement, "select count(*) from pg_class where relname = 'test_result_p"
                    + today.plusDays(6).toString().replace("-", "") + "'"));
            // A row far in the future lands in the default partition ...
            statement.execute("insert into test_result (received_at, repo_id, report_id, ordinal, test_id, status)"
                    + " values (timestamptz '" + farFuture + " 12:00:00+00', -1, -1, 0, -1, 0)");
            assertEquals(1, count(statement, "select count(*) from test_result_default where report_id = -1"));
            // ... and moves into its own partition once that is created, still one row.
            partitions.ensurePartitions(farFuture);
            assertEquals(0, count(statement, "select count(*) from test_result_default where report_id = -1"));
            assertEquals(1, count(statement, "select count(*) from test_result_p"
                    + farFuture.toString().replace("-", "") + " where report_id = -1"));
            // The primary key is enforced in the new partition too.
            assertEquals(1, count(statement, "select count(*) from pg_indexes where tablename = 'test_result_p"
                    + farFuture.toString().replace("-", "") + "' and indexdef like '%UNIQUE%'"));
            statement.execute("delete from test_result where report_id = -1");
        }
    }

    private static long count(Statement statement, String sql) throws SQLException {
        try (ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
