package dev.greenboard.metrics.timing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;

import dev.greenboard.metrics.rollup.ChangeWindow;
import dev.greenboard.metrics.rollup.Rollup;
import dev.greenboard.metrics.rollup.RollupContext;
import dev.greenboard.metrics.rollup.RollupOutcome;

/**
 * Time statistics of jobs and workflows ({@code job_time_stats}): time to signal and duration per job, queue time per
 * runner label, duration per workflow; count, mean and exact percentiles per UTC hour, day and ISO week. Every sample
 * belongs to the bucket of the creation time of the job or run it measures (a time that never changes), so a run
 * recomputes just the hours, their days and their weeks, of the jobs and runs written since the last run. Hours are
 * kept for a recent horizon only ({@link JobTimesConfig#hourHorizonDays()}): a run computes no hour before it and
 * deletes the hour rows that fell behind it.
 */
@ApplicationScoped
public class JobTimesRollup implements Rollup {

    /** A job's {@code "<workflow> / <job>"}, as the HUD names its columns (the gateway's Job.displayName). */
    private static final String DISPLAY_NAME = "case when btrim(coalesce(j.workflow_name, '')) = '' then j.name"
            + " else j.workflow_name || ' / ' || j.name end";

    /**
     * Every sample of one repository whose bucket starts at or after {@code lo} and before {@code hi}, aggregated per
     * metric and key. Negative intervals (clock skew, lost events) are left out.
     */
    static final String BUCKET_STATS = """
            with b as (select ?::bigint as repo_id, ?::timestamptz as lo, ?::timestamptz as hi),
            samples as (
                -- Time to signal: successful jobs of first attempts of push-triggered runs, from the run's creation.
                select 'tts' as metric, %1$s as key,
                       extract(epoch from j.completed_at - r.created_at)::float8 as seconds
                  from b join workflow_run r on r.repo_id = b.repo_id and r.created_at >= b.lo and r.created_at < b.hi
                  join job j on j.run_id = r.id and j.run_attempt = r.run_attempt
                 where r.run_attempt = 1 and r.event = 'push'
                   and j.status = 'completed' and j.conclusion in ('success', 'neutral')
                union all
                -- Job duration: every execution that ran on a runner (a skipped job never does).
                select 'job_duration', %1$s, extract(epoch from j.completed_at - j.started_at)::float8
                  from b join job j on j.repo_id = b.repo_id and j.created_at >= b.lo and j.created_at < b.hi
                 where j.status = 'completed' and j.conclusion is distinct from 'skipped'
                   and j.started_at is not null and j.completed_at is not null
                union all
                -- Time to red signal: failed first attempts of jobs of pull-request runs, from the job's start to
                -- the completion of its first failing step (steps come with workflow_job; a job without steps, or
                -- whose steps show no failure, has no sample).
                select 'ttrs', %1$s, extract(epoch from f.first_failure - j.started_at)::float8
                  from b join job j on j.repo_id = b.repo_id and j.created_at >= b.lo and j.created_at < b.hi
                  join workflow_run r on r.id = j.run_id and r.run_attempt = j.run_attempt
                  cross join lateral (
                      select min((s ->> 'completed_at')::timestamptz) as first_failure
                        from jsonb_array_elements(case when jsonb_typeof(j.steps) = 'array' then j.steps
                                                       else '[]'::jsonb end) as s
                       where s ->> 'conclusion' = 'failure'
                         and s ->> 'completed_at' ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}'
                  ) as f
                 where j.run_attempt = 1 and j.conclusion = 'failure' and j.started_at is not null
                   and r.event in ('pull_request', 'pull_request_target') and f.first_failure is not null
                union all
                -- Queue time per runner label: a job that asks for two labels waits in both queues.
                select 'queue_time', coalesce(l.label, '(no label)'),
                       extract(epoch from j.started_at - j.created_at)::float8
                  from b join job j on j.repo_id = b.repo_id and j.created_at >= b.lo and j.created_at < b.hi
                  left join lateral unnest(j.labels) as l(label) on true
                 where j.started_at is not null and j.conclusion is distinct from 'skipped'
                union all
                -- Workflow duration: successful first attempts.
                select 'workflow_duration', coalesce(r.name, '(unnamed)'),
                       extract(epoch from r.updated_at - r.created_at)::float8
                  from b join workflow_run r on r.repo_id = b.repo_id and r.created_at >= b.lo and r.created_at < b.hi
                 where r.run_attempt = 1 and r.status = 'completed' and r.conclusion = 'success'
                   and r.updated_at is not null
            )
            select metric, key, count(*) as count, avg(seconds) as mean_s, max(seconds) as max_s,
                   percentile_cont(array[0.5, 0.9, 0.95, 0.99]) within group (order by seconds) as p
              from samples where seconds >= 0
             group by metric, key""".formatted(DISPLAY_NAME);

    private final JobTimesConfig config;

