package dev.greenboard.api.testhealth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.greenboard.api.graphql.ApiException;
import dev.greenboard.api.page.Cursor;
import dev.greenboard.api.page.PageSize;
import dev.greenboard.api.read.JdbcReads;
import dev.greenboard.api.read.ReadSql;
import dev.greenboard.api.repo.RepoLookup;
import dev.greenboard.api.testhealth.TestHealthConnections.PlatformSmokeTestConnection;
import dev.greenboard.api.testhealth.TestHealthConnections.PlatformSmokeTestEdge;
import dev.greenboard.api.testhealth.TestHealthConnections.TestHealthConnection;
import dev.greenboard.api.testhealth.TestHealthConnections.TestHealthEdge;
import dev.greenboard.api.testhealth.TestHealthConnections.TestTimeRegressionConnection;
import dev.greenboard.api.testhealth.TestHealthConnections.TestTimeRegressionEdge;
import dev.greenboard.api.testresult.Test;
import dev.greenboard.metrics.flaky.FlakyTestsConfig;
import dev.greenboard.metrics.flaky.TestHealthVerdict;
import dev.greenboard.metrics.flaky.TestHealthWindow;
import dev.greenboard.metrics.flaky.WilsonInterval;
import dev.greenboard.metrics.platform.PlatformSmokeTestsConfig;
import dev.greenboard.metrics.platform.PlatformSmokeWindow;
import dev.greenboard.metrics.regression.TestTimeRegressionsConfig;
import dev.greenboard.metrics.regression.TestTimeRegressionsWindow;
import dev.greenboard.metrics.retention.RetentionConfig;

/** The test-health rollups of the metrics jobs: flaky tests, platform smoke tests, test-time regressions. */
@GraphQLApi
public class TestHealthApi {

    private final ReadSql sql;
    private final RepoLookup repos;
    private final FlakyTestsConfig flaky;
    private final PlatformSmokeTestsConfig platforms;
    private final TestTimeRegressionsConfig regressions;
    private final RetentionConfig retention;
    private final JdbcReads reads;
    private final ComputedWindows computed;

    public TestHealthApi(ReadSql sql, RepoLookup repos, FlakyTestsConfig flaky, PlatformSmokeTestsConfig platforms,
            TestTimeRegressionsConfig regressions, RetentionConfig retention, JdbcReads reads,
            ComputedWindows computed) {
        this.sql = sql;
        this.repos = repos;
        this.flaky = flaky;
        this.platforms = platforms;
        this.regressions = regressions;
        this.retention = retention;
        this.reads = reads;
        this.computed = computed;
    }

    @Query("flakyTests")
    @Description("Every test that is not healthy over the last 'days' days (1 up to the retention of raw results,"
            + " greenboard.retention.test-result-days; the windows of greenboard.flaky-tests.windows are precomputed,"
            + " others are computed from the daily aggregates): disabled first, then broken, then flaky, each by file,"
            + " class and name.")
    public Uni<TestHealthConnection> flakyTests(@NonNull String repo, @DefaultValue("7") Integer days,
            Integer first, String after) {
        int size = PageSize.of(first);
        int window = anyWindow(days == null ? 7 : days);
        List<String> cursor = Cursor.decode(after, 4);
        if (!flaky.sortedWindows().contains(window)) {
            return blocking(() -> page(computedWindow(repo, "flaky", window,
                    (connection, repoId) -> new TestHealthWindow(flaky)
                            .unhealthy(connection, repoId, window, Instant.now()).stream().map(TestHealthApi::health)
                            .toList()),
                    TEST_HEALTH_ORDER, TestHealth::cursor, cursor, size))
                    .map(rows -> TestHealthConnections.of(rows, size, TestHealth::cursor, TestHealthEdge::new,
                            TestHealthConnection::new));
        }
        return repos.require(repo).chain(r -> sql.list("select " + TestHealth.COLUMNS + """
                 from test_health h join test_identity ti on ti.id = h.test_id
                where h.repo_id = $1 and h.window_days = $2
                  and ($3::integer is null or (%s, ti.file, ti.classname, ti.name) > ($3, $4, $5, $6))
                order by rank, ti.file, ti.classname, ti.name
                limit $7""".formatted(TestHealth.RANK), Tuple.tuple().addLong(r.id()).addInteger(window)
                .addInteger(cursor == null ? null : parseInt(cursor.get(0)))
                .addString(cursor == null ? null : cursor.get(1))
                .addString(cursor == null ? null : cursor.get(2))
                .addString(cursor == null ? null : cursor.get(3))
                .addInteger(size + 1), TestHealth::from))
                .map(rows -> TestHealthConnections.of(rows, size, TestHealth::cursor, TestHealthEdge::new,
                        TestHealthConnection::new));
    }

