package dev.greenboard.api.testhealth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The lists of windows that are not precomputed (flaky tests, platform smoke tests, regressions over any number of
 * days), kept until what they are computed from changes.
 * <p>
 * Such a list is computed from the daily aggregates on request; sixteen people opening the same window at once used
 * to compute it sixteen times, queued behind each other. Here the first request computes it and every request for the
 * same list waits for that one computation; the next request after the aggregates change (the fold or the
 * disabled-tests rollup ran again), the repository's disabled list changes or the UTC day turns computes it again. So a
 * computed window is as fresh as the last fold (every 5 minutes by default), as the precomputed ones are as fresh as
 * their rollup. Each (list, repository, days) keeps only its newest version, and at most {@link #MAX_WINDOWS}
 * windows are kept, the least recently asked for leaving first: a list's key holds caller text (a platform name).
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

    /** At most this many windows are kept. */
    static final int MAX_WINDOWS = 256;

    /** Access-ordered, the eldest removed past the bound; guarded by itself. */
    private final Map<Window, Entry> entries = new LinkedHashMap<>(64, 0.75f, true) {

        @Override
        protected boolean removeEldestEntry(Map.Entry<Window, Entry> eldest) {
            return size() > MAX_WINDOWS;
        }
    };

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
        Entry entry;
        synchronized (entries) {
            Entry current = entries.get(window);
            entry = current != null && current.version().equals(version) && !failed(current)
                    ? current
                    : new Entry(version, mine);
            entries.put(window, entry);
        }
        if (entry.rows() == mine) {
            try {
                mine.complete(List.copyOf(compute.get()));
            } catch (Throwable e) {
                // Whatever ends the computation ends the waits for it too; the next request computes again.
                mine.completeExceptionally(e);
                synchronized (entries) {
                    entries.remove(window, entry);
                }
            }
        }
        try {
            return (List<T>) entry.rows().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    private static boolean failed(Entry entry) {
        return entry.rows().isCompletedExceptionally();
    }

    /** How many windows are kept (for tests). */
    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }
}
