package dev.greenboard.api.testtimes;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Type;

import io.smallrye.common.annotation.Blocking;

import dev.greenboard.api.read.JdbcReads;
import dev.greenboard.metrics.testtimes.TestTimesStore;

/** The test-times rollup through GraphQL: times per file and slow tests. */
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

    private final JdbcReads reads;
    private final TestTimesStore store;

    public TestTimesApi(JdbcReads reads, TestTimesStore store) {
        this.reads = reads;
        this.store = store;
    }

    @Query("testTimes")
    @Blocking
    @Description("Mean time per test file over the newest green default-branch commits (docs/definitions.md). job is a build"
            + " environment (e.g. linux-jammy-py3.10-gcc11) or a whole job name.")
    public TestTimes testTimes(@NonNull String repo, String job, String config) {
        return reads.ofRepositoryForGraphQL(repo, (connection, repoId) -> {
            TestTimesStore.FileTimes times = store.fileTimes(connection, repoId, repo, job, config);
            return new TestTimes(times.base(), times.config(), times.seconds().entrySet().stream()
                    .map(e -> new TestFileTime(e.getKey(), e.getValue(), times.runs().get(e.getKey()))).toList());
        });
    }

    @Query("slowTests")
    @Blocking
    @Description("Tests whose mean duration exceeds the slow threshold (60 s by default), slowest first.")
    public List<SlowTest> slowTests(@NonNull String repo) {
        return reads.ofRepositoryForGraphQL(repo, (connection, repoId) -> store.slowTests(connection, repoId).stream()
                .map(t -> new SlowTest(t.key(), t.file(), t.classname(), t.name(), t.seconds(), t.runs())).toList());
    }
}
