package dev.greenboard.api.job;

import java.time.Instant;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.Type;

import io.vertx.mutiny.sqlclient.Row;

@Type("WorkflowRun")
@Description("One attempt of a workflow run.")
public record WorkflowRun(long id, int runAttempt, String name, String event, String headBranch, String headSha,
        Integer runNumber, String status, String conclusion, Instant createdAt, Instant runStartedAt,
        Instant updatedAt, @Description("updatedAt - createdAt, in seconds, once completed") Double durationSeconds,
        String htmlUrl, @Ignore long repoId) {

    static final String COLUMNS = "id, run_attempt, repo_id, name, event, head_branch, head_sha, run_number, status,"
            + " conclusion, created_at, run_started_at, updated_at, html_url";

    static WorkflowRun from(Row row) {
        Instant created = Job.instant(row.getOffsetDateTime("created_at"));
        Instant updated = Job.instant(row.getOffsetDateTime("updated_at"));
        String status = row.getString("status");
        return new WorkflowRun(row.getLong("id"), row.getInteger("run_attempt"), row.getString("name"),
                row.getString("event"), row.getString("head_branch"), row.getString("head_sha"),
                row.getInteger("run_number"), status, row.getString("conclusion"), created,
                Job.instant(row.getOffsetDateTime("run_started_at")), updated,
                "completed".equals(status) ? Job.seconds(created, updated) : null, row.getString("html_url"),
                row.getLong("repo_id"));
    }
}
