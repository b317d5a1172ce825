package dev.greenboard.api.read;

import java.sql.Connection;
import java.sql.SQLException;

import jakarta.enterprise.context.ApplicationScoped;

import io.agroal.api.AgroalDataSource;

import dev.greenboard.api.graphql.ApiException;
import dev.greenboard.api.repo.RepositoryParam;
import dev.greenboard.ingest.http.HttpError;

/**
 * Reads of one repository's rollups over JDBC, on worker threads: the published files, test times and shard plans,
 * which share their row readers with the rollups that write them. Each read gets a read-only connection.
 */
@ApplicationScoped
public class JdbcReads {

    /** A read of one repository's rows. */
    public interface Read<T> {

        T apply(Connection connection, long repoId) throws SQLException;
    }

    private final AgroalDataSource dataSource;

    public JdbcReads(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** For REST endpoints: an unknown or missing repository is an {@link HttpError} (404, 400). */
    public <T> T ofRepository(String repo, Read<T> read) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setReadOnly(true);
            return read.apply(connection, RepositoryParam.idOf(connection, repo));
        }
    }

    /** For GraphQL fields: the same errors as NOT_FOUND and BAD_USER_INPUT. */
    public <T> T ofRepositoryForGraphQL(String repo, Read<T> read) {
        try {
            return ofRepository(repo, read);
        } catch (HttpError e) {
            throw e.status() == 404 ? ApiException.notFound(e.getMessage()) : ApiException.badInput(e.getMessage());
        } catch (SQLException e) {
            throw new IllegalStateException("Reading the rollups of repository[" + repo + "] failed", e);
        }
    }
}
