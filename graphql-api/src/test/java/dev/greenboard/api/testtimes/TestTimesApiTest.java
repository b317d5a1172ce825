package dev.greenboard.api.testtimes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.greenboard.model.database.Sql;
import dev.greenboard.model.database.TestDatabase;
import dev.greenboard.testkit.GraphQL;

/**
 * {@code testTimes} and {@code slowTests} read the test-times rollup ({@code test_file_time}, {@code slow_test}) with
 * PyTorch's fallbacks. The file rows are those metrics-jobs' TestTimesRollupTest shows the rollup writes for its
 * history, written here directly so that only the read is under test.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestTimesApiTest {

    private static final String TEST_TIMES = """
            query($repo: String!, $job: String, $config: String) {
              testTimes(repo: $repo, job: $job, config: $config) { base config files { file seconds runs } }
            }""";
    private static final String SLOW_TESTS = """
            query($repo: String!) { slowTests(repo: $repo) { key file classname name seconds runs } }""";

    @Inject
    AgroalDataSource dataSource;

    Sql sql;
    String repo;

    @BeforeEach
    void writeRollupRows() {
        if (repo != null) {
            return;
        }
        sql = new Sql(dataSource);
        repo = "times/a" + UUID.randomUUID().toString().substring(0, 8);
        sql.execute("insert into repository (full_name, owner, name) values (?, 'times', ?)", repo,
                repo.substring("times/".length()));
        fileTime("default", "default", "test_nn", 33.0, 3);
        fileTime("default", "default", "test_ops", 64.5, 6);
        fileTime("default", "distributed", "distributed/test_c10d", 6.0, 3);
        fileTime("linux-jammy", "default", "test_nn", 33.0, 3);
        fileTime("linux-jammy", "default", "test_ops", 114.0, 3);
        fileTime("linux-jammy", "distributed", "distributed/test_c10d", 6.0, 3);
        fileTime("win-vs2022", "default", "test_ops", 15.0, 3);
        sql.execute("""
                insert into slow_test (repo_id, test_key, file, classname, name, seconds, runs, updated_at)
                values (repository_id(?), 'test_big (__main__.TestOpsSlow)', 'test_ops', 'TestOpsSlow', 'test_big',
                        80.0, 3, now()),
                       (repository_id(?), 'test_huge (__main__.TestNN)', 'test_nn', 'test_nn.TestNN', 'test_huge',
                        200.0, 2, now())""", repo, repo);
    }

    private void fileTime(String base, String config, String file, double seconds, int runs) {
        sql.execute("""
                insert into test_file_time (repo_id, base, config, file, seconds, runs, updated_at)
                values (repository_id(?), ?, ?, ?, ?, ?, now())""", repo, base, config, file, seconds, runs);
    }

    private JsonPath testTimes(String job, String config) {
        return GraphQL.data(TEST_TIMES, "repo", repo, "job", job, "config", config);
    }

    @Test
    void timesOfTheEnvironmentAskedFor() {
        JsonPath windows = testTimes("win-vs2022", null);
        assertEquals("win-vs2022", windows.getString("testTimes.base"));
        assertEquals("default", windows.getString("testTimes.config"));
        assertEquals(List.of(Map.of("file", "test_ops", "seconds", 15.0f, "runs", 3)),
                windows.getList("testTimes.files"));
        // A whole job name is parsed into its build environment; files come by name.
        JsonPath linux = testTimes("linux-jammy / test (default, 1, 2, linux.2xlarge)", null);
        assertEquals("linux-jammy", linux.getString("testTimes.base"));
        assertEquals(List.of("test_nn", "test_ops"), linux.getList("testTimes.files.file"));
        assertEquals(List.of(33.0f, 114.0f), linux.getList("testTimes.files.seconds"));
        JsonPath distributed = testTimes("linux-jammy", "distributed");
        assertEquals(List.of("distributed/test_c10d"), distributed.getList("testTimes.files.file"));
    }

    /** No rows for the environment: the default environment's rows for the config, else default/default. */
    @Test
    void timesFallBackToTheDefaultEnvironment() {
        JsonPath mac = testTimes("mac-arm64 / test (default, 1, 1, m1)", "default");
        assertEquals(List.of("default", "default"), List.of(mac.getString("testTimes.base"), mac.getString(
                "testTimes.config")));
        assertEquals(List.of("test_nn", "test_ops"), mac.getList("testTimes.files.file"));
        assertEquals(List.of(33.0f, 64.5f), mac.getList("testTimes.files.seconds"));
        assertEquals(List.of(3, 6), mac.getList("testTimes.files.runs"));
        JsonPath macDistributed = testTimes("mac-arm64", "distributed");
        assertEquals("default", macDistributed.getString("testTimes.base"));
        assertEquals("distributed", macDistributed.getString("testTimes.config"));
        assertEquals(List.of("distributed/test_c10d"), macDistributed.getList("testTimes.files.file"));
        JsonPath none = testTimes(null, null);
        assertEquals(List.of("default", "default"), List.of(none.getString("testTimes.base"), none.getString(
                "testTimes.config")));
    }

    @Test
    void slowTestsSlowestFirst() {
        JsonPath slow = GraphQL.data(SLOW_TESTS, "repo", repo);
        assertEquals(List.of("test_huge (__main__.TestNN)", "test_big (__main__.TestOpsSlow)"),
                slow.getList("slowTests.key"));
        assertEquals(Map.of("key", "test_big (__main__.TestOpsSlow)", "file", "test_ops", "classname", "TestOpsSlow",
                "name", "test_big", "seconds", 80.0f, "runs", 3), slow.getMap("slowTests[1]"));
        assertEquals("test_nn.TestNN", slow.getString("slowTests[0].classname"));
    }

    @Test
    void anUnknownRepositoryIsNotFound() {
        for (String query : List.of(TEST_TIMES, SLOW_TESTS)) {
            JsonPath unknown = GraphQL.raw(query, "repo", repo + "-nope");
            assertEquals("NOT_FOUND", unknown.getString("errors[0].extensions.code"), unknown.prettify());
            assertTrue(unknown.getString("errors[0].message").contains(repo + "-nope"),
                    unknown.getString("errors[0].message"));
        }
    }
}
