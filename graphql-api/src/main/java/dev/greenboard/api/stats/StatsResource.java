package dev.greenboard.api.stats;

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

import io.smallrye.common.annotation.Blocking;

import dev.greenboard.api.read.JdbcReads;
import dev.greenboard.ingest.http.HttpError;
import dev.greenboard.metrics.stats.StatsArtifact;

/** {@code GET /api/v1/stats/{artifact}?repo=owner/name}: the published rollups CI downloads (docs/definitions.md "Public reads"). */
@Path("/api/v1/stats/{artifact}")
public class StatsResource {

    private final Map<String, StatsArtifact> artifacts = new HashMap<>();
    private final JdbcReads reads;

    public StatsResource(Instance<StatsArtifact> found, JdbcReads reads) {
        found.forEach(artifact -> artifacts.put(artifact.name(), artifact));
        this.reads = reads;
    }

    @GET
    @Blocking
    @Produces(MediaType.APPLICATION_JSON)
    public Response get(@PathParam("artifact") String name, @Context UriInfo uri) throws SQLException {
        StatsArtifact artifact = artifacts.get(name);
        if (artifact == null) {
            throw new HttpError(404, "unknown_artifact", "No published file named '" + name + "'; there are "
                    + new TreeSet<>(artifacts.keySet()));
        }
        String repo = uri.getQueryParameters().getFirst("repo");
        Map<String, String> params = new HashMap<>();
        uri.getQueryParameters().forEach((key, values) -> {
            // PostgreSQL's text cannot hold NUL: said here, rather than failing in whichever query reads it.
            if (key.indexOf('\0') >= 0 || values.stream().anyMatch(v -> v.indexOf('\0') >= 0)) {
                throw HttpError.badRequest("bad_parameter", "Query parameter '" + key.replace("\0", "%00")
                        + "' contains a NUL character (%00)");
            }
            params.put(key, values.get(0));
        });
        String body = reads.ofRepository(repo, (connection, repoId) -> {
            try {
                return artifact.render(connection, repoId, params);
            } catch (IllegalArgumentException e) {
                throw HttpError.badRequest("bad_parameter", e.getMessage());
            }
        });
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).header("Cache-Control", "public, max-age=60")
                .build();
    }
}
