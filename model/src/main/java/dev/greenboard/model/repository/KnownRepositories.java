package dev.greenboard.model.repository;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Repository rows as committed, by GitHub's repository id, so that a webhook delivery finds its repository without a
 * query. Repository rows are never deleted and their id never changes, so a cached row can only be behind on what
 * GitHub says about the repository (its name, default branch, URL): a payload that says something new goes to the
 * database. Deliveries without a GitHub id are not cached: a bare name can change hands.
 */
@ApplicationScoped
public class KnownRepositories {

    /** More repositories than one installation serves; past it the cache starts over rather than grow. */
    private static final int MAX_ENTRIES = 10_000;
    /** Two first deliveries of one new repository under different names both insert it; the loser reads it. */
    private static final int MAX_ATTEMPTS = 3;
    private static final String UNIQUE_VIOLATION = "23505";

    private final ConcurrentHashMap<Long, RepositoryRow> byGithubId = new ConcurrentHashMap<>();

    /**
     * The id of the repository these facts are about, creating, adopting or renaming its row in a short transaction
     * of its own that commits at once. Deliveries then only read the row inside their transactions: concurrent first
     * deliveries of a repository that each upserted it inside a longer transaction deadlocked in PostgreSQL.
     *
     * @param connection in auto-commit mode, and left in it
     */
    public long ensureCommitted(Connection connection, RepositoryFacts facts) throws SQLException {
        RepositoryRow known = facts.githubId() == null ? null : byGithubId.get(facts.githubId());
        if (known != null && known.holds(facts)) {
            return known.id();
        }
        if (!connection.getAutoCommit()) {
            throw new IllegalStateException("the repository row must be committed on its own, not in a transaction");
        }
        RepositoryRow stored = store(connection, facts);
        if (stored.githubId() != null) {
            if (byGithubId.size() >= MAX_ENTRIES) {
                byGithubId.clear();
            }
            byGithubId.put(stored.githubId(), stored);
        }
        return stored.id();
    }

    private static RepositoryRow store(Connection connection, RepositoryFacts facts) throws SQLException {
        connection.setAutoCommit(false);
        try {
            for (int attempt = 1;; attempt++) {
                try {
                    RepositoryRow stored = RepositoryRows.ensureRow(connection, facts);
                    connection.commit();
                    return stored;
                } catch (SQLException e) {
                    connection.rollback();
                    if (!UNIQUE_VIOLATION.equals(e.getSQLState()) || attempt == MAX_ATTEMPTS) {
                        throw e;
                    }
                }
            }
        } catch (RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }
}
