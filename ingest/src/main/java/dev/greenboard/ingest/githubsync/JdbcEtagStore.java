package dev.greenboard.ingest.githubsync;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;

import dev.greenboard.ingest.githubapi.EtagStore;
import dev.greenboard.ingest.githubapi.GitHubApiConfig;
import dev.greenboard.model.commit.CommitRows;

/**
 * The GitHub client's ETag store in PostgreSQL ({@code github_etag}, V11), replacing the in-memory default bean: a
 * page GitHub answers 304 for is read from here after a restart too, so a resumed or repeated backfill costs no rate
 * limit for the pages that did not change. Bounded by {@code greenboard.github.etag-store-max-chars}: every so many
 * writes the oldest stored answers beyond the bound are deleted. A database error only costs the 304 (the request
 * then goes unconditional), never the request.
 */
@Singleton
public class JdbcEtagStore implements EtagStore {

    private static final Logger LOG = Logger.getLogger(JdbcEtagStore.class);
    private static final int PRUNE_EVERY = 64;

    private final AgroalDataSource dataSource;
    private final long maxChars;
    private final AtomicLong writes = new AtomicLong();

    public JdbcEtagStore(AgroalDataSource dataSource, GitHubApiConfig config) {
        this.dataSource = dataSource;
        this.maxChars = config.etagStoreMaxChars();
    }

    @Override
    public Optional<StoredResponse> get(String url) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "select etag, last_modified, link, body, stored_at from github_etag where url = ?")) {
            statement.setString(1, url);
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new StoredResponse(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getObject(5, OffsetDateTime.class).toInstant()));
            }
        } catch (SQLException e) {
            LOG.warnf("GitHub ETag store unreadable (%s); the request goes unconditional", e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public void put(String url, StoredResponse response) {
        long chars = (long) url.length() + response.body().length()
                + (response.link() == null ? 0 : response.link().length());
        if (chars > maxChars) {
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement statement = connection.prepareStatement("""
                    insert into github_etag (url, etag, last_modified, link, body, chars, stored_at)
                    values (?, ?, ?, ?, ?, ?, ?)
                    on conflict (url) do update set etag = excluded.etag, last_modified = excluded.last_modified,
                        link = excluded.link, body = excluded.body, chars = excluded.chars,
                        stored_at = excluded.stored_at""")) {
                statement.setString(1, url);
                statement.setString(2, response.etag());
                statement.setString(3, response.lastModified());
                statement.setString(4, response.link());
                statement.setString(5, response.body());
                statement.setLong(6, chars);
                CommitRows.setInstant(statement, 7, response.storedAt() == null
                        ? Instant.now()
                        : response.storedAt());
                statement.executeUpdate();
            }
            if (writes.incrementAndGet() % PRUNE_EVERY == 0) {
                prune(connection);
            }
        } catch (SQLException e) {
            LOG.warnf("GitHub ETag store not written (%s); the next request for it goes unconditional",
                    e.getMessage());
        }
    }

    /** Deletes the oldest answers beyond the bound. */
    void prune(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                delete from github_etag where url in (
                    select url from (
                        select url, sum(chars) over (order by stored_at desc, url) as total from github_etag) kept
                    where total > ?)""")) {
            statement.setLong(1, maxChars);
            statement.executeUpdate();
        }
    }

    @Override
    public void remove(String url) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("delete from github_etag where url = ?")) {
            statement.setString(1, url);
            statement.executeUpdate();
        } catch (SQLException e) {
            LOG.warnf("GitHub ETag store: %s not forgotten (%s)", url, e.getMessage());
        }
    }
}
