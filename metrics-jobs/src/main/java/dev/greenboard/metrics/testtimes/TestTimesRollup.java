package dev.greenboard.metrics.testtimes;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.greenboard.metrics.jobname.JobNameParser;
import dev.greenboard.metrics.jobname.JobNameParser.JobNameParts;
import dev.greenboard.metrics.rollup.Rollup;
import dev.greenboard.metrics.rollup.RollupContext;
import dev.greenboard.metrics.rollup.RollupOutcome;

/**
 * Test times and slow tests (docs/definitions.md), the input CI uses to shard its tests.
 * <ol>
 * <li>Runs: the N newest commits of the default branch whose blocking jobs all passed in the end (their commit
 * health is green or flaky) and that have test reports.</li>
 * <li>Each report is placed by its job name (or labels) under a build environment ({@code base}) and a test
 * {@code config}; the jobs of one workflow run (every shard, every attempt) form one run, as in PyTorch's
 * {@code test_times/per_file} query.</li>
 * <li>Within a run a test counts once: its result in the newest report (a rerun replaces the first try).</li>
 * <li>A file's time in a run is the sum of its test cases' durations over the run's jobs; the published time of a
 * (base, config, file) is the mean over the runs that have the file. The same per class.</li>
 * <li>As PyTorch's {@code update_test_times.py}: {@code default}/{@code <config>} is the mean of the bases' values for
 * that config, and {@code default}/{@code default} the mean over every (base, config) value of the file, so that a
 * file that runs only in another config (e.g. distributed) has a default time too.</li>
 * <li>A test is slow when its mean duration over the same runs exceeds the threshold.</li>
 * </ol>
 * The file key is the upload's {@code invoking_file} (dots become slashes, as PyTorch does), else the test case's
 * file without {@code .py}, else its suite name.
 */
@ApplicationScoped
public class TestTimesRollup implements Rollup {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TestTimesConfig config;
    private final JobNameParser jobNames;

    public TestTimesRollup(TestTimesConfig config, JobNameParser jobNames) {
        this.config = config;
        this.jobNames = jobNames;
    }

    @Override
    public String name() {
        return "test-times";
    }

    @Override
    public String description() {
        return "Per build environment, config and test file (and class): mean time over the newest green"
                + " default-branch commits; slow tests";
    }

    @Override
    public String defaultSchedule() {
        return "0 7/30 * * * ?";
    }

    /** Which commits count comes from commit health (blocking workflows, latest attempts). */
    @Override
    public List<String> dependsOn() {
        return List.of("commit-health");
    }

    @Override
    public RollupOutcome run(RollupContext context) throws SQLException {
        Connection connection = context.connection();
        Instant newest = newestFact(connection);
        OffsetDateTime watermark = context.watermarkOrMin();
        List<Long> repos = changedRepos(connection, watermark);
        java.util.Set<Long> newHealth = new java.util.HashSet<>(reposWithNewHealth(connection, watermark));
        long rows = 0;
        int recomputed = 0;
        for (long repoId : repos) {
            // New reports change the times only when they belong to one of the commits averaged; a change of commit
            // health may change which commits those are.
            if (!context.full() && !newHealth.contains(repoId)
                    && !newReportOn(connection, repoId, greenCommits(connection, repoId), watermark)) {
                continue;
            }
            rows += rollUp(connection, repoId);
            recomputed++;
        }
        context.advanceWatermark(newest);
        return RollupOutcome.of(rows, repos.isEmpty()
                ? "no new reports or jobs"
                : "recomputed " + recomputed + " repositories of " + repos.size() + " with new reports or jobs");
    }

