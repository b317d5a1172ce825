package dev.greenboard.metrics.job;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
 * Runs metrics jobs, records every run, and makes sure a job never runs twice at once or twice for one scheduled
 * period, whatever the number of Greenboard instances on the database: a scheduled run first claims its period (a
 * unique row per job and fire time), and every run holds a transaction-level advisory lock on the job.
 */
@ApplicationScoped
public class JobRunner {

    private static final Logger LOG = Logger.getLogger(JobRunner.class);
    private static final String UNIQUE_VIOLATION = "23505";

    private final Map<String, MetricsJob> jobs;
    private final AgroalDataSource dataSource;
    private final MeterRegistry meters;
    private final String instance = ManagementFactory.getRuntimeMXBean().getName();

    public JobRunner(Instance<MetricsJob> found, AgroalDataSource dataSource, MeterRegistry meters) {
        this.jobs = inDependencyOrder(found.stream().toList());
        this.dataSource = dataSource;
        this.meters = meters;
    }

    /** Every job, each after the jobs it depends on. */
    public List<MetricsJob> jobs() {
        return List.copyOf(jobs.values());
    }

    public Optional<MetricsJob> job(String name) {
        return Optional.ofNullable(jobs.get(name));
    }

    /** Runs one job now, waiting for a run on another instance to finish first. */
    public JobRun runNow(String name, boolean full) {
        return run(require(name), "manual", null, full);
    }

    /** Runs every job once, in dependency order; a failed job does not stop the others. */
    public List<JobRun> runAll(boolean full) {
        List<JobRun> runs = new ArrayList<>();
        for (MetricsJob job : jobs.values()) {
            runs.add(run(job, "run-all", null, full));
        }
        return runs;
    }

    /** A scheduled run: skipped when another instance already claimed this period or is running the job. */
    public JobRun runScheduled(String name, Instant fireTime) {
        return run(require(name), "schedule", fireTime, false);
    }

    private MetricsJob require(String name) {
        MetricsJob job = jobs.get(name);
        if (job == null) {
            throw new IllegalArgumentException("No metrics job named '" + name + "'; known: " + jobs.keySet());
        }
        return job;
    }

    private JobRun run(MetricsJob job, String trigger, Instant scheduledFor, boolean full) {
        Instant started = Instant.now();
        Long runId;
        try {
            runId = claim(job.name(), trigger, scheduledFor, started);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot record a run of job[" + job.name() + "]", e);
        }
        if (runId == null) {
            return new JobRun(0, job.name(), trigger, scheduledFor, instance, started, started, "skipped", 0L,
                    "this period was run by another instance", 0L);
        }
        Timer.Sample sample = Timer.start(meters);
        String status;
        long rows = 0;
        String detail;
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                if (!lock(connection, job.name(), scheduledFor == null)) {
                    connection.rollback();
                    status = "skipped";
                    detail = "running on another instance";
                } else {
                    JobContext context = new JobContext(connection, started, watermark(connection, job.name()), full);
                    JobOutcome outcome = job.run(context);
                    if (context.newWatermark().isPresent()) {
                        saveWatermark(connection, job.name(), context.newWatermark().get());
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
            LOG.errorf(e, "Metrics job[%s] failed: %s", job.name(), detail);
        }
        long durationMs = Duration.between(started, Instant.now()).toMillis();
        sample.stop(meters.timer("greenboard.metrics.job", "job", job.name(), "status", status));
        Instant finished = Instant.now();
        try {
            finish(runId, finished, status, rows, detail, durationMs);
        } catch (SQLException e) {
            LOG.warnf("Run[%d] of job[%s] finished with %s but could not be recorded: %s", runId, job.name(), status,
                    e.getMessage());
        }
        if (!"skipped".equals(status)) {
            LOG.debugf("Metrics job[%s] %s in %d ms, %d rows: %s", job.name(), status, durationMs, rows, detail);
        }
        return new JobRun(runId, job.name(), trigger, scheduledFor, instance, started, finished, status, rows, detail,
                durationMs);
    }

    /** The latest runs of a job, newest first. */
    public List<JobRun> lastRuns(String name, int limit) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("""
                        select id, job, trigger, scheduled_for, instance, started_at, finished_at, status,
                               rows_written, detail, duration_ms
                        from metrics_job_run where job = ? order by started_at desc, id desc limit ?""")) {
            statement.setString(1, name);
            statement.setInt(2, limit);
            try (ResultSet rs = statement.executeQuery()) {
                List<JobRun> runs = new ArrayList<>();
                while (rs.next()) {
                    runs.add(new JobRun(rs.getLong("id"), rs.getString("job"), rs.getString("trigger"),
                            instant(rs, "scheduled_for"), rs.getString("instance"), instant(rs, "started_at"),
                            instant(rs, "finished_at"), rs.getString("status"),
                            rs.getObject("rows_written", Long.class),
                            rs.getString("detail"), rs.getObject("duration_ms", Long.class)));
                }
                return runs;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the runs of job[" + name + "]", e);
        }
    }

