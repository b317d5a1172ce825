package dev.greenboard.api.repo;

import java.sql.Connection;
import java.sql.SQLException;

import dev.greenboard.ingest.http.HttpError;
import dev.greenboard.model.repository.RepositoryRows;

/** The {@code repo=owner/name} query parameter of the REST reads (published files, shard plans). */
public final class RepositoryParam {

    private RepositoryParam() {
    }

    /**
     * The repository's id, by its current or a former name in any letter case; 400 when the parameter is missing or
     * cannot be a name (NUL or another control character, over 256 characters), 404 with a sentence when Greenboard
     * has no data.
     */
    public static long idOf(Connection connection, String repo) throws SQLException {
        if (repo == null || repo.isBlank()) {
            throw HttpError.badRequest("bad_parameter", "Query parameter 'repo' (owner/name) is required");
        }
        if (!RepositoryRows.isLookupName(repo)) {
            throw HttpError.badRequest("bad_parameter", "Query parameter 'repo' must be owner/name, without control"
                    + " characters such as NUL (%00) and at most 256 characters");
        }
        return RepositoryRows.idOf(connection, repo).orElseThrow(() -> new HttpError(404, "unknown_repository",
                "No repository '" + repo + "' has sent data yet"));
    }
}
