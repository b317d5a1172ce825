package dev.greenboard.metrics.results;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.greenboard.metrics.jobname.JobNameParser;
import dev.greenboard.metrics.jobname.JobNameParser.JobNameParts;
import dev.greenboard.metrics.retention.RetentionConfig;
import dev.greenboard.metrics.rollup.Rollup;
import dev.greenboard.metrics.rollup.RollupContext;
import dev.greenboard.metrics.rollup.RollupOutcome;

/**
 * Folds test reports into the daily aggregates ({@code test_day_stats}, {@code test_file_execution_day}) and records
 * in the ledger ({@code test_stats_ledger}) what each was counted as (docs/test-statistics.md "The ledger").
 * <p>
 * A run looks at the candidate reports: those received since the watermark (less the late-arrival margin), those of
 * commits that joined a branch since then, and those whose job row changed since then; a full run looks at every
 * report inside the retention. For each it computes what the report counts as now (day, default branch, platform,
 * job base and config, execution). A report without a ledger row is added; a report whose ledger row says something
 * else is subtracted under the old key and added under the new one; a report whose row says the same is left alone.
 * So re-reading a report any number of times counts it once.
 * <p>
 * Nothing is counted twice, whatever runs at the same time: new ledger rows are inserted with {@code on conflict do
 * nothing} and only the rows this transaction inserted are added; changed rows are locked ({@code for update}) before
 * they are compared, so a second run waits and then finds them already corrected. The ledger and the aggregates
 * change in the run's one transaction: a run that dies half-way changes neither.
 */
@ApplicationScoped
public class TestStatsFold implements Rollup {

    public static final String NAME = "test-stats";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TestResultsConfig results;
    private final RetentionConfig retention;
    private final JobNameParser jobNames;

    public TestStatsFold(TestResultsConfig results, RetentionConfig retention, JobNameParser jobNames) {
        this.results = results;
        this.retention = retention;
        this.jobNames = jobNames;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Folds each new or changed test report, once, into daily per-test and per-file aggregates (the ledger"
                + " of what was counted); the test statistics read these";
    }

    @Override
    public String defaultSchedule() {
        return "0 0/5 * * * ?";
    }

    @Override
    public RollupOutcome run(RollupContext context) throws SQLException {
        Instant now = context.now();
        FoldOutcome outcome = fold(context.connection(), context.watermark(), now);
        context.advanceWatermark(now);
        return RollupOutcome.of(outcome.rows(), outcome.detail());
    }

    /** What one fold did. */
    public record FoldOutcome(int candidates, int added, int corrected, long rows) {

        String detail() {
            return candidates + " reports looked at, " + added + " added, " + corrected + " corrected";
        }
    }

    /** The oldest day the aggregates keep: the retention of raw results, so every correction can still be made. */
    public LocalDate oldestDay(Instant now) {
        return LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(retention.testResultDays() - 1L);
    }

    /**
     * Folds the candidate reports on {@code connection} without committing: the caller's transaction decides. Public
     * so that a test can fold and roll back, as a run killed half-way does.
     *
     * @param watermark empty for a full fold: every report inside the retention is a candidate
     */
    public FoldOutcome fold(Connection connection, Optional<Instant> watermark, Instant now) throws SQLException {
        LocalDate oldestDay = oldestDay(now);
        Instant oldest = oldestDay.atStartOfDay(ZoneOffset.UTC).toInstant();
        Optional<Instant> since = ChangedReports.since(watermark, results.lateArrival());
        // A full fold aggregates every stored result in one statement: in memory, not in spilled batches.
        execute(connection, "set local work_mem = '128MB'");
        int candidates = collectCandidates(connection, since, oldest);
        execute(connection, "analyze fold_candidate");
        placeCandidates(connection);
        execute(connection, "analyze fold_current");
        int corrected = correctChanged(connection, now);
        int added = addNew(connection, now, oldestDay);
        // The temporary tables have no statistics until analysed: the planner would guess their size, and a wrong
        // guess reads every result instead of those of the folded reports.
        execute(connection, "analyze fold_delta");
        long rows = applyDeltas(connection, corrected > 0);
        // The days move once a day: pruning on every fold would scan the aggregates each time.
        boolean newDay = watermark.map(w -> !LocalDate.ofInstant(w, ZoneOffset.UTC)
                .equals(LocalDate.ofInstant(now, ZoneOffset.UTC))).orElse(true);
        if (newDay) {
            rows += prune(connection, oldestDay);
        }
        return new FoldOutcome(candidates, added, corrected, rows);
    }

    /** {@code fold_candidate(report_id)}: the reports that may count differently than the ledger says. */
    private static int collectCandidates(Connection connection, Optional<Instant> since, Instant oldest)
            throws SQLException {
        String sql = since.isEmpty()
                ? """
                        create temporary table fold_candidate on commit drop as
                        select id as report_id from test_report where received_at >= ?
                        union select report_id from test_stats_ledger"""
                : """
                        create temporary table fold_candidate on commit drop as
                        select r.id as report_id from test_report r where r.received_at > ? and r.received_at >= ?
                        union
                        select r.id from branch_commit bc
                        join test_report r on r.repo_id = bc.repo_id and r.sha = bc.sha
                        where bc.recorded_at > ? and r.received_at >= ?
                        union
                        select r.id from job j
                        join test_report r on r.job_id = j.id
                        where j.updated_at > ? and r.received_at >= ?""";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            // Results are bounded by receive time; a report ran at most the clock skew before it was received.
            Instant receivedFrom = oldest.minus(ChangedReports.CLOCK_SKEW);
            if (since.isEmpty()) {
                statement.setObject(1, ChangedReports.utc(receivedFrom));
            } else {
                for (int i = 0; i < 3; i++) {
                    statement.setObject(2 * i + 1, ChangedReports.utc(since.get()));
                    statement.setObject(2 * i + 2, ChangedReports.utc(receivedFrom));
                }
            }
            return statement.executeUpdate();
        }
    }

