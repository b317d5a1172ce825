package dev.greenboard.api.testhealth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The lists of windows that are not precomputed (flaky tests, platform smoke tests, regressions over any number of
 * days), kept until what they are computed from changes.
 * <p>
 * Such a list is computed from the daily aggregates on request, which costs about a second at 10 M stored results;
 * sixteen people opening the same window at once used to compute it sixteen times, queued behind each other. Here the
 * first request computes it and every request for the same list waits for that one computation; the next request
 * after the aggregates change (the fold or the disabled-tests rollup ran again) or after the UTC day turns computes it
 * again. Each (list, repository, days) keeps only its newest version, so the cache holds at most one entry per window
 * that was asked for, bounded by the retention of raw results.
 */
@ApplicationScoped
public class ComputedWindows {

    /** Which computed list of which repository over how many days. */
    record Window(String list, long repoId, int days) {
    }

    /** One computation of a window, with what it was computed from. */
    private record Entry(String version, CompletableFuture<List<?>> rows) {
    }

    /** The rollups whose runs change what the computed lists say. */
    private static final List<String> INPUTS = List.of("test-stats", "disabled-tests");

    private final Map<Window, Entry> entries = new ConcurrentHashMap<>();

    /**
     * What the lists of a repository are computed from now: the times the fold and the disabled-tests rollup last ran,
     * the repository's disabled tests as last changed (the disableTest mutation changes them between runs), and
     * today's date (a window ends today).
     */
    static String version(Connection connection, long repoId) throws SQLException {
        StringBuilder version = new StringBuilder(LocalDate.now(ZoneOffset.UTC).toString());
        try (PreparedStatement statement = connection.prepareStatement("""
                select rollup || '@' || updated_at from rollup_state where rollup = any(?)
                union all
                select 'disabled ' || count(*) || '@' || coalesce(max(updated_at)::text, '')
                from disabled_test where repo_id = ?
                order by 1""")) {
            statement.setArray(1, connection.createArrayOf("text", INPUTS.toArray()));
            statement.setLong(2, repoId);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    version.append(' ').append(rs.getString(1));
                }
            }
        }
        return version.toString();
    }

    /**
     * The rows of {@code window} as of {@code version}: computed by {@code compute} once per version, whatever the
     * number of requests waiting for it. A computation that fails is not kept: the next request tries again.
     */
    @SuppressWarnings("unchecked")
    <T> List<T> rows(Window window, String version, Supplier<List<T>> compute) {
        CompletableFuture<List<?>> mine = new CompletableFuture<>();
        Entry entry = entries.compute(window,
                (key, current) -> current != null && current.version().equals(version) && !failed(current)
                        ? current
                        : new Entry(version, mine));
        if (entry.rows() == mine) {
            try {
                mine.complete(List.copyOf(compute.get()));
            } catch (RuntimeException e) {
                mine.completeExceptionally(e);
                entries.remove(window, entry);
            }
        }
        try {
            return (List<T>) entry.rows().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private static boolean failed(Entry entry) {
        return entry.rows().isCompletedExceptionally();
    }

    /** How many windows are kept (for tests). */
    int size() {
        return entries.size();
    }
}
