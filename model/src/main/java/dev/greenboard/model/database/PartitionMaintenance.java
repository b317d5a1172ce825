package dev.greenboard.model.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Creates the time partitions of the fact tables ahead of the data, so rows land in a partition that retention can
 * later drop whole. A partition is created from a plain table that takes over any rows the DEFAULT partition caught
 * for its range, then attached: the same path works on an empty and on a busy database. Several instances may run
 * this at once; a transaction-level advisory lock makes them take turns.
 */
@ApplicationScoped
public class PartitionMaintenance {

    /** A range-partitioned table and the width of one partition. */
    public record PartitionedTable(String table, String column, boolean monthly) {
    }

    public static final List<PartitionedTable> TABLES = List.of(
            new PartitionedTable("test_result", "received_at", false),
            new PartitionedTable("webhook_delivery", "received_at", false),
            new PartitionedTable("document", "event_time", true));

    private static final long LOCK_KEY = 0x6772_6e62_7061_7274L; // "grnbpart"
    private static final int DAYS_AHEAD = 7;
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    private static final Logger LOG = Logger.getLogger(PartitionMaintenance.class);

    private final AgroalDataSource dataSource;

    public PartitionMaintenance(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    void onStart(@Observes StartupEvent event) {
        ensurePartitions(LocalDate.now(ZoneOffset.UTC));
    }

    @Scheduled(every = "1h", delayed = "1h", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void hourly() {
        ensurePartitions(LocalDate.now(ZoneOffset.UTC));
    }

    /** Makes sure every partitioned table has partitions from yesterday to a week ahead of {@code today}. */
    public void ensurePartitions(LocalDate today) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("select pg_advisory_xact_lock(" + LOCK_KEY + ")");
                for (PartitionedTable table : TABLES) {
                    LocalDate start = table.monthly() ? today.withDayOfMonth(1).minusMonths(1) : today.minusDays(1);
                    LocalDate end = table.monthly()
                            ? today.withDayOfMonth(1).plusMonths(3)
                            : today.plusDays(DAYS_AHEAD);
                    for (LocalDate from = start; from.isBefore(end); from = next(table, from)) {
                        createIfMissing(statement, table, from, next(table, from));
                    }
                }
            }
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("Creating time partitions failed: " + e.getMessage(), e);
        }
    }

    public static String partitionName(PartitionedTable table, LocalDate from) {
        return table.table() + "_p" + (table.monthly() ? from.format(DAY).substring(0, 6) : from.format(DAY));
    }

    private static LocalDate next(PartitionedTable table, LocalDate from) {
        return table.monthly() ? from.plusMonths(1) : from.plusDays(1);
    }

    private static void createIfMissing(Statement statement, PartitionedTable table, LocalDate from, LocalDate to)
            throws SQLException {
        String name = partitionName(table, from);
        try (var rs = statement.executeQuery("select to_regclass('" + name + "') is not null")) {
            rs.next();
            if (rs.getBoolean(1)) {
                return;
            }
        }
        String lower = "timestamptz '" + from + " 00:00:00+00'";
        String upper = "timestamptz '" + to + " 00:00:00+00'";
        String range = table.column() + " >= " + lower + " and " + table.column() + " < " + upper;
        statement.execute("create table " + name + " (like " + table.table() + " including defaults)");
        int moved = statement.executeUpdate("with moved as (delete from " + table.table() + "_default where " + range
                + " returning *) insert into " + name + " select * from moved");
        statement.execute("alter table " + table.table() + " attach partition " + name + " for values from (" + lower
                + ") to (" + upper + ")");
        if (moved > 0) {
            LOG.infof("Partition[%s] created; it took over %d rows from the default partition", name, moved);
        } else {
            LOG.debugf("Partition[%s] created", name);
        }
    }
}
