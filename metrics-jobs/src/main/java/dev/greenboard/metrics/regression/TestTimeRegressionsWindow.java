package dev.greenboard.metrics.regression;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Test-time regressions over periods of any length, from the per-file sums of the daily aggregates
 * ({@code test_file_execution_day}): per file, the mean time per default-branch job execution that ran it (with a
 * duration) in the current period against the previous one, flagged when the increase is above both thresholds. The
 * rollup precomputes the configured period with it; the gateway answers other lengths with it.
 */
public final class TestTimeRegressionsWindow {

    /** The two periods compared, both ends included: {@code days} days ending today and the {@code days} before. */
    public record Periods(LocalDate previousFrom, LocalDate previousTo, LocalDate currentFrom, LocalDate currentTo) {

        public static Periods of(LocalDate today, int days) {
            return new Periods(today.minusDays(2L * days - 1), today.minusDays(days), today.minusDays(days - 1L),
                    today);
        }
    }

    /** One flagged file. */
    public record Regression(long repoId, String file, int currentRuns, double currentMean, int previousRuns,
            double previousMean, double increase, Double ratio) {
    }

    private final double minIncreaseRatio;
    private final double minIncreaseSeconds;

    public TestTimeRegressionsWindow(TestTimeRegressionsConfig config) {
        this.minIncreaseRatio = config.minIncreaseRatio();
        this.minIncreaseSeconds = config.minIncreaseSeconds();
    }

    /** The flagged files of {@code repos}, largest increase first. */
    public List<Regression> find(Connection connection, Long[] repos, Periods periods) throws SQLException {
        List<Regression> found = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                with file_day as (
                    select repo_id, day, file, count(*) as runs, sum(seconds) as total_seconds
                    from test_file_execution_day
                    where repo_id = any(?) and day between ? and ? and on_default and timed > 0 and reports > 0
                    group by repo_id, day, file
                )
                select repo_id, file, current_runs, current_mean, previous_runs, previous_mean,
                       current_mean - previous_mean as increase,
                       case when previous_mean > 0 then (current_mean - previous_mean) / previous_mean end as ratio
                from (
                    select repo_id, file,
                           sum(runs) filter (where day >= ?) as current_runs,
                           sum(total_seconds) filter (where day >= ?) / sum(runs) filter (where day >= ?)
                               as current_mean,
                           sum(runs) filter (where day < ?) as previous_runs,
                           sum(total_seconds) filter (where day < ?) / sum(runs) filter (where day < ?)
                               as previous_mean
                    from file_day
                    group by repo_id, file
                ) periods
                where current_runs > 0 and previous_runs > 0
                  and current_mean - previous_mean > ?
                  and (previous_mean = 0 or (current_mean - previous_mean) / previous_mean > ?)
                order by increase desc, repo_id, file""")) {
            statement.setArray(1, connection.createArrayOf("bigint", repos));
            statement.setObject(2, periods.previousFrom());
            statement.setObject(3, periods.currentTo());
            for (int i = 4; i <= 9; i++) {
                statement.setObject(i, periods.currentFrom());
            }
            statement.setBigDecimal(10, BigDecimal.valueOf(minIncreaseSeconds));
            statement.setBigDecimal(11, BigDecimal.valueOf(minIncreaseRatio));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    BigDecimal ratio = rs.getBigDecimal("ratio");
                    found.add(new Regression(rs.getLong("repo_id"), rs.getString("file"), rs.getInt("current_runs"),
                            rs.getBigDecimal("current_mean").doubleValue(), rs.getInt("previous_runs"),
                            rs.getBigDecimal("previous_mean").doubleValue(),
                            rs.getBigDecimal("increase").doubleValue(), ratio == null ? null : ratio.doubleValue()));
                }
            }
        }
        return found;
    }
}