    public JobTimesRollup(JobTimesConfig config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "job-time-stats";
    }

    @Override
    public String description() {
        return "Time to signal, time to red signal, job and workflow duration, queue time per runner label: count, mean, p50/p90/p95/p99, max"
                + " per hour (recent days), day and week";
    }

    @Override
    public String defaultSchedule() {
        // Hourly: the hour buckets fill as the hours pass, and a run rereads a whole week of the days it touches.
        return "0 7 * * * ?";
    }

    @Override
    public RollupOutcome run(RollupContext context) throws SQLException {
        Connection connection = context.connection();
        ChangeWindow window = ChangeWindow.open(context);
        OffsetDateTime firstHourKept = firstHourKept(context.now(), config.hourHorizonDays());
        createWorkTables(connection);
        collectHours(connection, window);
        addBuckets(connection, firstHourKept);
        List<Bucket> buckets = buckets(connection);
        for (Bucket bucket : buckets) {
            compute(connection, bucket);
        }
        long expired = deleteHoursBefore(connection, firstHourKept);
        long rows = save(connection, window.full()) + expired;
        window.close(context);
        return RollupOutcome.of(rows, (window.full() ? "full run: " : "") + describe(buckets) + " rows written["
                + rows + "] of which hour rows before " + firstHourKept + " deleted[" + expired + "]");
    }

    /**
     * The start of the oldest hour bucket kept at {@code now}: the current hour's start minus the horizon. The gateway
     * refuses hourly time series that start earlier.
     */
    public static OffsetDateTime firstHourKept(Instant now, int horizonDays) {
        return now.truncatedTo(ChronoUnit.HOURS).minus(Math.max(horizonDays, 0), ChronoUnit.DAYS)
                .atOffset(ZoneOffset.UTC);
    }

    /** One bucket to recompute: {@code [start, end)} of one repository. */
    record Bucket(long repoId, String width, OffsetDateTime start, OffsetDateTime end) {
    }

