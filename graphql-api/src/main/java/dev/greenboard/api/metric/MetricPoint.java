package dev.greenboard.api.metric;

import java.time.Instant;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Type;

@Type("MetricPoint")
@Description("One bucket of a metric series (and one label of it, for metrics per label).")
public record MetricPoint(@Description("Start of the bucket (UTC)") Instant time,
        @Description("The metric's value in the series' unit") Double value,
        @Description("How many things the value is computed from: samples for times, finished commits for rates,"
                + " commits landed for commits and reverts, snapshots for the live queue") int count,
        @Description("The job, workflow or runner label of the point, for metrics kept per job, workflow or label") String label,
        @Description("Which of a metric's measures the point is, for metrics with several (commit_workflow_duration:"
                + " wall_clock, longest_job, build_test); null for the others") String measure) {

    /** A point of a metric with one measure. */
    public MetricPoint(Instant time, Double value, int count, String label) {
        this(time, value, count, label, null);
    }
}