    private static Instant newestFact(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("select greatest((select max(received_at) from test_report),"
                        + " (select max(changed_at) from commit_health))")) {
            rs.next();
            OffsetDateTime time = rs.getObject(1, OffsetDateTime.class);
            return time == null ? null : time.toInstant();
        }
    }

    /** Repositories with reports or job changes since the watermark: only their times can have changed. */
    private static List<Long> changedRepos(Connection connection, OffsetDateTime watermark) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                select repo_id from test_report where received_at > ?
                union
                select repo_id from commit_health where changed_at > ?
                  and repo_id in (select repo_id from test_report)
                order by 1""")) {
            statement.setObject(1, watermark);
            statement.setObject(2, watermark);
            List<Long> repos = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    repos.add(rs.getLong(1));
                }
            }
            return repos;
        }
    }

    private static List<Long> reposWithNewHealth(Connection connection, OffsetDateTime watermark)
            throws SQLException {
        try (PreparedStatement statement = connection
                .prepareStatement("select distinct repo_id from commit_health where changed_at > ?")) {
            statement.setObject(1, watermark);
            List<Long> repos = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    repos.add(rs.getLong(1));
                }
            }
            return repos;
        }
    }

    private static boolean newReportOn(Connection connection, long repoId, List<String> commits,
            OffsetDateTime watermark) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                select exists (select 1 from test_report
                               where repo_id = ? and sha = any(?) and received_at > ?)""")) {
            statement.setLong(1, repoId);
            statement.setArray(2, connection.createArrayOf("text", commits.toArray()));
            statement.setObject(3, watermark);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** A report with where it belongs. */
    private record PlacedReport(long reportId, String runKey, String base, String config, String invokingFile) {
    }

    private long rollUp(Connection connection, long repoId) throws SQLException {
        List<String> commits = greenCommits(connection, repoId);
        List<PlacedReport> reports = placedReports(connection, repoId, commits);
        try (Statement statement = connection.createStatement()) {
            statement.execute("drop table if exists pg_temp.tt_keyed");
        }
        try (PreparedStatement statement = connection.prepareStatement("""
                create temp table tt_keyed on commit drop as
                with reports (report_id, run_key, base, config, invoking_file) as (
                    select * from unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[])),
                latest as (
                    select distinct on (r.run_key, r.base, r.config, tr.test_id)
                           r.run_key, r.base, r.config, r.invoking_file, tr.test_id, tr.duration_s
                    from reports r join test_result tr on tr.report_id = r.report_id
                    order by r.run_key, r.base, r.config, tr.test_id, r.report_id desc, tr.ordinal desc)
                select l.run_key, l.base, l.config,
                       coalesce(nullif(replace(l.invoking_file, '.', '/'), ''),
                                regexp_replace(ti.file, '\\.py$', '')) as file,
                       ti.classname, ti.name, coalesce(l.duration_s, 0) as seconds
                from latest l join test_identity ti on ti.id = l.test_id""")) {
            statement.setArray(1, array(connection, "bigint", reports.stream().map(PlacedReport::reportId).toArray()));
            statement.setArray(2, array(connection, "text", reports.stream().map(PlacedReport::runKey).toArray()));
            statement.setArray(3, array(connection, "text", reports.stream().map(PlacedReport::base).toArray()));
            statement.setArray(4, array(connection, "text", reports.stream().map(PlacedReport::config).toArray()));
            statement.setArray(5, array(connection, "text",
                    reports.stream().map(PlacedReport::invokingFile).toArray()));
            statement.execute();
        }
        long rows = replace(connection, repoId, "test_file_time", "base, config, file", """
                with per_run as (select base, config, file, run_key, sum(seconds) as s
                                 from tt_keyed group by base, config, file, run_key),
                     per_file as (select base, config, file, avg(s) as seconds, count(*)::int as runs
                                  from per_run group by base, config, file)
                select base, config, file, seconds, runs from per_file
                union all
                select 'default', config, file, avg(seconds), sum(runs)::int from per_file
                where config <> 'default' group by config, file
                union all
                select 'default', 'default', file, avg(seconds), sum(runs)::int from per_file group by file""",
                "seconds, runs");
        rows += replace(connection, repoId, "test_class_time", "base, config, file, classname", """
                with per_run as (select base, config, file, classname, run_key, sum(seconds) as s
                                 from tt_keyed group by base, config, file, classname, run_key),
                     per_class as (select base, config, file, classname, avg(s) as seconds, count(*)::int as runs
                                   from per_run group by base, config, file, classname)
                select base, config, file, classname, seconds, runs from per_class
                union all
                select 'default', config, file, classname, avg(seconds), sum(runs)::int
                from per_class where config <> 'default' group by config, file, classname
                union all
                select 'default', 'default', file, classname, avg(seconds), sum(runs)::int
                from per_class group by file, classname""", "seconds, runs");
        rows += replace(connection, repoId, "slow_test", "test_key", """
                select name || ' (__main__.' || regexp_replace(classname, '^.*\\.', '') || ')' as test_key,
                       min(file) as file, classname, name, avg(seconds) as seconds, count(*)::int as runs
                from tt_keyed group by name, classname
                having avg(seconds) > """ + config.slowTestSeconds(), "file, classname, name, seconds, runs");
        return rows;
    }

    /**
     * Makes {@code table}'s rows of the repository equal to {@code select}: inserts new keys, updates changed values,
     * deletes keys that are gone, and returns how many rows that touched (zero when nothing changed).
     */
    private static long replace(Connection connection, long repoId, String table, String keyColumns, String select,
            String valueColumns) throws SQLException {
        String allColumns = keyColumns + ", " + valueColumns;
        String staged = "tt_" + table;
        long rows;
        try (Statement statement = connection.createStatement()) {
            statement.execute("drop table if exists pg_temp." + staged);
            statement.execute("create temp table " + staged + " on commit drop as " + select);
            String updates = String.join(", ", java.util.Arrays.stream(valueColumns.split(",\\s*"))
                    .map(c -> c + " = excluded." + c).toList());
            String changed = "(" + prefixed(table, valueColumns) + ") is distinct from ("
                    + prefixed("excluded", valueColumns) + ")";
            rows = statement.executeUpdate("insert into " + table + " (repo_id, " + allColumns + ", updated_at)"
                    + " select " + repoId + ", " + allColumns + ", now() from " + staged
                    + " on conflict (repo_id, " + keyColumns + ") do update set " + updates + ", updated_at = now()"
                    + " where " + changed);
            rows += statement.executeUpdate("delete from " + table + " t where t.repo_id = " + repoId
                    + " and not exists (select 1 from " + staged + " s where " + String.join(" and ",
                            java.util.Arrays.stream(keyColumns.split(",\\s*")).map(c -> "s." + c + " = t." + c)
                                    .toList())
                    + ")");
        }
        return rows;
    }

    private static String prefixed(String prefix, String columns) {
        return String.join(", ", java.util.Arrays.stream(columns.split(",\\s*")).map(c -> prefix + "." + c).toList());
    }

    /**
     * The newest commits of the default branch whose blocking jobs all passed in the end (commit health green or
     * flaky: every job name's latest attempt succeeded) and that have test reports.
     */
    private List<String> greenCommits(Connection connection, long repoId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                select ch.sha
                from commit_health ch
                join repository_default_branch r on r.repo_id = ch.repo_id and ch.branch = r.default_branch
                join branch_commit bc on bc.repo_id = ch.repo_id and bc.branch = ch.branch and bc.sha = ch.sha
                where ch.repo_id = ? and ch.state in ('green', 'flaky')
                  and exists (select 1 from test_report tr where tr.repo_id = ch.repo_id and tr.sha = ch.sha)
                order by bc.seen_at desc, bc.push_ordinal desc
                limit ?""")) {
            statement.setLong(1, repoId);
            statement.setInt(2, config.commits());
            List<String> shas = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    shas.add(rs.getString(1));
                }
            }
            return shas;
        }
    }

    private List<PlacedReport> placedReports(Connection connection, long repoId, List<String> commits)
            throws SQLException {
        List<PlacedReport> placed = new ArrayList<>();
        if (commits.isEmpty()) {
            return placed;
        }
        try (PreparedStatement statement = connection.prepareStatement("""
                select r.id, coalesce(j.run_id::text, r.workflow_run_id::text, r.sha) as run_key,
                       coalesce(r.job_name, j.name) as job_name, r.labels::text as labels
                from test_report r left join job j on j.id = r.job_id
                where r.repo_id = ? and r.sha = any(?)""")) {
            statement.setLong(1, repoId);
            statement.setArray(2, connection.createArrayOf("text", commits.toArray()));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    Map<String, String> labels = labels(rs.getString("labels"));
                    JobNameParts parts = jobNames.parse(repoId, rs.getString("job_name"), labels);
                    placed.add(new PlacedReport(rs.getLong("id"), rs.getString("run_key"), parts.base(), parts.config(),
                            labels.get("invoking_file")));
                }
            }
        }
        return placed;
    }

    private static Map<String, String> labels(String json) {
        try {
            return JSON.readValue(json, new TypeReference<Map<String, String>>() {
            });
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }

    private static Array array(Connection connection, String type, Object[] values) throws SQLException {
        return connection.createArrayOf(type, values);
    }
}
