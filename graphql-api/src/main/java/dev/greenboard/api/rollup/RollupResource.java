package dev.greenboard.api.rollup;

import java.util.List;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.smallrye.common.annotation.Blocking;

import dev.greenboard.ingest.auth.IngestAuthenticated;
import dev.greenboard.ingest.http.HttpError;
import dev.greenboard.metrics.rollup.RollupRun;
import dev.greenboard.metrics.rollup.RollupRunner;
import dev.greenboard.metrics.rollup.RollupScheduler;

/**
 * {@code /api/v1/rollups}: the rollups and their last runs; running them by hand needs an ingest token. Round 1 called
 * them metrics jobs: {@code /api/v1/jobs} answers the same for one more release ({@link LegacyJobsPath}).
 */
@Path(RollupResource.PATH)
@Produces(MediaType.APPLICATION_JSON)
public class RollupResource {

    static final String PATH = "/api/v1/rollups";

    public record RollupView(String name, String description, List<String> dependsOn, String schedule,
            List<RunView> lastRuns) {
    }

    public record RunView(String name, String status, long rows, @JsonProperty("duration_ms") long durationMs,
            String trigger, String startedAt, String detail) {

        static RunView of(RollupRun run) {
            return new RunView(run.rollup(), run.status(), run.rowsWritten() == null ? 0 : run.rowsWritten(),
                    run.durationMs() == null ? 0 : run.durationMs(), run.trigger(),
                    run.startedAt() == null ? null : run.startedAt().toString(), run.detail());
        }
    }

    /** The answer of run-all. The key stays {@code jobs}: CI scripts written against round 1 read it. */
    public record RunAllAnswer(List<RunView> jobs) {
    }

    private final RollupRunner runner;
    private final RollupScheduler scheduler;

    public RollupResource(RollupRunner runner, RollupScheduler scheduler) {
        this.runner = runner;
        this.scheduler = scheduler;
    }

    @GET
    @Blocking
    public List<RollupView> list() {
        return runner.rollups().stream().map(rollup -> new RollupView(rollup.name(), rollup.description(),
                rollup.dependsOn(), scheduler.scheduleOf(rollup),
                runner.lastRuns(rollup.name(), 5).stream().map(RunView::of).toList())).toList();
    }

    @POST
    @Path("run-all")
    @Blocking
    @IngestAuthenticated
    public RunAllAnswer runAll(@QueryParam("full") @DefaultValue("false") boolean full) {
        return new RunAllAnswer(runner.runAll(full).stream().map(RunView::of).toList());
    }

    @POST
    @Path("{name}/run")
    @Blocking
    @IngestAuthenticated
    public RunView run(@PathParam("name") String name, @QueryParam("full") @DefaultValue("false") boolean full) {
        if (runner.rollup(name).isEmpty()) {
            throw new HttpError(404, "unknown_rollup", "No rollup named '" + name + "'; GET " + PATH + " lists them");
        }
        return RunView.of(runner.runNow(name, full));
    }
}