    /** Inserts the run row; null when a scheduled period was already claimed by another instance. */
    private Long claim(String job, String trigger, Instant scheduledFor, Instant started) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("""
                        insert into metrics_job_run (job, trigger, scheduled_for, instance, started_at, status)
                        values (?, ?, ?, ?, ?, 'running') returning id""")) {
            statement.setString(1, job);
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

    /** The job's advisory lock for this transaction; manual runs wait for it, scheduled runs do not. */
    private static boolean lock(Connection connection, String job, boolean wait) throws SQLException {
        String sql = wait
                ? "select pg_advisory_xact_lock(hashtext(?)), true"
                : "select true, pg_try_advisory_xact_lock(hashtext(?))";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, "greenboard.metrics." + job);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getBoolean(2);
            }
        }
    }

    private static Optional<Instant> watermark(Connection connection, String job) throws SQLException {
        try (PreparedStatement statement = connection
                .prepareStatement("select watermark from metrics_job_state where job = ?")) {
            statement.setString(1, job);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? Optional.ofNullable(instant(rs, "watermark")) : Optional.empty();
            }
        }
    }

    private static void saveWatermark(Connection connection, String job, Instant watermark) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                insert into metrics_job_state (job, watermark, updated_at) values (?, ?, now())
                on conflict (job) do update set watermark = excluded.watermark, updated_at = now()""")) {
            statement.setString(1, job);
            statement.setObject(2, watermark.atOffset(ZoneOffset.UTC));
            statement.executeUpdate();
        }
    }

    private void finish(long runId, Instant finished, String status, long rows, String detail, long durationMs)
            throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("""
                        update metrics_job_run set finished_at = ?, status = ?, rows_written = ?, detail = ?,
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

    /** Orders jobs so that each comes after what it depends on; a cycle or unknown dependency fails the start. */
    static Map<String, MetricsJob> inDependencyOrder(List<MetricsJob> found) {
        Map<String, MetricsJob> byName = new LinkedHashMap<>();
        found.stream().sorted((a, b) -> a.name().compareTo(b.name())).forEach(job -> {
            if (byName.put(job.name(), job) != null) {
                throw new IllegalStateException("Two metrics jobs are named '" + job.name() + "'");
            }
        });
        Map<String, MetricsJob> ordered = new LinkedHashMap<>();
        for (MetricsJob job : byName.values()) {
            visit(job, byName, ordered, new ArrayList<>());
        }
        return ordered;
    }

    private static void visit(MetricsJob job, Map<String, MetricsJob> byName, Map<String, MetricsJob> ordered,
            List<String> path) {
        if (ordered.containsKey(job.name())) {
            return;
        }
        if (path.contains(job.name())) {
            throw new IllegalStateException("Metrics jobs depend on each other in a cycle: " + path);
        }
        path.add(job.name());
        for (String dependency : job.dependsOn()) {
            MetricsJob required = byName.get(dependency);
            if (required == null) {
                throw new IllegalStateException("Metrics job[" + job.name() + "] depends on unknown job[" + dependency
                        + "]");
            }
            visit(required, byName, ordered, path);
        }
        path.remove(path.size() - 1);
        ordered.put(job.name(), job);
    }
}
