package dev.greenboard.api.joblog;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

@Type("FailureClassifications")
@Description("Failed, cancelled and timed-out jobs of a repository's default branch completed in a range, by what"
        + " the log classifier found in their logs (docs/metrics.md#failed-jobs-log-classifications-log-classifications).")
public record FailureClassifications(@NonNull String repository,
        @NonNull @Description("The default branch (the settings', else GitHub's)") String branch,
        @NonNull @Description("'from' rounded down to a UTC day") Instant from,
        @NonNull @Description("'to' rounded up to a UTC day") Instant to,
        @NonNull @Description("The groups, most jobs first; at most 'first'") List<@NonNull FailureClassification> groups,
        @Description("Jobs a rule matched") int matched,
        @Description("Jobs whose log was read and no rule matched") int unmatched,
        @Description("Jobs whose log GitHub no longer had (404 or 410: expired or deleted)") int unavailable,
        @Description("Failed jobs of the branch without a classification: not read yet (the log-classifications"
                + " rollup reads a bounded number per run, and none without a GitHub token), waiting for another try,"
                + " or older than its horizon (greenboard.log-classification.horizon-days)") int unclassified) {
}
