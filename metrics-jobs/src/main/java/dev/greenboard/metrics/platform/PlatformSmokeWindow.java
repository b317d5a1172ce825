package dev.greenboard.metrics.platform;

import java.sql.Array;
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
     * only when {@code platform} is not null.
     */
    public List<Judged> judge(Connection connection, Long[] repos, LocalDate from, String platform)
            throws SQLException {
        return judge(connection, repos, from, platform, null);
    }

    /**
     * As {@link #judge(Connection, Long[], LocalDate, String)}, for the tests {@code tests} only when that is not
     * null (the rollup's incremental run: the tests whose counts changed).
     * <p>
     * Only a test with a failing result on a platform in the window can fail more often there than elsewhere, so the
     * counts are summed for those alone: the failing rows come from the partial index of failing aggregates, and each
     * such test's rows are read day by day through the primary key. The cost follows the failing tests, not every
     * test of the window. A platform that fails no more often than the others is skipped without a test: its
     * one-sided p-value is at least 1/2.
     */
    public List<Judged> judge(Connection connection, Long[] repos, LocalDate from, String platform, Long[] tests)
            throws SQLException {
        List<Judged> listed = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("""
                with failing as (
                    select distinct repo_id, test_id from test_day_stats
                    where repo_id = any(?) and day >= ? and failures + errors + flakes > 0 and on_default
                      and platform <> '' and (?::bigint[] is null or test_id in (select unnest(?::bigint[])))
                ), counts as (
                    select s.repo_id, s.test_id, s.platform, sum(s.runs)::integer as runs,
                           sum(s.failures + s.errors + s.flakes)::integer as failures
                    from failing f
                    cross join generate_series(?::date, ?::date, interval '1 day') as d (day)
                    join test_day_stats s on s.repo_id = f.repo_id and s.day = d.day::date and s.test_id = f.test_id
                    where s.on_default and s.platform <> ''
                    group by s.repo_id, s.test_id, s.platform
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
            Array testIds = tests == null ? null : connection.createArrayOf("bigint", tests);
            select.setArray(1, connection.createArrayOf("bigint", repos));
            select.setObject(2, from);
            select.setArray(3, testIds);
            select.setArray(4, testIds);
            select.setObject(5, from);
            select.setObject(6, lastDay(connection, repos, from));
            select.setInt(7, minRuns);
            select.setInt(8, minRuns);
            select.setString(9, platform);
            select.setString(10, platform);
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

    /**
     * The newest day the repositories have aggregates of (results may run a little ahead of UTC today by clock
     * skew): where the day-by-day reads stop. One probe of the primary key per repository.
     */
    private static LocalDate lastDay(Connection connection, Long[] repos, LocalDate from) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                select max(last.day) from unnest(?::bigint[]) as r (id)
                cross join lateral (select max(day) as day from test_day_stats where repo_id = r.id) as last""")) {
            select.setArray(1, connection.createArrayOf("bigint", repos));
            try (ResultSet rs = select.executeQuery()) {
                LocalDate last = rs.next() ? rs.getObject(1, LocalDate.class) : null;
                return last == null || last.isBefore(from) ? from : last;
            }
        }
    }
}
