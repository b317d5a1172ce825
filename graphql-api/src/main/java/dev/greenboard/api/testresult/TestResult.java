package dev.greenboard.api.testresult;

import java.time.Instant;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.Type;

import io.vertx.mutiny.sqlclient.Row;

@Type("TestResult")
@Description("One execution of a test case, with where it ran: commit, job and report.")
public record TestResult(long reportId, int ordinal, TestResultStatus status, Double durationSeconds, int rerunCount,
        String message, String failureText, String sha, Long jobId, String jobName, String workflowName,
        String branch, Instant receivedAt, @Ignore long testId) {

    /** Joined with its report as {@code r}; the result is {@code tr}. */
    public static final String COLUMNS = "tr.report_id, tr.ordinal, tr.test_id, tr.status, tr.duration_s, tr.rerun_count,"
            + " tr.message, tr.failure_text, tr.received_at, r.sha, r.job_id, r.job_name, r.workflow_name, r.branch";

    public static TestResult from(Row row) {
        return new TestResult(row.getLong("report_id"), row.getInteger("ordinal"),
                TestResultStatus.ofCode(row.getShort("status")), row.getDouble("duration_s"),
                row.getShort("rerun_count"), row.getString("message"), row.getString("failure_text"),
                row.getString("sha"), row.getLong("job_id"), row.getString("job_name"),
                row.getString("workflow_name"), row.getString("branch"),
                row.getOffsetDateTime("received_at").toInstant(), row.getLong("test_id"));
    }
}
