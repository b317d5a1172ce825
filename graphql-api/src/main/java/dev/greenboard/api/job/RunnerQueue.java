package dev.greenboard.api.job;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Type;

@Type("RunnerQueue")
@Description("Jobs waiting for a runner now, per runner label.")
public record RunnerQueue(String label, int queued,
        @Description("Age in seconds of the job that has waited longest") double maxQueueSeconds) {
}