    @Query("platformSmokeTests")
    @Description("Tests that fail significantly more often on 'platform' (windows, macos, linux, or an upload's"
            + " platform label) than on all other platforms, over the last 'days' days (UTC, today included; 1 up to"
            + " the retention of raw results; default the first of greenboard.platform-smoke-tests.windows, which are"
            + " precomputed), smallest p-value first.")
    public Uni<PlatformSmokeTestConnection> platformSmokeTests(@NonNull String repo, @NonNull String platform,
            Integer days, Integer first, String after) {
        int size = PageSize.of(first);
        List<Integer> windows = platforms.sortedWindows();
        int window = anyWindow(days == null ? windows.get(0) : days);
        List<String> cursor = Cursor.decode(after, 2);
        String wanted = platform.trim().toLowerCase(Locale.ROOT);
        if (!windows.contains(window)) {
            return blocking(() -> page(computedWindow(repo, "platform " + wanted, window, (connection, repoId) -> {
                LocalDate from = LocalDate.now(ZoneOffset.UTC).minusDays(window - 1L);
                List<PlatformSmokeWindow.Judged> judged = new PlatformSmokeWindow(platforms).judge(connection,
                        new Long[]{repoId}, from, wanted);
                return withTests(connection, judged.stream().map(PlatformSmokeWindow.Judged::testId).toList(),
                        tests -> judged.stream().map(j -> new PlatformSmokeTest(tests.get(j.testId()), j.platform(),
                                j.runs(), j.failures(), j.otherRuns(), j.otherFailures(), j.pValue())).toList());
            }), PLATFORM_ORDER, PlatformSmokeTest::cursor, cursor, size))
                    .map(rows -> TestHealthConnections.of(rows, size, PlatformSmokeTest::cursor,
                            PlatformSmokeTestEdge::new, PlatformSmokeTestConnection::new));
        }
        return repos.require(repo).chain(r -> sql.list("select " + PlatformSmokeTest.COLUMNS + """
                 from platform_smoke_test p join test_identity ti on ti.id = p.test_id
                where p.repo_id = $1 and p.window_days = $2 and p.platform = $3
                  and ($4::float8 is null or (p.p_value, p.test_id) > ($4, $5))
                order by p.p_value, p.test_id
                limit $6""", Tuple.tuple().addLong(r.id()).addInteger(window)
                .addString(wanted)
                .addDouble(cursor == null ? null : parseDouble(cursor.get(0)))
                .addLong(cursor == null ? null : parseLong(cursor.get(1)))
                .addInteger(size + 1), PlatformSmokeTest::from))
                .map(rows -> TestHealthConnections.of(rows, size, PlatformSmokeTest::cursor, PlatformSmokeTestEdge::new,
                        PlatformSmokeTestConnection::new));
    }

    @Query("testTimeRegressions")
    @Description("Test files that became slower: mean time per default-branch job execution of the last 'days' days"
            + " (UTC, today included; default greenboard.test-time-regressions.days, precomputed) against the 'days'"
            + " days before, largest increase first (thresholds: greenboard.test-time-regressions.*).")
    public Uni<TestTimeRegressionConnection> testTimeRegressions(@NonNull String repo, Integer days, Integer first,
            String after) {
        int size = PageSize.of(first);
        List<String> cursor = Cursor.decode(after, 2);
        int period = days == null ? regressions.days() : anyWindow(days);
        if (period != regressions.days()) {
            return blocking(() -> page(computedWindow(repo, "regressions", period, (connection, repoId) -> {
                // The periods of the day the version says, which is read just before: not of an earlier day.
                TestTimeRegressionsWindow.Periods periods = TestTimeRegressionsWindow.Periods
                        .of(LocalDate.now(ZoneOffset.UTC), period);
                return new TestTimeRegressionsWindow(regressions).find(connection, new Long[]{repoId}, periods)
                        .stream()
                        .map(found -> new TestTimeRegression(found.file(), periods.currentFrom(), periods.currentTo(),
                                found.currentRuns(), found.currentMean(), periods.previousFrom(),
                                periods.previousTo(), found.previousRuns(), found.previousMean(), found.increase(),
                                found.ratio()))
                        .toList();
            }),
                    REGRESSION_ORDER, TestTimeRegression::cursor, cursor, size))
                    .map(rows -> TestHealthConnections.of(rows, size, TestTimeRegression::cursor,
                            TestTimeRegressionEdge::new, TestTimeRegressionConnection::new));
        }
        return repos.require(repo).chain(r -> sql.list("select " + TestTimeRegression.COLUMNS + """
                 from test_time_regression
                where repo_id = $1
                  and ($2::float8 is null or increase_seconds < $2 or (increase_seconds = $2 and file > $3))
                order by increase_seconds desc, file
                limit $4""", Tuple.tuple().addLong(r.id())
                .addDouble(cursor == null ? null : parseDouble(cursor.get(0)))
                .addString(cursor == null ? null : cursor.get(1))
                .addInteger(size + 1), TestTimeRegression::from))
                .map(rows -> TestHealthConnections.of(rows, size, TestTimeRegression::cursor,
                        TestTimeRegressionEdge::new,
                        TestTimeRegressionConnection::new));
    }

