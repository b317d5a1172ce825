package dev.greenboard.api.shardplan;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Type;

import io.smallrye.common.annotation.Blocking;

import dev.greenboard.api.graphql.ApiException;
import dev.greenboard.api.read.JdbcReads;
import dev.greenboard.metrics.testtimes.TestTimesStore;

/** Shard plans through GraphQL; the same plans as {@code GET /api/v1/shard-plan} ({@link ShardPlanResource}). */
@GraphQLApi
public class ShardPlanApi {

    @Type("Shard")
    public record Shard(List<String> tests, double expectedSeconds) {
    }

    @Type("ShardPlan")
    public record ShardPlan(String base, String config, List<Shard> shards,
            @Description("Requested files with no history; dealt round-robin") List<String> unknown) {
    }

    private final JdbcReads reads;
    private final TestTimesStore store;

    public ShardPlanApi(JdbcReads reads, TestTimesStore store) {
        this.reads = reads;
        this.store = store;
    }

    @Query("shardPlan")
    @Blocking
    @Description("Deals test files onto shards by their known times (longest first onto the least-loaded shard);"
            + " files with no history round-robin. 'tests' defaults to every file with a known time.")
    public ShardPlan shardPlan(@NonNull String repo, String job, String config, int shards, List<String> tests) {
        if (shards < 1 || shards > ShardPlanner.MAX_SHARDS) {
            throw ApiException.badInput("shards must be 1 to " + ShardPlanner.MAX_SHARDS + ", got " + shards);
        }
        return reads.ofRepositoryForGraphQL(repo, (connection, repoId) -> {
            TestTimesStore.FileTimes times = store.fileTimes(connection, repoId, repo, job, config);
            ShardPlanner.Plan plan = ShardPlanner.plan(tests == null || tests.isEmpty() ? null : tests,
                    times.seconds(), shards);
            return new ShardPlan(times.base(), times.config(), plan.shards().stream()
                    .map(s -> new Shard(s.tests(), s.expectedSeconds())).toList(), plan.unknown());
        });
    }
}