    /**
     * {@code fold_current}: what each candidate counts as now. The job's base and config come from its name by the
     * repository's job-name pattern (Java), the rest from {@code test_report_run}. Keys are bounded as every rollup
     * key is (V8, {@code bounded_key}), so that an absurdly long job name or label never outgrows an index entry.
     */
    private void placeCandidates(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("""
                    create temporary table fold_current (
                        report_id bigint primary key, repo_id bigint, received_at timestamptz, day date,
                        on_default boolean, platform text, job_base text, config text, execution bigint
                    ) on commit drop""");
        }
        try (PreparedStatement select = connection.prepareStatement("""
                select rr.report_id, rr.repo_id, rr.received_at, (rr.ran_at at time zone 'UTC')::date as day,
                       rr.commit_seen_at is not null as on_default, coalesce(rr.platform, '') as platform,
                       coalesce(j.name, r.job_name) as own_job_name, r.labels::text as labels,
                       coalesce(r.job_id, -r.id) as execution
                from fold_candidate c
                join test_report_run rr on rr.report_id = c.report_id
                join test_report r on r.id = c.report_id
                left join job j on j.id = r.job_id
                order by rr.report_id""");
                PreparedStatement insert = connection.prepareStatement("""
                        insert into fold_current (report_id, repo_id, received_at, day, on_default, platform, job_base,
                            config, execution)
                        values (?, ?, ?, ?, ?, bounded_key(?), bounded_key(?), bounded_key(?), ?)""")) {
            select.setFetchSize(5_000);
            int pending = 0;
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    long repoId = rs.getLong("repo_id");
                    JobNameParts parts = jobNames.parse(repoId, rs.getString("own_job_name"),
                            labels(rs.getString("labels")));
                    insert.setLong(1, rs.getLong("report_id"));
                    insert.setLong(2, repoId);
                    insert.setObject(3, rs.getObject("received_at"));
                    insert.setObject(4, rs.getObject("day", LocalDate.class));
                    insert.setBoolean(5, rs.getBoolean("on_default"));
                    insert.setString(6, rs.getString("platform"));
                    insert.setString(7, parts.base());
                    insert.setString(8, parts.config());
                    insert.setLong(9, rs.getLong("execution"));
                    insert.addBatch();
                    if (++pending == 1_000) {
                        insert.executeBatch();
                        pending = 0;
                    }
                }
            }
            insert.executeBatch();
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("""
                    create temporary table fold_delta (
                        report_id bigint, received_at timestamptz, sign integer, repo_id bigint, day date,
                        on_default boolean, platform text, job_base text, config text, execution bigint,
                        n integer generated always as identity
                    ) on commit drop""");
        }
    }

    /**
     * Reports counted under another key than the one they have now: subtract the old contribution, add the new one,
     * and move the ledger row. The rows are locked first: a concurrent fold waits here and then sees them corrected.
     */
    private static int correctChanged(Connection connection, Instant now) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("""
                    select l.report_id from test_stats_ledger l join fold_current c using (report_id)
                    order by l.report_id for update of l""");
            statement.execute("""
                    create temporary table fold_changed on commit drop as
                    select l.report_id, l.received_at, l.repo_id, l.day as old_day, l.on_default as old_on_default,
                           l.platform as old_platform, l.job_base as old_job_base, l.config as old_config,
                           l.execution as old_execution, c.day, c.on_default, c.platform, c.job_base, c.config,
                           c.execution
                    from test_stats_ledger l join fold_current c using (report_id)
                    where (l.day, l.on_default, l.platform, l.job_base, l.config, l.execution)
                          is distinct from (c.day, c.on_default, c.platform, c.job_base, c.config, c.execution)""");
            statement.execute("""
                    insert into fold_delta
                    select report_id, received_at, -1, repo_id, old_day, old_on_default, old_platform, old_job_base,
                           old_config, old_execution
                    from fold_changed
                    union all
                    select report_id, received_at, 1, repo_id, day, on_default, platform, job_base, config, execution
                    from fold_changed""");
        }
        try (PreparedStatement statement = connection.prepareStatement("""
                update test_stats_ledger l set day = f.day, on_default = f.on_default, platform = f.platform,
                    job_base = f.job_base, config = f.config, execution = f.execution, folded_at = ?,
                    folded_xid = pg_current_xact_id()
                from fold_changed f where f.report_id = l.report_id""")) {
            statement.setObject(1, ChangedReports.utc(now));
            return statement.executeUpdate();
        }
    }

    /** Reports not in the ledger yet: only those this transaction's insert claims are added. */
    private static int addNew(Connection connection, Instant now, LocalDate oldestDay) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                with claimed as (
                    insert into test_stats_ledger (report_id, repo_id, day, on_default, platform, job_base, config,
                        execution, received_at, folded_at)
                    select c.report_id, c.repo_id, c.day, c.on_default, c.platform, c.job_base, c.config, c.execution,
                           c.received_at, ?
                    from fold_current c
                    where c.day >= ?
                      and not exists (select 1 from test_stats_ledger l where l.report_id = c.report_id)
                    order by c.report_id
                    on conflict (report_id) do nothing
                    returning *)
                insert into fold_delta
                select report_id, received_at, 1, repo_id, day, on_default, platform, job_base, config, execution
                from claimed""")) {
            statement.setObject(1, ChangedReports.utc(now));
            statement.setObject(2, oldestDay);
            return statement.executeUpdate();
        }
    }

    /**
     * Adds the signed contributions of {@code fold_delta} to the aggregates and, when something was subtracted,
     * removes rows that became empty.
     * <p>
     * The results are read twice, once summed per test and key, once per delta row and file, each into a temporary
     * table by {@code create table as}: unlike an {@code insert … select}, and unlike a query that reads a temporary
     * table, such a statement may scan and sum the results with parallel workers, which is most of a full fold's
     * time. So the delta rows reach those statements as arrays, not as the temporary {@code fold_delta}. Seconds are
     * summed as whole microseconds ({@code bigint}): exact, so that any order of folding gives the same value, and
     * several times cheaper than summing {@code numeric}.
     */
    private static long applyDeltas(Connection connection, boolean subtracted) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(
                    """
                            create temporary table fold_key on commit drop as
                            select (row_number() over ())::integer as key, repo_id, day, on_default, platform, job_base, config
                            from (select distinct repo_id, day, on_default, platform, job_base, config from fold_delta) keys""");
        }
        DeltaArrays delta = deltaArrays(connection);
        if (delta == null) {
            return 0;
        }
        // The planner cannot see how many results the arrays' reports have (it guesses a few thousand), so it sorts
        // the rows to group them; with millions that sort spills to disk and is most of a full fold's time (12.0 s of
        // a per-test pass at 10 M results, 5.9 s hashed). Grouping is hashed here whatever the guess; a hash that
        // outgrows work_mem spills in batches, still without sorting.
        String sorting = setting(connection, "enable_sort");
        execute(connection, "set local enable_sort = off");
        String results = """
                from unnest(?::bigint[], ?::bigint[], ?::integer[], ?::integer[], ?::integer[])
                     as d (report_id, repo_id, n, sign, key)
                join test_result tr on tr.repo_id = d.repo_id and tr.report_id = d.report_id
                                   and tr.received_at >= ?""";
        delta.createTable(connection, """
                create temporary table fold_test_sums on commit drop as
                select d.key, tr.test_id, sum(d.sign * (tr.status <> 3)::int) as runs,
                       sum(d.sign * (tr.status = 1)::int) as failures, sum(d.sign * (tr.status = 2)::int) as errors,
                       sum(d.sign * (tr.status = 4)::int) as flakes, sum(d.sign * (tr.status = 3)::int) as skips,
                       coalesce(sum(d.sign * round(tr.duration_s * 1000000)::bigint), 0) as micros
                %s
                group by d.key, tr.test_id""".formatted(results));
        delta.createTable(connection, """
                create temporary table fold_file_sums on commit drop as
                select d.n, ti.file, coalesce(sum(round(tr.duration_s * 1000000)::bigint), 0) as micros,
                       count(tr.duration_s)::integer as timed
                %s
                join test_identity ti on ti.id = tr.test_id
                group by d.n, ti.file""".formatted(results));
        try (PreparedStatement restore = connection.prepareStatement("select set_config('enable_sort', ?, true)")) {
            restore.setString(1, sorting);
            restore.execute();
        }
        try (Statement statement = connection.createStatement()) {
            long rows = statement.executeUpdate("""
                    insert into test_day_stats as s (repo_id, day, test_id, on_default, platform, job_base, config,
                        runs, failures, errors, flakes, skips, total_seconds)
                    select k.repo_id, k.day, t.test_id, k.on_default, k.platform, k.job_base, k.config, t.runs,
                           t.failures, t.errors, t.flakes, t.skips, trim_scale(t.micros * 0.000001)
                    from fold_test_sums t join fold_key k using (key)
                    order by k.repo_id, k.day, t.test_id, k.on_default, k.platform, k.job_base, k.config
                    on conflict (repo_id, day, test_id, on_default, platform, job_base, config) do update set
                        runs = s.runs + excluded.runs, failures = s.failures + excluded.failures,
                        errors = s.errors + excluded.errors, flakes = s.flakes + excluded.flakes,
                        skips = s.skips + excluded.skips,
                        total_seconds = trim_scale(s.total_seconds + excluded.total_seconds)""");
            // A report counts once per file it has results of (reports), so that a correction can take it away.
            rows += statement.executeUpdate("""
                    insert into test_file_execution_day as f (repo_id, day, file, on_default, execution, seconds,
                        timed, reports)
                    select d.repo_id, d.day, bounded_key(s.file), d.on_default, d.execution,
                           trim_scale(sum(d.sign * s.micros) * 0.000001), sum(d.sign * s.timed), sum(d.sign)
                    from fold_file_sums s join fold_delta d using (n)
                    group by d.repo_id, d.day, bounded_key(s.file), d.on_default, d.execution
                    order by d.repo_id, d.day, bounded_key(s.file), d.on_default, d.execution
                    on conflict (repo_id, day, file, on_default, execution) do update set
                        seconds = trim_scale(f.seconds + excluded.seconds), timed = f.timed + excluded.timed,
                        reports = f.reports + excluded.reports""");
            if (!subtracted) {
                // Only a subtraction can empty a row; the deletes below read every row of the days folded.
                return rows;
            }
            rows += statement.executeUpdate("""
                    delete from test_day_stats s using (select distinct repo_id, day from fold_delta) d
                    where s.repo_id = d.repo_id and s.day = d.day and s.runs = 0 and s.skips = 0""");
            rows += statement.executeUpdate("""
                    delete from test_file_execution_day f using (select distinct repo_id, day from fold_delta) d
                    where f.repo_id = d.repo_id and f.day = d.day and f.reports = 0""");
            return rows;
        }
    }

    /** The delta rows as parallel arrays, and the oldest receive time among them (which partitions to read). */
    private record DeltaArrays(Long[] reportIds, Long[] repoIds, Integer[] rows, Integer[] signs, Integer[] keys,
            OffsetDateTime receivedFrom) {

        void createTable(Connection connection, String sql) throws SQLException {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setArray(1, connection.createArrayOf("bigint", reportIds));
                statement.setArray(2, connection.createArrayOf("bigint", repoIds));
                statement.setArray(3, connection.createArrayOf("integer", rows));
                statement.setArray(4, connection.createArrayOf("integer", signs));
                statement.setArray(5, connection.createArrayOf("integer", keys));
                statement.setObject(6, receivedFrom);
                statement.execute();
            }
        }
    }

    /** Null when there is nothing to add or subtract. */
    private static DeltaArrays deltaArrays(Connection connection) throws SQLException {
        List<Long> reportIds = new ArrayList<>();
        List<Long> repoIds = new ArrayList<>();
        List<Integer> rows = new ArrayList<>();
        List<Integer> signs = new ArrayList<>();
        List<Integer> keys = new ArrayList<>();
        OffsetDateTime receivedFrom = null;
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("""
                        select d.report_id, d.repo_id, d.n, d.sign, k.key, d.received_at
                        from fold_delta d
                        join fold_key k on (k.repo_id, k.day, k.on_default, k.platform, k.job_base, k.config)
                                         = (d.repo_id, d.day, d.on_default, d.platform, d.job_base, d.config)""")) {
            while (rs.next()) {
                reportIds.add(rs.getLong(1));
                repoIds.add(rs.getLong(2));
                rows.add(rs.getInt(3));
                signs.add(rs.getInt(4));
                keys.add(rs.getInt(5));
                OffsetDateTime received = rs.getObject(6, OffsetDateTime.class);
                if (receivedFrom == null || received.isBefore(receivedFrom)) {
                    receivedFrom = received;
                }
            }
        }
        return reportIds.isEmpty()
                ? null
                : new DeltaArrays(reportIds.toArray(Long[]::new), repoIds.toArray(Long[]::new),
                        rows.toArray(Integer[]::new), signs.toArray(Integer[]::new), keys.toArray(Integer[]::new),
                        receivedFrom);
    }

    /** Days past the retention of raw results leave the aggregates and the ledger together. */
    private static long prune(Connection connection, LocalDate oldestDay) throws SQLException {
        long rows = 0;
        for (String table : List.of("test_day_stats", "test_file_execution_day", "test_stats_ledger")) {
            try (PreparedStatement statement = connection.prepareStatement("delete from " + table
                    + " where day < ?")) {
                statement.setObject(1, oldestDay);
                rows += statement.executeUpdate();
            }
        }
        return rows;
    }

    private static Map<String, String> labels(String json) {
        try {
            return json == null ? Map.of() : JSON.readValue(json, new TypeReference<Map<String, String>>() {
            });
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }

    private static String setting(Connection connection, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("select current_setting(?)")) {
            statement.setString(1, name);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
