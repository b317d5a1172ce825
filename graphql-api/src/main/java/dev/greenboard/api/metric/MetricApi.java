package dev.greenboard.api.metric;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

import io.smallrye.mutiny.Uni;

import dev.greenboard.api.repo.RepoLookup;
import dev.greenboard.metrics.timing.JobTimesConfig;
import dev.greenboard.metrics.timing.JobTimesRollup;
import dev.greenboard.model.settings.RepositorySettingsService;

/** CI health metrics over time (docs/metrics.md, docs/definitions.md), read from the rollups the metrics jobs keep. */
@GraphQLApi
public class MetricApi {

    private final RepoLookup repos;
    private final MetricReader reader;
    private final RepositorySettingsService settings;
    private final JobTimesConfig jobTimes;

    public MetricApi(RepoLookup repos, MetricReader reader, RepositorySettingsService settings,
            JobTimesConfig jobTimes) {
        this.repos = repos;
        this.reader = reader;
        this.settings = settings;
        this.jobTimes = jobTimes;
    }

    @Query("hourlyTimesSince")
    @Description("""
            The start of the oldest hour the time metrics (tts, ttrs, job_duration, workflow_duration, queue_time) are
            kept for per hour: an HOUR series of them may not start earlier (the last 31 days by default; setting
            greenboard.metrics.job-times.hour-horizon-days). Every other metric has hours for any range.""")
    @NonNull
    public Instant hourlyTimesSince() {
        return JobTimesRollup.firstHourKept(Instant.now(), jobTimes.hourHorizonDays()).toInstant();
    }

    @Query("metric")
    @Description("""
            A CI health metric of a repository over time, one point per bucket (and per job, workflow or runner label
            for metrics kept per key). Names: red_rate, broken_rate, flaky_rate, commits (per branch, from the
            commit-health rollup: any granularity); tts, job_duration, workflow_duration, queue_time (seconds, per
            day or week, and per hour since hourlyTimesSince; exact percentiles for all three); reverts (default
            branch, any granularity); live_queue, live_queue_age (quarter-hour snapshots, per runner label);
            ttrs (time to red signal per job, as the other times); workflow_load (runs started per workflow);
            new_disabled_tests; open_disabled_tests (disabled-list entries open at each bucket's end); pr_landing_time and merge_retries (merged pull requests, the merge bot's attempts and
            approving reviews); force_merges (merged pull requests whose merge was forced; count: all merged);
            time_since_green (the lag at each bucket's end); commit_tts (end to end per commit, blocking workflows);
            commit_workflow_duration (per run of a workflow on the default branch, from its jobs: points per
            workflow and measure, wall_clock, longest_job, build_test). 'from' defaults to 30 days before 'to', 'to'
            to now; both are widened to whole buckets, at most 1000 buckets. 'percentile' (50, 90, 95, 99, or 100 for the
            largest sample) picks a percentile of a time metric instead of its mean. 'job' filters tts and job_duration by
            "<workflow> / <job>", 'workflow' filters workflow_duration, workflow_load and
            commit_workflow_duration (default: the blocking workflows), 'label' filters queue_time and the live queue,
            'branch' (default: the repository's default branch) applies to the commit metrics. docs/metrics.md
            defines every metric.""")
    public Uni<MetricSeries> metric(@NonNull String name, @NonNull String repo, Instant from, Instant to,
            @DefaultValue("DAY") Granularity granularity, Double percentile, String job, String workflow,
            String label, String branch) {
        MetricRequest checked;
        try {
            checked = MetricRequest.of(name, from, to, granularity, percentile, job, workflow, label, branch,
                    Instant.now(), jobTimes.hourHorizonDays());
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(e);
        }
        return repos.require(repo).chain(r -> {
            // Commit metrics are of a branch; reverts and workflow durations per commit are kept for the default
            // branch only.
            Metric.Source source = checked.metric().source();
            MetricRequest request = source == Metric.Source.COMMIT_HEALTH || source == Metric.Source.REVERTS
                    || source == Metric.Source.RUN_JOBS
                            ? checked.onBranch(r.defaultBranch())
                            : checked;
            Uni<List<MetricPoint>> found = switch (request.metric()) {
                case COMMIT_TTS -> settings.current(r.id()).chain(effective -> reader.commitTts(r.id(), request,
                        effective.blockingWorkflows().value()));
                // The workflow named, else each blocking workflow (none set: every workflow).
                case COMMIT_WORKFLOW_DURATION -> request.key() != null
                        ? reader.commitWorkflowDuration(r.id(), request, List.of(request.key()))
                        : settings.current(r.id()).chain(effective -> reader.commitWorkflowDuration(r.id(), request,
                                effective.blockingWorkflows().value()));
                default -> reader.points(r.id(), request);
            };
            return found.map(points -> new MetricSeries(request.metric().apiName(),
                    r.fullName(), request.branch(), request.granularity(), request.metric().unit(),
                    statisticOf(request), request.metric().description(), request.from(), request.to(), points));
        });
    }

    private static String statisticOf(MetricRequest request) {
        if (request.statistic() != null) {
            return request.statistic();
        }
        return switch (request.metric()) {
            case RED_RATE, BROKEN_RATE, FLAKY_RATE -> "ratio";
            case LIVE_QUEUE, LIVE_QUEUE_AGE -> "max";
            case MERGE_RETRIES -> "mean";
            case TIME_SINCE_GREEN -> "last";
            default -> "sum";
        };
    }
}
