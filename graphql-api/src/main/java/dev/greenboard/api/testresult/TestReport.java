package dev.greenboard.api.testresult;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.Type;

import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;

@Type("TestReport")
@Description("One uploaded report and its counts (docs/definitions.md 'Report status').")
public record TestReport(long id, String repository, String sha, Long workflowRunId, int runAttempt, Long jobId,
        String jobName, String workflowName, String branch, List<Label> labels, String format, int tests,
        int passed, int failed, int errors, int skipped, int flaky, Instant receivedAt, @Ignore long repoId) {

    @Type("Label")
    public record Label(String key, String value) {
    }

    public static final String COLUMNS = "r.id, r.repo_id, rp.full_name, r.sha, r.workflow_run_id, r.run_attempt, r.job_id,"
            + " r.job_name, r.workflow_name, r.branch, r.labels, r.format, r.tests, r.passed, r.failed, r.errors,"
            + " r.skipped, r.flaky, r.received_at";

    public static TestReport from(Row row) {
        List<Label> labels = new ArrayList<>();
        Object raw = row.getValue("labels");
        if (raw instanceof JsonObject json) {
            json.forEach(e -> labels.add(new Label(e.getKey(), String.valueOf(e.getValue()))));
        }
        return new TestReport(row.getLong("id"), row.getString("full_name"), row.getString("sha"),
                row.getLong("workflow_run_id"), row.getInteger("run_attempt"), row.getLong("job_id"),
                row.getString("job_name"), row.getString("workflow_name"), row.getString("branch"), labels,
                row.getString("format"), row.getInteger("tests"), row.getInteger("passed"),
                row.getInteger("failed"), row.getInteger("errors"), row.getInteger("skipped"),
                row.getInteger("flaky"), row.getOffsetDateTime("received_at").toInstant(),
                row.getLong("repo_id"));
    }
}
