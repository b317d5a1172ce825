package dev.greenboard.metrics.regression;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.greenboard.metrics.results.ChangedReports;
import dev.greenboard.metrics.results.TestResultsConfig;
import dev.greenboard.metrics.rollup.Rollup;
import dev.greenboard.metrics.rollup.RollupContext;
import dev.greenboard.metrics.rollup.RollupOutcome;

/**
 * Flags the test files that became slower (SPEC §6 "Test-time regressions"), in two stages:
 * <ol>
 * <li>{@code test_file_time_day}: per file and day, the default-branch job executions that ran the file and the sum of
 * the file's time in each (the sum of its test cases' durations in that execution); only days with new or changed
 * reports are recomputed;</li>
 * <li>{@code test_time_regression}: per file, the mean time per execution of the current period (the last
 * {@code days} days, today included) against the previous period (the {@code days} days before), flagged when the
 * increase is both above the ratio and above the seconds; recomputed for repositories with recomputed days, and for
 * all once a day, when the periods move.</li>
 * </ol>
 * Durations are summed as exact decimals, so that recomputing the same facts gives the same bits and a run with
 * nothing new writes nothing.
 */
@ApplicationScoped
public class TestTimeRegressionsRollup implements Rollup {

    private final TestTimeRegressionsConfig config;
    private final TestResultsConfig results;

    public TestTimeRegressionsRollup(TestTimeRegressionsConfig config, TestResultsConfig results) {
        this.config = config;
        this.results = results;
    }

    @Override
    public String name() {
        return "test-time-regressions";
    }

    @Override
    public String description() {
        return "Test files whose mean time over the last " + config.days() + " days grew by more than "
                + Math.round(config.minIncreaseRatio() * 100) + "% and " + config.minIncreaseSeconds()
                + " s against the " + config.days() + " days before";
    }

    @Override
    public String defaultSchedule() {
        return "0 25 * * * ?";
    }

    @Override
    public RollupOutcome run(RollupContext context) throws SQLException {
        if (config.days() < 1) {
            throw new IllegalStateException("greenboard.test-time-regressions.days must be >= 1, got "
                    + config.days());
        }
        Connection connection = context.connection();
        LocalDate today = LocalDate.ofInstant(context.now(), ZoneOffset.UTC);
        Periods periods = new Periods(today.minusDays(2L * config.days() - 1), today.minusDays(config.days()),
                today.minusDays(config.days() - 1L), today);
        Optional<Instant> since = ChangedReports.since(context.watermark(), results.lateArrival());
        ChangedReports.collect(connection, since, periods.previousFrom().atStartOfDay(ZoneOffset.UTC).toInstant());
        int days = ChangedReports.collectDefaultBranchDays(connection);
        long rows = refreshDays(connection);
        try (PreparedStatement prune = connection.prepareStatement("delete from test_file_time_day where day < ?")) {
            prune.setObject(1, periods.previousFrom());
            rows += prune.executeUpdate();
        }
        Long[] repos = ChangedReports.reposToRefresh(connection, context.watermark(), today);
        rows += refreshRegressions(connection, repos, periods, context.now());
        context.advanceWatermark(context.now());
        return RollupOutcome.of(rows, days + " repository days recomputed, " + repos.length
                + " repositories compared, current period " + periods.currentFrom() + ".." + today);
    }

    /** The two periods compared, both ends included. */
    private record Periods(LocalDate previousFrom, LocalDate previousTo, LocalDate currentFrom, LocalDate currentTo) {
    }

