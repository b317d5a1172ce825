package dev.greenboard.metrics.testtimes;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.greenboard.metrics.stats.PythonJson;
import dev.greenboard.metrics.stats.StatsArtifact;

/** The PyTorch-shaped files of the test-times rollup: test-times.json, test-class-times.json, slow-tests.json. */
public final class TestTimesArtifacts {

    private TestTimesArtifacts() {
    }

    /** As PyTorch writes its files ({@code json.dump(..., indent=2)}, keys sorted), so CI can diff them. */
    static String json(Object value) {
        return PythonJson.write(value);
    }

    /** {@code {build_env: {test_config: {test_file: seconds}}}}. */
    @ApplicationScoped
    public static class TestTimesFile implements StatsArtifact {

        private final TestTimesStore store;

        public TestTimesFile(TestTimesStore store) {
            this.store = store;
        }

        @Override
        public String name() {
            return "test-times.json";
        }

        @Override
        public String render(Connection connection, long repoId, Map<String, String> params) throws SQLException {
            return json(store.allFileTimes(connection, repoId));
        }
    }

    /** {@code {build_env: {test_config: {test_file: {class_name: seconds}}}}}. */
    @ApplicationScoped
    public static class TestClassTimesFile implements StatsArtifact {

        private final TestTimesStore store;

        public TestClassTimesFile(TestTimesStore store) {
            this.store = store;
        }

        @Override
        public String name() {
            return "test-class-times.json";
        }

        @Override
        public String render(Connection connection, long repoId, Map<String, String> params) throws SQLException {
            return json(store.allClassTimes(connection, repoId));
        }
    }

    /** {@code {"<test> (__main__.<Class>)": seconds}}, keys sorted. */
    @ApplicationScoped
    public static class SlowTestsFile implements StatsArtifact {

        private final TestTimesStore store;

        public SlowTestsFile(TestTimesStore store) {
            this.store = store;
        }

        @Override
        public String name() {
            return "slow-tests.json";
        }

        @Override
        public String render(Connection connection, long repoId, Map<String, String> params) throws SQLException {
            Map<String, Double> out = new java.util.TreeMap<>();
            store.slowTests(connection, repoId).forEach(test -> out.put(test.key(), test.seconds()));
            return json(out);
        }
    }
}
