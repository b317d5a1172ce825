package dev.greenboard.graphql.jobs;

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

import dev.greenboard.graphql.ApiException;
import dev.greenboard.graphql.WriteGuard;
import dev.greenboard.metrics.job.JobRun;
import dev.greenboard.metrics.job.JobRunner;
import dev.greenboard.metrics.job.JobScheduler;

/** The metrics jobs through GraphQL: what they are, their last runs, and running them by hand (with a token). */
@GraphQLApi
public class MetricsJobsApi {

    @Type("MetricsJob")
    public record MetricsJobView(String name, String description, List<String> dependsOn, String schedule) {
    }

    @Type("MetricsJobRun")
    public record MetricsJobRunView(String job, String status, String trigger, Instant startedAt, Instant finishedAt,
            Long durationMs, Long rowsWritten, @Description("What the run did, or why it failed") String detail) {

        static MetricsJobRunView of(JobRun run) {
            return new MetricsJobRunView(run.job(), run.status(), run.trigger(), run.startedAt(), run.finishedAt(),
                    run.durationMs(), run.rowsWritten(), run.detail());
        }
    }

    private final JobRunner runner;
    private final JobScheduler scheduler;
    private final WriteGuard guard;

    public MetricsJobsApi(JobRunner runner, JobScheduler scheduler, WriteGuard guard) {
        this.runner = runner;
        this.scheduler = scheduler;
        this.guard = guard;
    }

    @Query("metricsJobs")
    @Description("The metrics jobs in dependency order, with their cron schedules.")
    public List<MetricsJobView> metricsJobs() {
        return runner.jobs().stream().map(job -> new MetricsJobView(job.name(), job.description(), job.dependsOn(),
                scheduler.scheduleOf(job))).toList();
    }

    @Description("The job's newest runs, newest first (at most 'first', default 5, at most 100).")
    public List<List<MetricsJobRunView>> lastRuns(@Source List<MetricsJobView> jobs, @DefaultValue("5") int first) {
        if (first < 1 || first > 100) {
            throw ApiException.badInput("first must be between 1 and 100, got " + first);
        }
        return jobs.stream().map(job -> runner.lastRuns(job.name(), first).stream().map(MetricsJobRunView::of)
                .toList()).toList();
    }

    @Mutation("runMetricsJob")
    @Blocking
    @Description("Runs one metrics job now and answers when it is done; full recomputes from scratch. Needs"
            + " 'Authorization: Bearer <ingest token>'.")
    public MetricsJobRunView runMetricsJob(@NonNull String name, @DefaultValue("false") boolean full) {
        guard.require("runMetricsJob");
        if (runner.job(name).isEmpty()) {
            throw ApiException.notFound("No metrics job named '" + name + "'; metricsJobs lists them");
        }
        return MetricsJobRunView.of(runner.runNow(name, full));
    }

    @Mutation("runAllMetricsJobs")
    @Blocking
    @Description("Runs every metrics job once, in dependency order, and answers when all are done. Needs"
            + " 'Authorization: Bearer <ingest token>'.")
    public List<MetricsJobRunView> runAllMetricsJobs(@DefaultValue("false") boolean full) {
        guard.require("runAllMetricsJobs");
        return runner.runAll(full).stream().map(MetricsJobRunView::of).toList();
    }
}
