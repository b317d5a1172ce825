package dev.greenboard.api.testhealth;

import java.util.List;
import java.util.Locale;

import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.greenboard.api.graphql.ApiException;
import dev.greenboard.api.page.Cursor;
import dev.greenboard.api.page.PageSize;
import dev.greenboard.api.read.ReadSql;
import dev.greenboard.api.repo.RepoLookup;
import dev.greenboard.api.testhealth.TestHealthConnections.PlatformSmokeTestConnection;
import dev.greenboard.api.testhealth.TestHealthConnections.PlatformSmokeTestEdge;
import dev.greenboard.api.testhealth.TestHealthConnections.TestHealthConnection;
import dev.greenboard.api.testhealth.TestHealthConnections.TestHealthEdge;
import dev.greenboard.api.testhealth.TestHealthConnections.TestTimeRegressionConnection;
import dev.greenboard.api.testhealth.TestHealthConnections.TestTimeRegressionEdge;
import dev.greenboard.metrics.flaky.FlakyTestsConfig;
import dev.greenboard.metrics.platform.PlatformSmokeTestsConfig;

/** The test-health rollups of the metrics jobs: flaky tests, platform smoke tests, test-time regressions. */
@GraphQLApi
public class TestHealthApi {

    private final ReadSql sql;
    private final RepoLookup repos;
    private final FlakyTestsConfig flaky;
    private final PlatformSmokeTestsConfig platforms;

    public TestHealthApi(ReadSql sql, RepoLookup repos, FlakyTestsConfig flaky, PlatformSmokeTestsConfig platforms) {
        this.sql = sql;
        this.repos = repos;
        this.flaky = flaky;
        this.platforms = platforms;
    }

    @Query("flakyTests")
    @Description("Every test that is not healthy over the last 'days' days (one of the windows the flaky-tests job"
            + " computes, greenboard.flaky-tests.windows): disabled first, then broken, then flaky, each by file,"
            + " class and name.")
    public Uni<TestHealthConnection> flakyTests(@NonNull String repo, @DefaultValue("7") Integer days,
            Integer first, String after) {
        int size = PageSize.of(first);
        int window = window(days == null ? 7 : days, flaky.sortedWindows(), "greenboard.flaky-tests.windows");
        List<String> cursor = Cursor.decode(after, 4);
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
            + " platform label) than on all other platforms, over the last 'days' days (one of"
            + " greenboard.platform-smoke-tests.windows; default the first), smallest p-value first.")
    public Uni<PlatformSmokeTestConnection> platformSmokeTests(@NonNull String repo, @NonNull String platform,
            Integer days, Integer first, String after) {
        int size = PageSize.of(first);
        List<Integer> windows = platforms.sortedWindows();
        int window = window(days == null ? windows.get(0) : days, windows, "greenboard.platform-smoke-tests.windows");
        List<String> cursor = Cursor.decode(after, 2);
        return repos.require(repo).chain(r -> sql.list("select " + PlatformSmokeTest.COLUMNS + """
                 from platform_smoke_test p join test_identity ti on ti.id = p.test_id
                where p.repo_id = $1 and p.window_days = $2 and p.platform = $3
                  and ($4::float8 is null or (p.p_value, p.test_id) > ($4, $5))
                order by p.p_value, p.test_id
                limit $6""", Tuple.tuple().addLong(r.id()).addInteger(window)
                .addString(platform.trim().toLowerCase(Locale.ROOT))
                .addDouble(cursor == null ? null : parseDouble(cursor.get(0)))
                .addLong(cursor == null ? null : parseLong(cursor.get(1)))
                .addInteger(size + 1), PlatformSmokeTest::from))
                .map(rows -> TestHealthConnections.of(rows, size, PlatformSmokeTest::cursor, PlatformSmokeTestEdge::new,
                        PlatformSmokeTestConnection::new));
    }

    @Query("testTimeRegressions")
    @Description("Test files that became slower: mean time per default-branch job execution of the last days against"
            + " the days before, largest increase first (greenboard.test-time-regressions.*).")
    public Uni<TestTimeRegressionConnection> testTimeRegressions(@NonNull String repo, Integer first, String after) {
        int size = PageSize.of(first);
        List<String> cursor = Cursor.decode(after, 2);
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

    private static int window(int days, List<Integer> computed, String setting) {
        if (!computed.contains(days)) {
            throw ApiException.badInput("days must be one of the windows computed, " + computed + ", got " + days
                    + "; " + setting + " sets them");
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
