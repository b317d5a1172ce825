package dev.greenboard.metrics.stats;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import dev.greenboard.ingest.http.IngestException;

/** The {@code repo=owner/name} parameter of the published files and plans. */
public final class Repositories {

    private Repositories() {
    }

    /** The repository's id; 404 with a sentence when Greenboard has no data for it. */
    public static long idOf(Connection connection, String repo) throws SQLException {
        if (repo == null || repo.isBlank()) {
            throw IngestException.badRequest("bad_parameter", "Query parameter 'repo' (owner/name) is required");
        }
        try (PreparedStatement statement = connection
                .prepareStatement("select id from repository where full_name = ?")) {
            statement.setString(1, repo);
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    throw new IngestException(404, "unknown_repository", "No repository '" + repo
                            + "' has sent data yet");
                }
                return rs.getLong(1);
            }
        }
    }
}
