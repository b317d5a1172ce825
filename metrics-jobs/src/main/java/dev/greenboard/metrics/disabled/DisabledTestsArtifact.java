package dev.greenboard.metrics.disabled;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;

import dev.greenboard.metrics.stats.PythonJson;
import dev.greenboard.metrics.stats.StatsArtifact;

/**
 * {@code disabled-tests-condensed.json} in PyTorch's shape and bytes:
 * {@code {"<test> (__main__.<Class>)": ["<issue number>", "<issue url>", ["<platform>", ...]]}}, keys sorted, an empty
 * platform list meaning every platform.
 * <p>
 * A test disabled through the API only has {@code ""} for number and url (there is no issue; the tools that read the
 * file treat both as text). A test disabled several times (several issues, or an issue and the API) gets one entry:
 * the lowest-numbered issue, and the union of the platforms, sorted, unless one of them disables it everywhere
 * (PyTorch's updater merges the same way).
 */
@ApplicationScoped
public class DisabledTestsArtifact implements StatsArtifact {

    @Override
    public String name() {
        return "disabled-tests-condensed.json";
    }

    @Override
    public String render(Connection connection, long repoId, Map<String, String> params) throws SQLException {
        Map<String, Entry> entries = new TreeMap<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                select test_key, issue_number, issue_url, platforms from disabled_test
                where repo_id = ? and active
                order by test_key, issue_number nulls last""")) {
            statement.setLong(1, repoId);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    Integer number = rs.getObject("issue_number", Integer.class);
                    List<String> platforms = strings(rs.getArray("platforms"));
                    String url = rs.getString("issue_url");
                    entries.merge(rs.getString("test_key"), new Entry(number, url, platforms), Entry::merge);
                }
            }
        }
        Map<String, List<Object>> file = new TreeMap<>();
        entries.forEach((key, entry) -> file.put(key, List.of(entry.number() == null ? "" : entry.number().toString(),
                entry.url() == null ? "" : entry.url(), entry.platforms())));
        return PythonJson.write(file);
    }

    private record Entry(Integer number, String url, List<String> platforms) {

        /** Rows come lowest issue first, so this entry keeps its issue; platforms merge. */
        Entry merge(Entry other) {
            List<String> merged = platforms.isEmpty() || other.platforms().isEmpty()
                    ? List.of()
                    : List.copyOf(new TreeSet<>(concat(platforms, other.platforms())));
            return number != null ? new Entry(number, url, merged) : new Entry(other.number(), other.url(), merged);
        }

        private static List<String> concat(List<String> a, List<String> b) {
            List<String> all = new ArrayList<>(a);
            all.addAll(b);
            return all;
        }
    }

    private static List<String> strings(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        return List.of((String[]) array.getArray());
    }
}
