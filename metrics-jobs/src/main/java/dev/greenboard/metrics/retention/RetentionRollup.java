package dev.greenboard.metrics.retention;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.greenboard.metrics.rollup.Rollup;
import dev.greenboard.metrics.rollup.RollupContext;
import dev.greenboard.metrics.rollup.RollupOutcome;

/**
 * Data cycling: raw test results and raw webhook deliveries older than their retention are removed by dropping whole
 * time partitions (cheap, no bloat); the few old rows a DEFAULT partition may hold are deleted. Normalized rows
 * (commits, jobs, reports) and rollups stay.
 */
@ApplicationScoped
public class RetentionRollup implements Rollup {

    private static final Logger LOG = Logger.getLogger(RetentionRollup.class);

    private final RetentionConfig config;

    public RetentionRollup(RetentionConfig config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "retention";
    }

    @Override
    public String description() {
        return "Drops time partitions of raw test results and webhook deliveries older than their retention";
    }

    @Override
    public String defaultSchedule() {
        return "0 17 3 * * ?";
    }

    @Override
    public RollupOutcome run(RollupContext context) throws SQLException {
        Connection connection = context.connection();
        Instant resultsCutoff = context.now().truncatedTo(ChronoUnit.DAYS).minus(config.testResultDays(),
                ChronoUnit.DAYS);
        Instant deliveriesCutoff = context.now().truncatedTo(ChronoUnit.DAYS).minus(config.webhookDeliveryDays(),
                ChronoUnit.DAYS);
        List<String> dropped = new ArrayList<>();
        long rows = dropOlder(connection, "test_result", resultsCutoff, dropped);
        rows += dropOlder(connection, "webhook_delivery", deliveriesCutoff, dropped);
        rows += delete(connection, "delete from webhook_delivery_key where received_at < ?", deliveriesCutoff);
        if (!dropped.isEmpty()) {
            LOG.infof("Retention dropped partitions %s", dropped);
        }
        return RollupOutcome.of(rows,
                "dropped " + dropped.size() + " partitions " + dropped + "; raw results kept from "
                        + resultsCutoff + ", deliveries from " + deliveriesCutoff);
    }

    /** Drops the partitions of {@code table} whose whole range is before {@code cutoff}; returns the rows removed. */
    private static long dropOlder(Connection connection, String table, Instant cutoff, List<String> dropped)
            throws SQLException {
        List<String> old = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                select c.relname,
                       (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'TO \\(''([^'']+)''\\)'))[1]::timestamptz
                           as upper_bound
                from pg_inherits i join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent
                where p.relname = ? and pg_get_expr(c.relpartbound, c.oid) <> 'DEFAULT'""")) {
            statement.setString(1, table);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    var upper = rs.getObject("upper_bound", java.time.OffsetDateTime.class);
                    if (upper != null && !upper.toInstant().isAfter(cutoff)) {
                        old.add(rs.getString("relname"));
                    }
                }
            }
        }
        long rows = 0;
        try (Statement statement = connection.createStatement()) {
            for (String partition : old) {
                try (ResultSet rs = statement.executeQuery("select count(*) from " + partition)) {
                    rs.next();
                    rows += rs.getLong(1);
                }
                statement.execute("drop table " + partition);
                dropped.add(partition);
            }
        }
        String column = "received_at";
        rows += delete(connection, "delete from " + table + "_default where " + column + " < ?", cutoff);
        return rows;
    }

    private static long delete(Connection connection, String sql, Instant cutoff) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, cutoff.atOffset(ZoneOffset.UTC));
            return statement.executeUpdate();
        }
    }
}
