package dev.greenboard.metrics.job;

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
import dev.greenboard.ingest.http.IngestException;

/** {@code /api/v1/jobs}: the metrics jobs and their last runs; running them by hand needs a token (SPEC §5). */
@Path("/api/v1/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobsResource {

    public record JobView(String name, String description, List<String> dependsOn, String schedule,
            List<RunView> lastRuns) {
    }

    public record RunView(String name, String status, long rows, @JsonProperty("duration_ms") long durationMs,
            String trigger, String startedAt, String detail) {

        static RunView of(JobRun run) {
            return new RunView(run.job(), run.status(), run.rowsWritten() == null ? 0 : run.rowsWritten(),
                    run.durationMs() == null ? 0 : run.durationMs(), run.trigger(),
                    run.startedAt() == null ? null : run.startedAt().toString(), run.detail());
        }
    }

    public record RunAllAnswer(List<RunView> jobs) {
    }

    private final JobRunner runner;
    private final JobScheduler scheduler;

    public JobsResource(JobRunner runner, JobScheduler scheduler) {
        this.runner = runner;
        this.scheduler = scheduler;
    }

    @GET
    @Blocking
    public List<JobView> list() {
        return runner.jobs().stream().map(job -> new JobView(job.name(), job.description(), job.dependsOn(),
                scheduler.scheduleOf(job), runner.lastRuns(job.name(), 5).stream().map(RunView::of).toList()))
                .toList();
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
        if (runner.job(name).isEmpty()) {
            throw new IngestException(404, "unknown_job", "No metrics job named '" + name + "'; GET /api/v1/jobs"
                    + " lists them");
        }
        return RunView.of(runner.runNow(name, full));
    }
}
