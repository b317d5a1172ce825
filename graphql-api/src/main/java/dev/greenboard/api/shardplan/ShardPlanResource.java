package dev.greenboard.api.shardplan;

import java.sql.SQLException;
import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.smallrye.common.annotation.Blocking;

import dev.greenboard.api.read.JdbcReads;
import dev.greenboard.ingest.http.HttpError;
import dev.greenboard.metrics.testtimes.TestTimesStore;

/** {@code GET /api/v1/shard-plan?repo=&job=&config=&shards=N[&test=file...]} for CI scripts (docs/definitions.md "Public reads"). */
@Path("/api/v1/shard-plan")
public class ShardPlanResource {

    public record ShardView(List<String> tests, @JsonProperty("expected_seconds") double expectedSeconds) {
    }

    public record PlanView(List<ShardView> shards, List<String> unknown, String base, String config) {
    }

    private final JdbcReads reads;
    private final TestTimesStore store;

    public ShardPlanResource(JdbcReads reads, TestTimesStore store) {
        this.reads = reads;
        this.store = store;
    }

    @GET
    @Blocking
    @Produces(MediaType.APPLICATION_JSON)
    public PlanView plan(@QueryParam("repo") String repo, @QueryParam("job") String job,
            @QueryParam("config") String config, @QueryParam("shards") Integer shards,
            @QueryParam("test") List<String> tests) throws SQLException {
        if (shards == null || shards < 1 || shards > ShardPlanner.MAX_SHARDS) {
            throw HttpError.badRequest("bad_parameter", "Query parameter 'shards' must be 1 to "
                    + ShardPlanner.MAX_SHARDS);
        }
        return reads.ofRepository(repo, (connection, repoId) -> {
            TestTimesStore.FileTimes times = store.fileTimes(connection, repoId, repo, job, config);
            ShardPlanner.Plan plan = ShardPlanner.plan(tests == null || tests.isEmpty() ? null : tests,
                    times.seconds(), shards);
            return new PlanView(plan.shards().stream().map(s -> new ShardView(s.tests(), s.expectedSeconds()))
                    .toList(), plan.unknown(), times.base(), times.config());
        });
    }
}
