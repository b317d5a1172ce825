package dev.greenboard.metrics.platform;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.greenboard.metrics.stats.PythonJson;
import dev.greenboard.metrics.stats.StatsArtifact;

/**
 * {@code platform-smoke-tests.json?platform=P[&days=N]}: the tests that fail significantly more often on platform P,
 * most significant first: {@code {"platform": P, "tests": [{"file", "classname", "name", "runs", "failures",
 * "other_runs", "other_failures", "p_value"}]}}. {@code days} picks one of the configured windows (default: the
 * first).
 */
@ApplicationScoped
public class PlatformSmokeTestsArtifact implements StatsArtifact {

    private final PlatformSmokeTestsConfig config;

    public PlatformSmokeTestsArtifact(PlatformSmokeTestsConfig config) {
        this.config = config;
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
                    Map<String, Object> test = new LinkedHashMap<>();
                    test.put("file", rs.getString("file"));
                    test.put("classname", rs.getString("classname"));
                    test.put("name", rs.getString("name"));
                    test.put("runs", rs.getInt("runs"));
                    test.put("failures", rs.getInt("failures"));
                    test.put("other_runs", rs.getInt("other_runs"));
                    test.put("other_failures", rs.getInt("other_failures"));
                    test.put("p_value", rs.getDouble("p_value"));
                    tests.add(test);
                }
            }
        }
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("platform", platform);
        file.put("tests", tests);
        return PythonJson.write(file);
    }

    private int days(String text) {
        List<Integer> windows = config.sortedWindows();
        if (text == null || text.isBlank()) {
            return windows.get(0);
        }
        try {
            int days = Integer.parseInt(text.trim());
            if (windows.contains(days)) {
                return days;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new IllegalArgumentException("days must be one of the computed windows " + windows + ", got '" + text
                + "' (greenboard.platform-smoke-tests.windows)");
    }
}
