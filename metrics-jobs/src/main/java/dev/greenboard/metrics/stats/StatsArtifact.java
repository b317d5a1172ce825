package dev.greenboard.metrics.stats;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * A published file under {@code GET /api/v1/stats/{name}?repo=owner/name}: rendered from rollup tables (never from
 * raw facts, so that serving it is cheap), byte-compatible with the PyTorch file of the same name where one exists.
 */
public interface StatsArtifact {

    /** The file name in the URL, e.g. {@code test-times.json}. */
    String name();

    /**
     * The file's JSON for one repository.
     *
     * @param params the request's other query parameters (e.g. {@code platform})
     * @throws IllegalArgumentException a parameter is missing or wrong; its message is shown to the caller
     */
    String render(Connection connection, long repoId, Map<String, String> params) throws SQLException;
}
