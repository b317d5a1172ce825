package dev.greenboard.graphql.testtimes;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Type;

import io.agroal.api.AgroalDataSource;
import io.smallrye.common.annotation.Blocking;

import dev.greenboard.graphql.ApiException;
import dev.greenboard.ingest.http.IngestException;
import dev.greenboard.metrics.shard.ShardPlanner;
import dev.greenboard.metrics.stats.Repositories;
import dev.greenboard.metrics.testtimes.TestTimesStore;

/** The test-times rollup through GraphQL: times per file, slow tests, and shard plans computed from them. */
@GraphQLApi
public class TestTimesApi {

    @Type("TestFileTime")
    public record TestFileTime(String file, double seconds, int runs) {
    }

    @Type("TestTimes")
    @Description("Mean seconds per test file for a build environment and config, after PyTorch's fallbacks: base and"
            + " config say which rows were found.")
    public record TestTimes(String base, String config, List<TestFileTime> files) {
    }

    @Type("SlowTest")
    public record SlowTest(@Description("\"<name> (__main__.<Class>)\" as slow-tests.json keys it") String key,
            String file, String classname, String name, double seconds, int runs) {
    }

    @Type("Shard")
    public record Shard(List<String> tests, double expectedSeconds) {
    }

    @Type("ShardPlan")
    public record ShardPlan(String base, String config, List<Shard> shards,
            @Description("Requested files with no history; dealt round-robin") List<String> unknown) {
    }

    private final AgroalDataSource dataSource;
    private final TestTimesStore store;

    public TestTimesApi(AgroalDataSource dataSource, TestTimesStore store) {
        this.dataSource = dataSource;
        this.store = store;
    }

    @Query("testTimes")
    @Blocking
    @Description("Mean time per test file over the newest green default-branch commits (SPEC 6). job is a build"
            + " environment (e.g. linux-jammy-py3.10-gcc11) or a whole job name.")
    public TestTimes testTimes(@NonNull String repo, String job, String config) {
        return withConnection(repo, (connection, repoId) -> {
            TestTimesStore.FileTimes times = store.fileTimes(connection, repoId, repo, job, config);
            return new TestTimes(times.base(), times.config(), times.seconds().entrySet().stream()
                    .map(e -> new TestFileTime(e.getKey(), e.getValue(), times.runs().get(e.getKey()))).toList());
        });
    }

    @Query("slowTests")
    @Blocking
    @Description("Tests whose mean duration exceeds the slow threshold (60 s by default), slowest first.")
    public List<SlowTest> slowTests(@NonNull String repo) {
        return withConnection(repo, (connection, repoId) -> store.slowTests(connection, repoId).stream()
                .map(t -> new SlowTest(t.key(), t.file(), t.classname(), t.name(), t.seconds(), t.runs())).toList());
    }

    @Query("shardPlan")
    @Blocking
    @Description("Deals test files onto shards by their known times (longest first onto the least-loaded shard);"
            + " files with no history round-robin. 'tests' defaults to every file with a known time.")
    public ShardPlan shardPlan(@NonNull String repo, String job, String config, int shards, List<String> tests) {
        if (shards < 1 || shards > 1000) {
            throw ApiException.badInput("shards must be 1 to 1000, got " + shards);
        }
        return withConnection(repo, (connection, repoId) -> {
            TestTimesStore.FileTimes times = store.fileTimes(connection, repoId, repo, job, config);
            ShardPlanner.Plan plan = ShardPlanner.plan(tests == null || tests.isEmpty() ? null : tests,
                    times.seconds(), shards);
            return new ShardPlan(times.base(), times.config(), plan.shards().stream()
                    .map(s -> new Shard(s.tests(), s.expectedSeconds())).toList(), plan.unknown());
        });
    }

    private interface Read<T> {

        T apply(Connection connection, long repoId) throws SQLException;
    }

    private <T> T withConnection(String repo, Read<T> read) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setReadOnly(true);
            return read.apply(connection, Repositories.idOf(connection, repo));
        } catch (IngestException e) {
            throw e.status() == 404 ? ApiException.notFound(e.getMessage()) : ApiException.badInput(e.getMessage());
        } catch (SQLException e) {
            throw new IllegalStateException("Reading test times failed", e);
        }
    }
}
