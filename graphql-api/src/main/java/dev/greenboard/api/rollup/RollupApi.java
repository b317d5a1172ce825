package dev.greenboard.api.rollup;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;
import org.eclipse.microprofile.graphql.Type;

import io.smallrye.common.annotation.Blocking;

import dev.greenboard.api.graphql.ApiException;
import dev.greenboard.api.graphql.WriteGuard;
import dev.greenboard.metrics.rollup.RollupRun;
import dev.greenboard.metrics.rollup.RollupRunner;
import dev.greenboard.metrics.rollup.RollupScheduler;

/**
 * The rollups through GraphQL: what they are, their last runs, and running them by hand (with a token). Round 1
 * called them metrics jobs; the old field names answer the same for one more release, marked deprecated.
 */
@GraphQLApi
public class RollupApi {

    @Type("Rollup")
    public record RollupView(String name, String description, List<String> dependsOn, String schedule) {
    }

    @Type("RollupRun")
    public record RollupRunView(String rollup, String status, String trigger, Instant startedAt, Instant finishedAt,
            Long durationMs, Long rowsWritten, @Description("What the run did, or why it failed") String detail) {

        static RollupRunView of(RollupRun run) {
            return new RollupRunView(run.rollup(), run.status(), run.trigger(), run.startedAt(), run.finishedAt(),
                    run.durationMs(), run.rowsWritten(), run.detail());
        }
    }

    private final RollupRunner runner;
    private final RollupScheduler scheduler;
    private final WriteGuard guard;

    public RollupApi(RollupRunner runner, RollupScheduler scheduler, WriteGuard guard) {
        this.runner = runner;
        this.scheduler = scheduler;
        this.guard = guard;
    }

    @Query("rollups")
    @Description("The rollups in dependency order, with their cron schedules.")
    public List<RollupView> rollups() {
        return runner.rollups().stream().map(rollup -> new RollupView(rollup.name(), rollup.description(),
                rollup.dependsOn(), scheduler.scheduleOf(rollup))).toList();
    }

    @Query("metricsJobs")
    @Deprecated
    @Description("Deprecated: use rollups.")
    public List<RollupView> metricsJobs() {
        return rollups();
    }

    @Description("The rollup's newest runs, newest first (at most 'first', default 5, at most 100).")
    public List<List<RollupRunView>> lastRuns(@Source List<RollupView> rollups, @DefaultValue("5") int first) {
        if (first < 1 || first > 100) {
            throw ApiException.badInput("first must be between 1 and 100, got " + first);
        }
        return rollups.stream().map(rollup -> runner.lastRuns(rollup.name(), first).stream()
                .map(RollupRunView::of).toList()).toList();
    }

    @Deprecated
    @Description("Deprecated: use rollup.")
    public String job(@Source RollupRunView run) {
        return run.rollup();
    }

    @Mutation("runRollup")
    @Blocking
    @Description("Runs one rollup now and answers when it is done; full recomputes from scratch. Needs"
            + " 'Authorization: Bearer <ingest token>'.")
    public RollupRunView runRollup(@NonNull String name, @DefaultValue("false") boolean full) {
        guard.require("runRollup");
        if (runner.rollup(name).isEmpty()) {
            throw ApiException.notFound("No rollup named '" + name + "'; the field rollups lists them");
        }
        return RollupRunView.of(runner.runNow(name, full));
    }

    @Mutation("runAllRollups")
    @Blocking
    @Description("Runs every rollup once, in dependency order, and answers when all are done. Needs"
            + " 'Authorization: Bearer <ingest token>'.")
    public List<RollupRunView> runAllRollups(@DefaultValue("false") boolean full) {
        guard.require("runAllRollups");
        return runner.runAll(full).stream().map(RollupRunView::of).toList();
    }

    @Mutation("runMetricsJob")
    @Blocking
    @Deprecated
    @Description("Deprecated: use runRollup.")
    public RollupRunView runMetricsJob(@NonNull String name, @DefaultValue("false") boolean full) {
        return runRollup(name, full);
    }

    @Mutation("runAllMetricsJobs")
    @Blocking
    @Deprecated
    @Description("Deprecated: use runAllRollups.")
    public List<RollupRunView> runAllMetricsJobs(@DefaultValue("false") boolean full) {
        return runAllRollups(full);
    }
}
