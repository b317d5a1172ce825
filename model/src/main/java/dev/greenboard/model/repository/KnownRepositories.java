package dev.greenboard.model.repository;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Repository rows as committed, by full name, so that a webhook delivery finds its repository without a query.
 * Repository rows are never deleted and their id never changes, so a cached row can only be behind on what GitHub
 * says about the repository (its id, default branch, URL): a payload that says something new goes to the database.
 */
@ApplicationScoped
public class KnownRepositories {

    /** More repositories than one installation serves; past it the cache starts over rather than grow. */
    private static final int MAX_ENTRIES = 10_000;

    private final ConcurrentHashMap<String, RepositoryRow> byName = new ConcurrentHashMap<>();

    /**
     * The id of {@code fullName}, creating or updating its row in a statement of its own that commits at once.
     * Deliveries then only read the row inside their transactions: concurrent first deliveries of a repository that
     * each upserted it inside a longer transaction deadlocked in PostgreSQL.
     *
     * @param connection in auto-commit mode
     */
    public long ensureCommitted(Connection connection, String fullName, Long githubId, String defaultBranch,
            String htmlUrl) throws SQLException {
        RepositoryRow known = byName.get(fullName);
        if (known != null && known.holds(githubId, defaultBranch, htmlUrl)) {
            return known.id();
        }
        if (!connection.getAutoCommit()) {
            throw new IllegalStateException("the repository row must be committed on its own, not in a transaction");
        }
        RepositoryRow stored = RepositoryRows.ensureRow(connection, fullName, githubId, defaultBranch, htmlUrl);
        if (byName.size() >= MAX_ENTRIES) {
            byName.clear();
        }
        byName.put(fullName, stored);
        return stored.id();
    }
}
