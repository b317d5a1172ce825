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
import java.util.HashMap;
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

    /** A report with where it belongs, and when it was received (which partitions of results hold it). */
    private record PlacedReport(long reportId, String runKey, String base, String config, String invokingFile,
            OffsetDateTime receivedAt) {
    }

    /**
     * The times are computed in steps, so that the results of the averaged commits (1.3 M in the {@code hour}
     * benchmark) are read once and only integer keys are sorted: {@code tt_latest} keeps each test's newest result per
     * placement (run, base, config; numbered in {@code tt_report}), {@code tt_class_run} sums them per run and class,
     * and {@code tt_test} per test; the published rows are averages over those, and a test's file key is derived only
     * for the slow ones. One statement that sorted the results by their text keys took 5.5 s of a 7.8 s run at 10 M
     * stored results; these take 3.1 s in all.
     */
    private long rollUp(Connection connection, long repoId) throws SQLException {
        List<String> commits = greenCommits(connection, repoId);
        List<PlacedReport> reports = placedReports(connection, repoId, commits);
        try (Statement statement = connection.createStatement()) {
            statement.execute("drop table if exists pg_temp.tt_report, pg_temp.tt_latest, pg_temp.tt_class_run,"
                    + " pg_temp.tt_test");
        }
        // A placement is one (run, base, config): within it a test counts once.
        Map<List<String>, Integer> placements = new HashMap<>();
        Integer[] placementOfReport = reports.stream()
                .map(r -> placements.computeIfAbsent(List.of(r.runKey(), r.base(), r.config()),
                        key -> placements.size() + 1))
                .toArray(Integer[]::new);
        Long[] reportIds = reports.stream().map(PlacedReport::reportId).toArray(Long[]::new);
        try (PreparedStatement statement = connection.prepareStatement("""
                create temp table tt_report on commit drop as
                select * from unnest(?::bigint[], ?::integer[], ?::text[], ?::text[], ?::text[], ?::text[])
                    as r (report_id, placement, run_key, base, config, invoking_file)""")) {
            statement.setArray(1, array(connection, "bigint", reportIds));
            statement.setArray(2, array(connection, "integer", placementOfReport));
            statement.setArray(3, array(connection, "text", reports.stream().map(PlacedReport::runKey).toArray()));
            statement.setArray(4, array(connection, "text", reports.stream().map(PlacedReport::base).toArray()));
            statement.setArray(5, array(connection, "text", reports.stream().map(PlacedReport::config).toArray()));
            statement.setArray(6, array(connection, "text",
                    reports.stream().map(PlacedReport::invokingFile).toArray()));
            statement.execute();
        }
        // The newest report of a placement wins, and within a report its last row of the test.
        try (PreparedStatement statement = connection.prepareStatement("""
                create temp table tt_latest on commit drop as
                select distinct on (r.placement, tr.test_id) r.report_id, tr.test_id,
                       coalesce(tr.duration_s, 0) as seconds
                from unnest(?::bigint[], ?::integer[]) as r (report_id, placement)
                join test_result tr on tr.repo_id = ? and tr.report_id = r.report_id and tr.received_at >= ?
                order by r.placement, tr.test_id, r.report_id desc, tr.ordinal desc""")) {
            statement.setArray(1, array(connection, "bigint", reportIds));
            statement.setArray(2, array(connection, "integer", placementOfReport));
            statement.setLong(3, repoId);
            statement.setObject(4, reports.stream().map(PlacedReport::receivedAt).min(OffsetDateTime::compareTo)
                    .orElse(OffsetDateTime.now()));
            statement.execute();
        }
        execute(connection, """
                create temp table tt_class_run on commit drop as
                select r.base, r.config, %s as file, c.classname, r.run_key, sum(c.seconds) as seconds
                from (select l.report_id, t.file, t.classname, sum(l.seconds) as seconds
                      from tt_latest l join test_identity t on t.id = l.test_id
                      group by l.report_id, t.file, t.classname) c
                join tt_report r using (report_id)
                group by 1, 2, 3, 4, 5""".formatted(fileKey("r.invoking_file", "c.file")));
        // Per test and invoking file; the file key is derived only for the slow tests' rows.
        execute(connection, """
                create temp table tt_test on commit drop as
                select t.name, t.classname, t.file as case_file, p.invoking_file, p.seconds, p.runs
                from (select l.test_id, r.invoking_file, sum(l.seconds) as seconds, count(*) as runs
                      from tt_latest l join tt_report r using (report_id)
                      group by l.test_id, r.invoking_file) p
                join test_identity t on t.id = p.test_id""");
        long rows = replace(connection, repoId, "test_file_time", "base, config, file", """
                with per_run as (select base, config, file, run_key, sum(seconds) as s
                                 from tt_class_run group by base, config, file, run_key),
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
                with per_class as (select base, config, file, classname, avg(seconds) as seconds,
                                          count(*)::int as runs
                                   from tt_class_run group by base, config, file, classname)
                select base, config, file, classname, seconds, runs from per_class
                union all
                select 'default', config, file, classname, avg(seconds), sum(runs)::int
                from per_class where config <> 'default' group by config, file, classname
                union all
                select 'default', 'default', file, classname, avg(seconds), sum(runs)::int
                from per_class group by file, classname""", "seconds, runs");
        rows += replace(connection, repoId, "slow_test", "test_key", """
                with slow as (select name, classname, sum(seconds) / sum(runs) as seconds, sum(runs)::int as runs
                              from tt_test group by name, classname
                              having sum(seconds) / sum(runs) > %s)
                select s.name || ' (__main__.' || regexp_replace(s.classname, '^.*\\.', '') || ')' as test_key,
                       min(%s) as file, s.classname, s.name, s.seconds, s.runs
                from slow s join tt_test t using (name, classname)
                group by s.name, s.classname, s.seconds, s.runs""".formatted(config.slowTestSeconds(),
                fileKey("t.invoking_file", "t.case_file")), "file, classname, name, seconds, runs");
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
                select r.id, r.received_at, coalesce(j.run_id::text, r.workflow_run_id::text, r.sha) as run_key,
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
                            labels.get("invoking_file"), rs.getObject("received_at", OffsetDateTime.class)));
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

    /** A result's file key: the upload's invoking file (dots become slashes, as PyTorch does), else the case's file. */
    private static String fileKey(String invokingFile, String caseFile) {
        return "coalesce(nullif(replace(" + invokingFile + ", '.', '/'), ''), regexp_replace(" + caseFile
                + ", '\\.py$', ''))";
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static Array array(Connection connection, String type, Object[] values) throws SQLException {
        return connection.createArrayOf(type, values);
    }
}
