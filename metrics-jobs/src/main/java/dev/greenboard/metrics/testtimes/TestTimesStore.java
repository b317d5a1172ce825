package dev.greenboard.metrics.testtimes;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.greenboard.metrics.jobname.JobNameParser;

/**
 * Reads the test-times rollup with PyTorch's fallbacks: the build environment and config asked for, else the
 * {@code default} environment's rows for that config, else {@code default}/{@code default}.
 */
@ApplicationScoped
public class TestTimesStore {

    /** The times of one (base, config) and where they came from after fallbacks. */
    public record FileTimes(String base, String config, Map<String, Double> seconds, Map<String, Integer> runs) {
    }

    /** One slow test as slow-tests.json keys it. */
    public record SlowTest(String key, String file, String classname, String name, double seconds, int runs) {
    }

    private final JobNameParser jobNames;

    public TestTimesStore(JobNameParser jobNames) {
        this.jobNames = jobNames;
    }

    /**
     * @param job a build environment ({@code linux-jammy-py3.10-gcc11}) or a whole job name, which is parsed
     */
    public FileTimes fileTimes(Connection connection, long repoId, String repo, String job, String config)
            throws SQLException {
        String base = job == null ? "default" : job;
        String wantedConfig = config == null || config.isBlank() ? "default" : config;
        if (job != null && !hasBase(connection, repoId, base)) {
            base = jobNames.parse(repoId, job, Map.of()).base();
        }
        for (String[] candidate : new String[][]{{base, wantedConfig}, {"default", wantedConfig},
                {"default", "default"}}) {
            FileTimes times = load(connection, repoId, candidate[0], candidate[1]);
            if (!times.seconds().isEmpty()) {
                return times;
            }
        }
        return new FileTimes(base, wantedConfig, Map.of(), Map.of());
    }

    private static boolean hasBase(Connection connection, long repoId, String base) throws SQLException {
        try (PreparedStatement statement = connection
                .prepareStatement("select 1 from test_file_time where repo_id = ? and base = ? limit 1")) {
            statement.setLong(1, repoId);
            statement.setString(2, base);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static FileTimes load(Connection connection, long repoId, String base, String config)
            throws SQLException {
        Map<String, Double> seconds = new LinkedHashMap<>();
        Map<String, Integer> runs = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                select file, seconds, runs from test_file_time where repo_id = ? and base = ? and config = ?
                order by file""")) {
            statement.setLong(1, repoId);
            statement.setString(2, base);
            statement.setString(3, config);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    seconds.put(rs.getString(1), rs.getDouble(2));
                    runs.put(rs.getString(1), rs.getInt(3));
                }
            }
        }
        return new FileTimes(base, config, seconds, runs);
    }

    /** {@code {base: {config: {file: seconds}}}}, as test-times.json nests it. */
    public Map<String, Map<String, Map<String, Double>>> allFileTimes(Connection connection, long repoId)
            throws SQLException {
        Map<String, Map<String, Map<String, Double>>> out = new TreeMap<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "select base, config, file, seconds from test_file_time where repo_id = ? order by base, config, file")) {
            statement.setLong(1, repoId);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getString(1), k -> new TreeMap<>())
                            .computeIfAbsent(rs.getString(2), k -> new TreeMap<>())
                            .put(rs.getString(3), rs.getDouble(4));
                }
            }
        }
        return out;
    }

    /** {@code {base: {config: {file: {class: seconds}}}}}, as test-class-times.json nests it. */
    public Map<String, Map<String, Map<String, Map<String, Double>>>> allClassTimes(Connection connection,
            long repoId) throws SQLException {
        Map<String, Map<String, Map<String, Map<String, Double>>>> out = new TreeMap<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                select base, config, file, classname, seconds from test_class_time where repo_id = ?
                order by base, config, file, classname""")) {
            statement.setLong(1, repoId);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getString(1), k -> new TreeMap<>())
                            .computeIfAbsent(rs.getString(2), k -> new TreeMap<>())
                            .computeIfAbsent(rs.getString(3), k -> new TreeMap<>())
                            .put(rs.getString(4), rs.getDouble(5));
                }
            }
        }
        return out;
    }

    public List<SlowTest> slowTests(Connection connection, long repoId) throws SQLException {
        List<SlowTest> out = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                select test_key, file, classname, name, seconds, runs from slow_test where repo_id = ?
                order by seconds desc, test_key""")) {
            statement.setLong(1, repoId);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    out.add(new SlowTest(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getDouble(5), rs.getInt(6)));
                }
            }
        }
        return out;
    }
}
