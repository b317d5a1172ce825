package dev.greenboard.metrics.platform;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.greenboard.metrics.retention.RetentionConfig;
import dev.greenboard.metrics.stats.PythonJson;
import dev.greenboard.metrics.stats.StatsArtifact;

/**
 * {@code platform-smoke-tests.json?platform=P[&days=N]}: the tests that fail significantly more often on platform P,
 * most significant first: {@code {"platform": P, "tests": [{"file", "classname", "name", "runs", "failures",
 * "other_runs", "other_failures", "p_value"}]}}. {@code days}: the configured windows (default: the first) are
 * precomputed; any other, up to the retention of raw results, is judged from the daily aggregates.
 */
@ApplicationScoped
public class PlatformSmokeTestsArtifact implements StatsArtifact {

    private final PlatformSmokeTestsConfig config;
    private final RetentionConfig retention;

    public PlatformSmokeTestsArtifact(PlatformSmokeTestsConfig config, RetentionConfig retention) {
        this.config = config;
        this.retention = retention;
    }

    @Override
    public String name() {
        return "platform-smoke-tests.json";
    }

    @Override
    public String render(Connection connection, long repoId, Map<String, String> params) throws SQLException {
        String platform = params.get("platform");
        if (platform == null || platform.isBlank()) {
            throw new IllegalArgumentException("Query parameter 'platform' is required, e.g. platform=windows");
        }
        platform = platform.trim().toLowerCase(Locale.ROOT);
        int days = days(params.get("days"));
        List<Map<String, Object>> tests = new ArrayList<>();
        if (!config.sortedWindows().contains(days)) {
            LocalDate from = LocalDate.now(ZoneOffset.UTC).minusDays(days - 1L);
            List<PlatformSmokeWindow.Judged> judged = new ArrayList<>(new PlatformSmokeWindow(config)
                    .judge(connection, new Long[]{repoId}, from, platform));
            Map<Long, String[]> identities = identities(connection, judged);
            judged.sort(Comparator.comparingDouble(PlatformSmokeWindow.Judged::pValue)
                    .thenComparing(j -> String.join("\u0000", identities.get(j.testId()))));
            for (PlatformSmokeWindow.Judged j : judged) {
                String[] identity = identities.get(j.testId());
                tests.add(test(identity[0], identity[1], identity[2], j.runs(), j.failures(), j.otherRuns(),
                        j.otherFailures(), j.pValue()));
            }
            return file(platform, tests);
        }
        try (PreparedStatement statement = connection.prepareStatement("""
                select ti.file, ti.classname, ti.name, p.runs, p.failures, p.other_runs, p.other_failures, p.p_value
                from platform_smoke_test p join test_identity ti on ti.id = p.test_id
                where p.repo_id = ? and p.window_days = ? and p.platform = ?
                order by p.p_value, ti.file, ti.classname, ti.name""")) {
            statement.setLong(1, repoId);
            statement.setInt(2, days);
            statement.setString(3, platform);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    tests.add(test(rs.getString("file"), rs.getString("classname"), rs.getString("name"),
                            rs.getInt("runs"), rs.getInt("failures"), rs.getInt("other_runs"),
                            rs.getInt("other_failures"), rs.getDouble("p_value")));
                }
            }
        }
        return file(platform, tests);
    }

    private static String file(String platform, List<Map<String, Object>> tests) {
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("platform", platform);
        file.put("tests", tests);
        return PythonJson.write(file);
    }

    private static Map<String, Object> test(String file, String classname, String name, int runs, int failures,
            int otherRuns, int otherFailures, double pValue) {
        Map<String, Object> test = new LinkedHashMap<>();
        test.put("file", file);
        test.put("classname", classname);
        test.put("name", name);
        test.put("runs", runs);
        test.put("failures", failures);
        test.put("other_runs", otherRuns);
        test.put("other_failures", otherFailures);
        test.put("p_value", pValue);
        return test;
    }

    private static Map<Long, String[]> identities(Connection connection, List<PlatformSmokeWindow.Judged> judged)
            throws SQLException {
        Map<Long, String[]> identities = new HashMap<>();
        try (PreparedStatement statement = connection
                .prepareStatement("select id, file, classname, name from test_identity where id = any(?)")) {
            statement.setArray(1, connection.createArrayOf("bigint",
                    judged.stream().map(PlatformSmokeWindow.Judged::testId).toArray()));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    identities.put(rs.getLong(1), new String[]{rs.getString(2), rs.getString(3), rs.getString(4)});
                }
            }
        }
        return identities;
    }

    private int days(String text) {
        List<Integer> windows = config.sortedWindows();
        if (text == null || text.isBlank()) {
            return windows.get(0);
        }
        int most = retention.testResultDays();
        try {
            int days = Integer.parseInt(text.trim());
            if (days >= 1 && days <= most) {
                return days;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new IllegalArgumentException("days must be a number of days from 1 to " + most + ", got '" + text
                + "' (greenboard.retention.test-result-days)");
    }
}
