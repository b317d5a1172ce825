package dev.greenboard.metrics.rollup;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Runs rollups, records every run, and makes sure a rollup never runs twice at once or twice for one scheduled
 * period, whatever the number of Greenboard instances on the database: a scheduled run first claims its period (a
 * unique row per rollup and fire time), and every run holds a transaction-level advisory lock on the rollup.
 */
@ApplicationScoped
public class RollupRunner {

    private static final Logger LOG = Logger.getLogger(RollupRunner.class);
    private static final String UNIQUE_VIOLATION = "23505";

    private final Map<String, Rollup> rollups;
    private final AgroalDataSource dataSource;
    private final MeterRegistry meters;
    private final String instance = ManagementFactory.getRuntimeMXBean().getName();

    public RollupRunner(Instance<Rollup> found, AgroalDataSource dataSource, MeterRegistry meters) {
        this.rollups = inDependencyOrder(found.stream().toList());
        this.dataSource = dataSource;
        this.meters = meters;
    }

    /** Every rollup, each after the rollups it depends on. */
    public List<Rollup> rollups() {
        return List.copyOf(rollups.values());
    }

    public Optional<Rollup> rollup(String name) {
        return Optional.ofNullable(rollups.get(name));
    }

    /** Runs one rollup now, waiting for a run on another instance to finish first. */
    public RollupRun runNow(String name, boolean full) {
        return run(require(name), "manual", null, full);
    }

    /** Runs every rollup once, in dependency order; a failed rollup does not stop the others. */
    public List<RollupRun> runAll(boolean full) {
        List<RollupRun> runs = new ArrayList<>();
        for (Rollup rollup : rollups.values()) {
            runs.add(run(rollup, "run-all", null, full));
        }
        return runs;
    }

    /** A scheduled run: skipped when another instance already claimed this period or is running the rollup. */
    public RollupRun runScheduled(String name, Instant fireTime) {
        return run(require(name), "schedule", fireTime, false);
    }

    private Rollup require(String name) {
        Rollup rollup = rollups.get(name);
        if (rollup == null) {
            throw new IllegalArgumentException("No rollup named '" + name + "'; known: " + rollups.keySet());
        }
        return rollup;
    }