    private static void createWorkTables(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("""
                    create temporary table time_changed_hour (repo_id bigint, hour timestamptz,
                        primary key (repo_id, hour)) on commit drop""");
            statement.execute("""
                    create temporary table time_bucket (repo_id bigint, bucket text, bucket_start timestamptz,
                        bucket_end timestamptz, primary key (repo_id, bucket, bucket_start)) on commit drop""");
            statement.execute("""
                    create temporary table time_fresh (like job_time_stats) on commit drop""");
        }
    }

    /** The hours (UTC) whose samples may have changed: those of the jobs and runs written in the window. */
    private static void collectHours(Connection connection, ChangeWindow window) throws SQLException {
        String hours = window.full()
                ? """
                        select repo_id, date_trunc('hour', created_at, 'UTC') from job where created_at is not null
                        union
                        select repo_id, date_trunc('hour', created_at, 'UTC') from workflow_run where created_at is not null"""
                : """
                        select j.repo_id, date_trunc('hour', j.created_at, 'UTC') from job j
                         where j.updated_at > ? and j.updated_at <= ? and j.created_at is not null
                        union
                        -- a job's time to signal is bucketed by its run
                        select r.repo_id, date_trunc('hour', r.created_at, 'UTC')
                          from job j join workflow_run r on r.id = j.run_id and r.run_attempt = j.run_attempt
                         where j.updated_at > ? and j.updated_at <= ? and r.created_at is not null
                        union
                        select r.repo_id, date_trunc('hour', r.created_at, 'UTC') from workflow_run r
                         where r.recorded_at > ? and r.recorded_at <= ? and r.created_at is not null
                        union
                        -- a job's time to red signal needs its run's event: a run written late changes its jobs' hours
                        select j.repo_id, date_trunc('hour', j.created_at, 'UTC')
                          from workflow_run r join job j on j.run_id = r.id and j.run_attempt = r.run_attempt
                         where r.recorded_at > ? and r.recorded_at <= ? and j.created_at is not null""";
        try (PreparedStatement statement = connection
                .prepareStatement("insert into time_changed_hour select * from (%s) as changed".formatted(hours))) {
            if (!window.full()) {
                window.bind(statement, window.bind(statement, window.bind(statement, window.bind(statement, 1))));
            }
            statement.executeUpdate();
        }
    }

    /**
     * The buckets to recompute: the changed hours within the horizon, the days of every changed hour, and the weeks of
     * those days. Days and weeks are recomputed from the facts, not merged from hours, so that their percentiles stay
     * exact.
     */
    private static void addBuckets(Connection connection, OffsetDateTime firstHourKept) throws SQLException {
        try (PreparedStatement hours = connection.prepareStatement("""
                insert into time_bucket
                select repo_id, 'hour', hour, hour + interval '1 hour' from time_changed_hour where hour >= ?""");
                Statement statement = connection.createStatement()) {
            hours.setObject(1, firstHourKept);
            hours.executeUpdate();
            statement.executeUpdate("""
                    insert into time_bucket
                    select distinct repo_id, 'day', date_trunc('day', hour, 'UTC'),
                           date_trunc('day', hour, 'UTC') + interval '24 hours'
                      from time_changed_hour""");
            statement.executeUpdate("""
                    insert into time_bucket
                    select distinct repo_id, 'week', date_trunc('week', bucket_start, 'UTC'),
                           date_trunc('week', bucket_start, 'UTC') + interval '168 hours'
                      from time_bucket where bucket = 'day'""");
        }
    }

    private static List<Bucket> buckets(Connection connection) throws SQLException {
        List<Bucket> buckets = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(
                        "select * from time_bucket order by repo_id, bucket, bucket_start")) {
            while (rs.next()) {
                buckets.add(new Bucket(rs.getLong("repo_id"), rs.getString("bucket"),
                        rs.getObject("bucket_start", OffsetDateTime.class),
                        rs.getObject("bucket_end", OffsetDateTime.class)));
            }
        }
        return buckets;
    }

    private static void compute(Connection connection, Bucket bucket) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                insert into time_fresh (repo_id, metric, key, bucket, bucket_start, count, mean_s, p50_s, p90_s,
                                        p95_s, p99_s, max_s)
                select ?, metric, key, ?, ?, count, mean_s, p[1], p[2], p[3], p[4], max_s from (%s) as stats"""
                .formatted(BUCKET_STATS))) {
            statement.setLong(1, bucket.repoId());
            statement.setString(2, bucket.width());
            statement.setObject(3, bucket.start());
            statement.setLong(4, bucket.repoId());
            statement.setObject(5, bucket.start());
            statement.setObject(6, bucket.end());
            statement.executeUpdate();
        }
    }

    /**
     * Upserts the recomputed rows that differ from the stored ones and deletes the stored rows of the recomputed
     * buckets (of every bucket, on a full run) that have no samples any more.
     */
    private static long save(Connection connection, boolean full) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            long rows = statement.executeUpdate("""
                    insert into job_time_stats select * from time_fresh
                    on conflict (repo_id, metric, bucket, key, bucket_start) do update set
                        count = excluded.count, mean_s = excluded.mean_s, p50_s = excluded.p50_s,
                        p90_s = excluded.p90_s, p95_s = excluded.p95_s, p99_s = excluded.p99_s,
                        max_s = excluded.max_s
                    where (job_time_stats.count, job_time_stats.mean_s, job_time_stats.p50_s, job_time_stats.p90_s,
                           job_time_stats.p95_s, job_time_stats.p99_s, job_time_stats.max_s)
                          is distinct from
                          (excluded.count, excluded.mean_s, excluded.p50_s, excluded.p90_s, excluded.p95_s,
                           excluded.p99_s, excluded.max_s)""");
            rows += statement.executeUpdate("""
                    delete from job_time_stats s
                     where (%s)
                       and not exists (select 1 from time_fresh f
                                        where (f.repo_id, f.metric, f.bucket, f.key, f.bucket_start)
                                            = (s.repo_id, s.metric, s.bucket, s.key, s.bucket_start))"""
                    .formatted(full ? "true" : """
                            exists (select 1 from time_bucket t where (t.repo_id, t.bucket, t.bucket_start)
                                                                    = (s.repo_id, s.bucket, s.bucket_start))"""));
            return rows;
        }
    }

    /**
     * Deletes the hour rows that fell behind the horizon: a range that long is shown per day, and hours are the
     * largest part of the table.
     */
    private static long deleteHoursBefore(Connection connection, OffsetDateTime firstHourKept) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "delete from job_time_stats where bucket = 'hour' and bucket_start < ?")) {
            statement.setObject(1, firstHourKept);
            return statement.executeUpdate();
        }
    }

    /** E.g. {@code recomputed days[2026-11-02, 2026-11-03] repository-hours[3] repository-days[2] ...}. */
    static String describe(List<Bucket> buckets) {
        TreeSet<String> days = new TreeSet<>();
        buckets.stream().filter(b -> b.width().equals("day"))
                .forEach(b -> days.add(b.start().toLocalDate().toString()));
        long hourBuckets = buckets.stream().filter(b -> b.width().equals("hour")).count();
        long dayBuckets = buckets.stream().filter(b -> b.width().equals("day")).count();
        long weekBuckets = buckets.stream().filter(b -> b.width().equals("week")).count();
        long repos = buckets.stream().map(Bucket::repoId).distinct().count();
        // Repositories of one day count once in the list; the list is cut short on a large backfill.
        String listed = days.size() <= 20 ? String.join(", ", days) : days.size() + " distinct days";
        return "recomputed days[" + listed + "] repository-hours[" + hourBuckets + "] repository-days[" + dayBuckets
                + "] repository-weeks[" + weekBuckets + "] repositories[" + repos + "]";
    }
}