    private static long refreshDays(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("""
                    create temporary table fresh_file_time_day on commit drop as
                    select repo_id, day, file, count(*) as runs, sum(seconds)::double precision as total_seconds
                    from (
                        select d.repo_id, d.day, ti.file, coalesce(rr.job_id, -rr.report_id) as execution,
                               sum(tr.duration_s::numeric) as seconds
                        from changed_day d
                        join test_report_run rr on %s
                            and rr.commit_seen_at is not null
                        join test_result tr on tr.report_id = rr.report_id and tr.received_at = rr.received_at
                        join test_identity ti on ti.id = tr.test_id
                        group by d.repo_id, d.day, ti.file, coalesce(rr.job_id, -rr.report_id)
                        having count(tr.duration_s) > 0
                    ) executions
                    group by repo_id, day, file""".formatted(ChangedReports.RAN_ON_CHANGED_DAY));
            long rows = statement.executeUpdate("""
                    insert into test_file_time_day (repo_id, day, file, runs, total_seconds)
                    select repo_id, day, file, runs, total_seconds from fresh_file_time_day
                    on conflict (repo_id, day, file) do update set
                        runs = excluded.runs, total_seconds = excluded.total_seconds
                    where (test_file_time_day.runs, test_file_time_day.total_seconds)
                          is distinct from (excluded.runs, excluded.total_seconds)""");
            rows += statement.executeUpdate("""
                    delete from test_file_time_day t using changed_day d
                    where t.repo_id = d.repo_id and t.day = d.day
                      and not exists (select 1 from fresh_file_time_day f
                                      where f.repo_id = t.repo_id and f.day = t.day and f.file = t.file)""");
            return rows;
        }
    }

    private long refreshRegressions(Connection connection, Long[] repos, Periods periods, Instant now)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                create temporary table fresh_regression on commit drop as
                select repo_id, file, current_runs, current_mean, previous_runs, previous_mean,
                       current_mean - previous_mean as increase,
                       case when previous_mean > 0 then (current_mean - previous_mean) / previous_mean end as ratio
                from (
                    select repo_id, file,
                           sum(runs) filter (where day >= ?) as current_runs,
                           sum(total_seconds::numeric) filter (where day >= ?)
                               / sum(runs) filter (where day >= ?) as current_mean,
                           sum(runs) filter (where day < ?) as previous_runs,
                           sum(total_seconds::numeric) filter (where day < ?)
                               / sum(runs) filter (where day < ?) as previous_mean
                    from test_file_time_day
                    where repo_id = any(?) and day between ? and ?
                    group by repo_id, file
                ) periods
                where current_runs > 0 and previous_runs > 0
                  and current_mean - previous_mean > ?
                  and (previous_mean = 0 or (current_mean - previous_mean) / previous_mean > ?)""")) {
            for (int i = 1; i <= 6; i++) {
                statement.setObject(i, periods.currentFrom());
            }
            statement.setArray(7, connection.createArrayOf("bigint", repos));
            statement.setObject(8, periods.previousFrom());
            statement.setObject(9, periods.currentTo());
            statement.setBigDecimal(10, BigDecimal.valueOf(config.minIncreaseSeconds()));
            statement.setBigDecimal(11, BigDecimal.valueOf(config.minIncreaseRatio()));
            statement.executeUpdate();
        }
        long rows;
        try (PreparedStatement upsert = connection.prepareStatement("""
                insert into test_time_regression (repo_id, file, current_from, current_to, current_runs,
                    current_mean_seconds, previous_from, previous_to, previous_runs, previous_mean_seconds,
                    increase_seconds, increase_ratio, updated_at)
                select repo_id, file, ?, ?, current_runs, current_mean, ?, ?, previous_runs, previous_mean,
                       increase, ratio, ?
                from fresh_regression
                on conflict (repo_id, file) do update set
                    current_from = excluded.current_from, current_to = excluded.current_to,
                    current_runs = excluded.current_runs, current_mean_seconds = excluded.current_mean_seconds,
                    previous_from = excluded.previous_from, previous_to = excluded.previous_to,
                    previous_runs = excluded.previous_runs, previous_mean_seconds = excluded.previous_mean_seconds,
                    increase_seconds = excluded.increase_seconds, increase_ratio = excluded.increase_ratio,
                    updated_at = excluded.updated_at
                where (test_time_regression.current_from, test_time_regression.current_runs,
                       test_time_regression.current_mean_seconds, test_time_regression.previous_runs,
                       test_time_regression.previous_mean_seconds)
                      is distinct from (excluded.current_from, excluded.current_runs, excluded.current_mean_seconds,
                                        excluded.previous_runs, excluded.previous_mean_seconds)""")) {
            upsert.setObject(1, periods.currentFrom());
            upsert.setObject(2, periods.currentTo());
            upsert.setObject(3, periods.previousFrom());
            upsert.setObject(4, periods.previousTo());
            upsert.setObject(5, ChangedReports.utc(now));
            rows = upsert.executeUpdate();
        }
        try (PreparedStatement delete = connection.prepareStatement(
                """
                        delete from test_time_regression t
                        where t.repo_id = any(?)
                          and not exists (select 1 from fresh_regression f where f.repo_id = t.repo_id and f.file = t.file)""")) {
            delete.setArray(1, connection.createArrayOf("bigint", repos));
            rows += delete.executeUpdate();
        }
        return rows;
    }
}