    private RollupRun run(Rollup rollup, String trigger, Instant scheduledFor, boolean full) {
        Instant started = Instant.now();
        Long runId;
        try {
            runId = claim(rollup.name(), trigger, scheduledFor, started);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot record a run of rollup[" + rollup.name() + "]", e);
        }
        if (runId == null) {
            return new RollupRun(0, rollup.name(), trigger, scheduledFor, instance, started, started, "skipped", 0L,
                    "this period was run by another instance", 0L);
        }
        Timer.Sample sample = Timer.start(meters);
        String status;
        long rows = 0;
        String detail;
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                if (!lock(connection, rollup.name(), scheduledFor == null)) {
                    connection.rollback();
                    status = "skipped";
                    detail = "running on another instance";
                } else {
                    RollupContext context = new RollupContext(connection, started, watermark(connection, rollup.name()),
                            transactionsSeen(connection, rollup.name()), oldestRunningTransaction(connection), full);
                    RollupOutcome outcome = rollup.run(context);
                    if (context.newWatermark().isPresent()) {
                        saveWatermark(connection, rollup.name(), context.newWatermark().get());
                    }
                    if (context.newTransactionsSeen().isPresent()) {
                        saveTransactionsSeen(connection, rollup.name(), context.newTransactionsSeen().get());
                    }
                    connection.commit();
                    status = "success";
                    rows = outcome.rowsWritten();
                    detail = outcome.detail();
                }
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            status = "failed";
            detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            LOG.errorf(e, "Rollup[%s] failed: %s", rollup.name(), detail);
        }
        long durationMs = Duration.between(started, Instant.now()).toMillis();
        sample.stop(meters.timer("greenboard.rollup", "rollup", rollup.name(), "status", status));
        Instant finished = Instant.now();
        try {
            finish(runId, finished, status, rows, detail, durationMs);
        } catch (SQLException e) {
            LOG.warnf("Run[%d] of rollup[%s] finished with %s but could not be recorded: %s", runId, rollup.name(),
                    status,
                    e.getMessage());
        }
        if (!"skipped".equals(status)) {
            LOG.debugf("Rollup[%s] %s in %d ms, %d rows: %s", rollup.name(), status, durationMs, rows, detail);
        }
        return new RollupRun(runId, rollup.name(), trigger, scheduledFor, instance, started, finished, status, rows,
                detail,
                durationMs);
    }

    /** The latest runs of a rollup, newest first. */
    public List<RollupRun> lastRuns(String name, int limit) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("""
                        select id, rollup, trigger, scheduled_for, instance, started_at, finished_at, status,
                               rows_written, detail, duration_ms
                        from rollup_run where rollup = ? order by started_at desc, id desc limit ?""")) {
            statement.setString(1, name);
            statement.setInt(2, limit);
            try (ResultSet rs = statement.executeQuery()) {
                List<RollupRun> runs = new ArrayList<>();
                while (rs.next()) {
                    runs.add(new RollupRun(rs.getLong("id"), rs.getString("rollup"), rs.getString("trigger"),
                            instant(rs, "scheduled_for"), rs.getString("instance"), instant(rs, "started_at"),
                            instant(rs, "finished_at"), rs.getString("status"),
                            rs.getObject("rows_written", Long.class),
                            rs.getString("detail"), rs.getObject("duration_ms", Long.class)));
                }
                return runs;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the runs of rollup[" + name + "]", e);
        }
    }

    /** Inserts the run row; null when a scheduled period was already claimed by another instance. */
    private Long claim(String rollup, String trigger, Instant scheduledFor, Instant started) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("""
                        insert into rollup_run (rollup, trigger, scheduled_for, instance, started_at, status)
                        values (?, ?, ?, ?, ?, 'running') returning id""")) {
            statement.setString(1, rollup);
            statement.setString(2, trigger);
            if (scheduledFor == null) {
                statement.setNull(3, Types.TIMESTAMP_WITH_TIMEZONE);
            } else {
                statement.setObject(3, scheduledFor.atOffset(ZoneOffset.UTC));
            }
            statement.setString(4, instance);
            statement.setObject(5, started.atOffset(ZoneOffset.UTC));
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                return null;
            }
            throw e;
        }
    }

    /** The rollup's advisory lock for this transaction; manual runs wait for it, scheduled runs do not. */
    private static boolean lock(Connection connection, String rollup, boolean wait) throws SQLException {
        String sql = wait
                ? "select pg_advisory_xact_lock(hashtext(?)), true"
                : "select true, pg_try_advisory_xact_lock(hashtext(?))";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, "greenboard.rollup." + rollup);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getBoolean(2);
            }
        }
    }

    private static Optional<Instant> watermark(Connection connection, String rollup) throws SQLException {
        try (PreparedStatement statement = connection
                .prepareStatement("select watermark from rollup_state where rollup = ?")) {
            statement.setString(1, rollup);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? Optional.ofNullable(instant(rs, "watermark")) : Optional.empty();
            }
        }
    }

    private static Optional<Long> transactionsSeen(Connection connection, String rollup) throws SQLException {
        try (PreparedStatement statement = connection
                .prepareStatement("select transactions_seen::text from rollup_state where rollup = ?")) {
            statement.setString(1, rollup);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() && rs.getString(1) != null
                        ? Optional.of(Long.parseLong(rs.getString(1)))
                        : Optional.empty();
            }
        }
    }

    /**
     * The oldest transaction still running, taken before the rollup reads anything: every transaction older than it
     * has ended, so the run's reads (each a newer snapshot, under read committed) see all they wrote.
     */
    private static long oldestRunningTransaction(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("select pg_snapshot_xmin(pg_current_snapshot())::text")) {
            rs.next();
            return Long.parseLong(rs.getString(1));
        }
    }

    private static void saveTransactionsSeen(Connection connection, String rollup, long transaction)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                insert into rollup_state (rollup, transactions_seen, updated_at) values (?, ?::text::xid8, now())
                on conflict (rollup) do update set transactions_seen = excluded.transactions_seen,
                    updated_at = now()""")) {
            statement.setString(1, rollup);
            statement.setString(2, Long.toString(transaction));
            statement.executeUpdate();
        }
    }

    private static void saveWatermark(Connection connection, String rollup, Instant watermark) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                insert into rollup_state (rollup, watermark, updated_at) values (?, ?, now())
                on conflict (rollup) do update set watermark = excluded.watermark, updated_at = now()""")) {
            statement.setString(1, rollup);
            statement.setObject(2, watermark.atOffset(ZoneOffset.UTC));
            statement.executeUpdate();
        }
    }

    private void finish(long runId, Instant finished, String status, long rows, String detail, long durationMs)
            throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("""
                        update rollup_run set finished_at = ?, status = ?, rows_written = ?, detail = ?,
                            duration_ms = ?
                        where id = ?""")) {
            statement.setObject(1, finished.atOffset(ZoneOffset.UTC));
            statement.setString(2, status);
            statement.setLong(3, rows);
            statement.setString(4, detail == null ? null : detail.substring(0, Math.min(detail.length(), 2000)));
            statement.setLong(5, durationMs);
            statement.setLong(6, runId);
            statement.executeUpdate();
        }
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }

    /** Orders rollups so that each comes after what it depends on; a cycle or unknown dependency fails the start. */
    static Map<String, Rollup> inDependencyOrder(List<Rollup> found) {
        Map<String, Rollup> byName = new LinkedHashMap<>();
        found.stream().sorted((a, b) -> a.name().compareTo(b.name())).forEach(rollup -> {
            if (byName.put(rollup.name(), rollup) != null) {
                throw new IllegalStateException("Two rollups are named '" + rollup.name() + "'");
            }
        });
        Map<String, Rollup> ordered = new LinkedHashMap<>();
        for (Rollup rollup : byName.values()) {
            visit(rollup, byName, ordered, new ArrayList<>());
        }
        return ordered;
    }

    private static void visit(Rollup rollup, Map<String, Rollup> byName, Map<String, Rollup> ordered,
            List<String> path) {
        if (ordered.containsKey(rollup.name())) {
            return;
        }
        if (path.contains(rollup.name())) {
            throw new IllegalStateException("Rollups depend on each other in a cycle: " + path);
        }
        path.add(rollup.name());
        for (String dependency : rollup.dependsOn()) {
            Rollup required = byName.get(dependency);
            if (required == null) {
                throw new IllegalStateException("Rollup[" + rollup.name() + "] depends on unknown rollup[" + dependency
                        + "]");
            }
            visit(required, byName, ordered, path);
        }
        path.remove(path.size() - 1);
        ordered.put(rollup.name(), rollup);
    }
}
