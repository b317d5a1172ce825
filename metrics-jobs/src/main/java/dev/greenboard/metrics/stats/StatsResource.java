package dev.greenboard.metrics.stats;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import io.agroal.api.AgroalDataSource;
import io.smallrye.common.annotation.Blocking;

import dev.greenboard.ingest.http.IngestException;

/** {@code GET /api/v1/stats/{artifact}?repo=owner/name}: the published rollups CI downloads (SPEC §5). */
@Path("/api/v1/stats/{artifact}")
public class StatsResource {

    private final Map<String, StatsArtifact> artifacts = new HashMap<>();
    private final AgroalDataSource dataSource;

    public StatsResource(Instance<StatsArtifact> found, AgroalDataSource dataSource) {
        found.forEach(artifact -> artifacts.put(artifact.name(), artifact));
        this.dataSource = dataSource;
    }

    @GET
    @Blocking
    @Produces(MediaType.APPLICATION_JSON)
    public Response get(@PathParam("artifact") String name, @Context UriInfo uri) throws SQLException {
        StatsArtifact artifact = artifacts.get(name);
        if (artifact == null) {
            throw new IngestException(404, "unknown_artifact", "No published file named '" + name + "'; there are "
                    + new TreeSet<>(artifacts.keySet()));
        }
        String repo = uri.getQueryParameters().getFirst("repo");
        Map<String, String> params = new HashMap<>();
        uri.getQueryParameters().forEach((key, values) -> params.put(key, values.get(0)));
        try (Connection connection = dataSource.getConnection()) {
            connection.setReadOnly(true);
            long repoId = Repositories.idOf(connection, repo);
            try {
                return Response.ok(artifact.render(connection, repoId, params), MediaType.APPLICATION_JSON_TYPE)
                        .header("Cache-Control", "public, max-age=60").build();
            } catch (IllegalArgumentException e) {
                throw IngestException.badRequest("bad_parameter", e.getMessage());
            }
        }
    }
}