    /** The orders of the precomputed reads, for the pages of computed windows. */
    private static final Comparator<TestHealth> TEST_HEALTH_ORDER = Comparator.comparingInt(TestHealth::rank)
            .thenComparing(h -> h.test().file()).thenComparing(h -> h.test().classname())
            .thenComparing(h -> h.test().name());
    private static final Comparator<PlatformSmokeTest> PLATFORM_ORDER = Comparator
            .comparingDouble(PlatformSmokeTest::pValue).thenComparingLong(p -> p.test().id());
    private static final Comparator<TestTimeRegression> REGRESSION_ORDER = Comparator
            .comparingDouble(TestTimeRegression::increaseSeconds).reversed()
            .thenComparing(TestTimeRegression::file);

    /**
     * One page of a computed list: sorted as the precomputed read sorts, after the cursor's row (found by its cursor
     * text, which encodes the sort key), at most {@code size + 1} rows so that the connection knows if more follow.
     */
    private static <T> List<T> page(List<T> all, Comparator<T> order, Function<T, String> cursorOf,
            List<String> cursor, int size) {
        List<T> sorted = all.stream().sorted(order).toList();
        int start = 0;
        if (cursor != null) {
            String after = Cursor.encode(cursor.toArray());
            start = sorted.size();
            for (int i = 0; i < sorted.size(); i++) {
                if (cursorOf.apply(sorted.get(i)).equals(after)) {
                    start = i + 1;
                    break;
                }
            }
        }
        return sorted.subList(start, Math.min(sorted.size(), start + size + 1));
    }

    /**
     * A list over a window that is not precomputed: computed from the aggregates once per change of them, shared by
     * the requests that ask meanwhile ({@link ComputedWindows}). The version is read in a short read of its own, so
     * that a request waiting for another's computation holds no connection of the pool.
     */
    private <T> List<T> computedWindow(String repo, String list, int days, JdbcReads.Read<List<T>> compute) {
        record Versioned(long repoId, String version) {
        }
        Versioned current = reads.ofRepositoryForGraphQL(repo,
                (connection, repoId) -> new Versioned(repoId, ComputedWindows.version(connection, repoId)));
        return computed.rows(new ComputedWindows.Window(list, current.repoId(), days), current.version(),
                () -> reads.ofRepositoryForGraphQL(repo, compute));
    }

    private static <T> Uni<T> blocking(java.util.function.Supplier<T> read) {
        return Uni.createFrom().item(read).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private static TestHealth health(TestHealthWindow.Unhealthy unhealthy) {
        TestHealthVerdict h = unhealthy.health();
        return new TestHealth(new Test(unhealthy.testId(), unhealthy.file(), unhealthy.classname(), unhealthy.name()),
                TestHealthState.valueOf(h.state().name()),
                h.reasons().stream().map(reason -> TestHealthReason.valueOf(reason.name())).toList(), h.runs(),
                h.failures(), h.flips(), h.lastFlakeAt(),
                h.failureRate().map(WilsonInterval::low).orElse(null),
                h.failureRate().map(WilsonInterval::high).orElse(null),
                List.of("DISABLED", "BROKEN", "FLAKY").indexOf(h.state().name()) + 1);
    }

    /** The identities of {@code testIds}, for rows computed from aggregates that carry only ids. */
    private static <T> List<T> withTests(Connection connection, List<Long> testIds,
            Function<Map<Long, Test>, List<T>> build) throws SQLException {
        Map<Long, Test> tests = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "select id, file, classname, name from test_identity where id = any(?)")) {
            statement.setArray(1, connection.createArrayOf("bigint", testIds.toArray()));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    tests.put(rs.getLong(1), new Test(rs.getLong(1), rs.getString(2), rs.getString(3),
                            rs.getString(4)));
                }
            }
        }
        return build.apply(tests);
    }

    /** Any window from one day up to the retention of raw results (the aggregates keep no more). */
    private int anyWindow(int days) {
        int most = retention.testResultDays();
        if (days < 1 || days > most) {
            throw ApiException.badInput("days must be between 1 and " + most + " (the days of test results kept,"
                    + " greenboard.retention.test-result-days), got " + days);
        }
        return days;
    }

    private static int parseInt(String text) {
        return (int) parseLong(text);
    }

    private static long parseLong(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw ApiException.badInput("The cursor is not one this list gave out");
        }
    }

    private static double parseDouble(String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw ApiException.badInput("The cursor is not one this list gave out");
        }
    }
}
