package dev.greenboard.api.joblog;

import java.time.Instant;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

import io.vertx.mutiny.sqlclient.Row;

@Type("FailureClassification")
@Description("Failed jobs whose logs the same rule matched with the same capture (docs/metrics.md"
        + "#failed-jobs-log-classifications-log-classifications), with the newest of them as the example.")
public record FailureClassification(
        @NonNull @Description("The rule that matched: a built-in one (pytest-failed, python-error, ...) or a"
                + " configured one") String rule,
        @NonNull @Description("What the rule captured: its pattern's first group, else the whole line") String captured,
        @Description("Failed jobs in the range with this rule and capture") int count,
        @NonNull @Description("The line the rule matched in the example job's log") String exampleLine,
        @NonNull @Description("The example job: the newest of the group") String exampleJobId,
        @NonNull @Description("The example job's name") String exampleJobName,
        @Description("The example job on GitHub") String exampleJobUrl,
        @NonNull @Description("When the example job completed") Instant lastSeen) {

    static FailureClassification from(Row row) {
        return new FailureClassification(row.getString("rule"), row.getString("captured"),
                row.getLong("jobs").intValue(), row.getString("line"), String.valueOf(row.getLong("job_id")),
                row.getString("name"), row.getString("html_url"), row.getOffsetDateTime("completed_at").toInstant());
    }
}
