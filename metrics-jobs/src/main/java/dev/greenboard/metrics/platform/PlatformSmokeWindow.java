package dev.greenboard.metrics.platform;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Platform smoke tests over any window of days, from the daily aggregates ({@code test_day_stats}): per test and
 * platform, the default-branch runs and failing results (failed, error, flaky) summed over the window's days, against
 * the sums of every other platform, judged by a one-sided Fisher exact test. The rollup precomputes the configured
 * windows with it; the gateway answers any other window with it.
 */
public final class PlatformSmokeWindow {

    /** One test listed for one platform. */
    public record Judged(long repoId, String platform, long testId, int runs, int failures, int otherRuns,
            int otherFailures, double pValue) {
    }

    private final double maxPValue;
    private final int minRuns;
    private final FisherExact fisher = new FisherExact();

    public PlatformSmokeWindow(PlatformSmokeTestsConfig config) {
        this.maxPValue = config.maxPValue();
        this.minRuns = config.minRuns();
    }

    /**
     * The tests of {@code repos} listed for a platform in the days {@code from..} (today included); for one platform
     * only when {@code platform} is not null. A platform that fails no more often than the others is skipped without
     * a test: its one-sided p-value is at least 1/2.
     */
    public List<Judged> judge(Connection connection, Long[] repos, LocalDate from, String platform)
            throws SQLException {
        List<Judged> listed = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("""
                with counts as (
                    select repo_id, test_id, platform, sum(runs)::integer as runs,
                           sum(failures + errors + flakes)::integer as failures
                    from test_day_stats
                    where repo_id = any(?) and day >= ? and on_default and platform <> ''
                    group by repo_id, test_id, platform
                ), totals as (
                    select repo_id, test_id, sum(runs)::integer as runs, sum(failures)::integer as failures
                    from counts group by repo_id, test_id
                )
                select c.repo_id, c.test_id, c.platform, c.runs, c.failures,
                       t.runs - c.runs as other_runs, t.failures - c.failures as other_failures
                from counts c join totals t on t.repo_id = c.repo_id and t.test_id = c.test_id
                where c.runs >= ? and t.runs - c.runs >= ?
                  and c.failures::bigint * (t.runs - c.runs) > (t.failures - c.failures)::bigint * c.runs
                  and (?::text is null or c.platform = ?)
                order by c.repo_id, c.platform, c.test_id""")) {
            select.setArray(1, connection.createArrayOf("bigint", repos));
            select.setObject(2, from);
            select.setInt(3, minRuns);
            select.setInt(4, minRuns);
            select.setString(5, platform);
            select.setString(6, platform);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    int runs = rs.getInt("runs");
                    int failures = rs.getInt("failures");
                    int otherRuns = rs.getInt("other_runs");
                    int otherFailures = rs.getInt("other_failures");
                    double p = fisher.greater(failures, runs - failures, otherFailures, otherRuns - otherFailures);
                    if (p < maxPValue) {
                        listed.add(new Judged(rs.getLong("repo_id"), rs.getString("platform"), rs.getLong("test_id"),
                                runs, failures, otherRuns, otherFailures, p));
                    }
                }
            }
        }
        return listed;
    }
}
