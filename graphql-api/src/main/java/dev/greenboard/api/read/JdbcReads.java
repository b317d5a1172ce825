package dev.greenboard.api.read;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.agroal.api.AgroalDataSource;

import dev.greenboard.api.graphql.ApiException;
import dev.greenboard.api.repo.RepositoryParam;
import dev.greenboard.ingest.http.HttpError;

/**
 * Reads of one repository's rollups over JDBC, on worker threads: the published files, test times and shard plans,
 * which share their row readers with the rollups that write them. Each read runs in a read-only transaction that is
 * rolled back, under the same statement timeout as the reactive read pool: the JDBC pool also serves ingest and the
 * rollups, so the timeout is set for the transaction only, never for the pooled connection.
 */
@ApplicationScoped
public class JdbcReads {

    /** A read of one repository's rows. */
    public interface Read<T> {

        T apply(Connection connection, long repoId) throws SQLException;
    }

    /** The SQLSTATE of a statement cancelled by its timeout. */
    private static final String QUERY_CANCELED = "57014";

    private final ReadReplicas replicas;
    private final String statementTimeout;

    public JdbcReads(ReadReplicas replicas,
            @ConfigProperty(name = "quarkus.datasource.reactive.additional-properties.statement_timeout", defaultValue = "15000") String statementTimeout) {
        this.replicas = replicas;
        this.statementTimeout = statementTimeout;
    }

    /** For REST endpoints: an unknown or missing repository is an {@link HttpError} (404, 400). */
    public <T> T ofRepository(String repo, Read<T> read) throws SQLException {
        AgroalDataSource dataSource = replicas.readDataSource();
        try {
            return ofRepository(dataSource, repo, read);
        } catch (SQLException e) {
            if (dataSource == replicas.primaryDataSource() || !isConnectionFailure(e)) {
                throw e;
            }
            // The replica went away between its last probe and this read: the primary answers instead.
            return ofRepository(replicas.primaryDataSource(), repo, read);
        }
    }

    /** SQLSTATE class 08: the connection could not be made or was lost. */
    private static boolean isConnectionFailure(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("08");
    }

    private <T> T ofRepository(AgroalDataSource dataSource, String repo, Read<T> read) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setReadOnly(true);
            connection.setAutoCommit(false);
            try {
                try (PreparedStatement timeout = connection
                        .prepareStatement("select set_config('statement_timeout', ?, true)")) {
                    timeout.setString(1, statementTimeout);
                    timeout.execute();
                }
                return read.apply(connection, RepositoryParam.idOf(connection, repo));
            } catch (SQLException e) {
                if (QUERY_CANCELED.equals(e.getSQLState())) {
                    throw new HttpError(503, "timeout", "Reading the rollups of repository '" + repo
                            + "' ran longer than the statement timeout of " + statementTimeout
                            + " ms and was cancelled; try again later", e);
                }
                throw e;
            } finally {
                connection.rollback();
            }
        }
    }

    /** For GraphQL fields: the same errors as NOT_FOUND and BAD_USER_INPUT. */
    public <T> T ofRepositoryForGraphQL(String repo, Read<T> read) {
        try {
            return ofRepository(repo, read);
        } catch (HttpError e) {
            if (e.status() == 503) {
                throw new ApiException.Busy(e.getMessage());
            }
            throw e.status() == 404 ? ApiException.notFound(e.getMessage()) : ApiException.badInput(e.getMessage());
        } catch (SQLException e) {
            throw new IllegalStateException("Reading the rollups of repository[" + repo + "] failed", e);
        }
    }
}
