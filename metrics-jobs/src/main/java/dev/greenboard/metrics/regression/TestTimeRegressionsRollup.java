package dev.greenboard.metrics.regression;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.greenboard.metrics.regression.TestTimeRegressionsWindow.Periods;
import dev.greenboard.metrics.regression.TestTimeRegressionsWindow.Regression;
import dev.greenboard.metrics.results.ChangedReports;
import dev.greenboard.metrics.results.TestResultsConfig;
import dev.greenboard.metrics.results.TestStatsFold;
import dev.greenboard.metrics.rollup.Rollup;
import dev.greenboard.metrics.rollup.RollupContext;
import dev.greenboard.metrics.rollup.RollupOutcome;

/**
 * Flags the test files that became slower (docs/definitions.md "Test-time regressions"): per file, the mean time per
 * default-branch job execution of the current period (the last {@code days} days, today included) against the
 * previous period (the {@code days} days before), flagged when the increase is both above the ratio and above the
 * seconds ({@link TestTimeRegressionsWindow}, over the per-file sums of {@link TestStatsFold}). Recomputed for
 * repositories with reports folded since the last run, and for all once a day, when the periods move. Durations are
 * summed as exact decimals, so that recomputing the same facts gives the same bits and a run with nothing new writes
 * nothing.
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

    /** The file times come from the daily aggregates the fold keeps. */
    @Override
    public List<String> dependsOn() {
        return List.of(TestStatsFold.NAME);
    }

    @Override
    public RollupOutcome run(RollupContext context) throws SQLException {
        if (config.days() < 1) {
            throw new IllegalStateException("greenboard.test-time-regressions.days must be >= 1, got "
                    + config.days());
        }
        Connection connection = context.connection();
        LocalDate today = LocalDate.ofInstant(context.now(), ZoneOffset.UTC);
        Periods periods = Periods.of(today, config.days());
        Optional<Instant> since = ChangedReports.since(context.watermark(), results.lateArrival());
        Long[] repos = ChangedReports.reposWithFoldedReports(connection, since, context.watermark(), today);
        long rows = refreshRegressions(connection, repos, periods, context.now());
        context.advanceWatermark(context.now());
        return RollupOutcome.of(rows, repos.length + " repositories compared, current period "
                + periods.currentFrom() + ".." + today);
    }

    private long refreshRegressions(Connection connection, Long[] repos, Periods periods, Instant now)
            throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("""
                    create temporary table fresh_regression (
                        repo_id bigint, file text, current_runs integer, current_mean double precision,
                        previous_runs integer, previous_mean double precision, increase double precision,
                        ratio double precision
                    ) on commit drop""");
        }
        try (PreparedStatement insert = connection
                .prepareStatement("insert into fresh_regression values (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Regression found : new TestTimeRegressionsWindow(config).find(connection, repos, periods)) {
                insert.setLong(1, found.repoId());
                insert.setString(2, found.file());
                insert.setInt(3, found.currentRuns());
                insert.setDouble(4, found.currentMean());
                insert.setInt(5, found.previousRuns());
                insert.setDouble(6, found.previousMean());
                insert.setDouble(7, found.increase());
                insert.setObject(8, found.ratio(), java.sql.Types.DOUBLE);
                insert.addBatch();
            }
            insert.executeBatch();
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
