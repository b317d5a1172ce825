package dev.greenboard.api.job;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.Type;

import io.vertx.mutiny.sqlclient.Row;

import dev.greenboard.api.hud.HudStatus;
import dev.greenboard.model.ci.JobExecution;
import dev.greenboard.model.ci.JobExecutionMerge;

@Type("Job")
@Description("One execution of a job; every attempt of a job has its own id. status and conclusion are spelled as"
        + " GitHub spells them.")
public record Job(long id, String name, String workflowName,
        @Description("\"<workflow> / <job>\", the name the HUD shows") String displayName,
        String headSha, String headBranch, Long runId, int runAttempt, String status, String conclusion,
        @Description("The runner labels the job asked for") List<String> labels, String runnerName,
        Instant createdAt, Instant startedAt, Instant completedAt,
        @Description("startedAt - createdAt, in seconds") Double queueSeconds,
        @Description("completedAt - startedAt, in seconds") Double durationSeconds,
        String htmlUrl, @Ignore long repoId) {

    public static final String COLUMNS = "j.id, j.repo_id, j.name, j.workflow_name, j.head_sha, j.head_branch,"
            + " j.run_id, j.run_attempt, j.status, j.conclusion, j.labels, j.runner_name, j.created_at, j.started_at,"
            + " j.completed_at, j.html_url";

    @Description("This execution's status as the HUD reads it (docs/definitions.md, \"Job on a commit\")")
    public HudStatus getHudStatus() {
        return HudStatus.of(JobExecutionMerge.statusOf(status, conclusion));
    }

    /** This execution, as the merge of a commit's executions takes it. */
    @Ignore
    public JobExecution execution() {
        return new JobExecution(id, runAttempt, createdAt, status, conclusion);
    }

    public static Job from(Row row) {
        String workflow = row.getString("workflow_name");
        String name = row.getString("name");
        Instant created = instant(row.getOffsetDateTime("created_at"));
        Instant started = instant(row.getOffsetDateTime("started_at"));
        Instant completed = instant(row.getOffsetDateTime("completed_at"));
        String[] labels = row.getArrayOfStrings("labels");
        return new Job(row.getLong("id"), name, workflow, displayName(workflow, name), row.getString("head_sha"),
                row.getString("head_branch"), row.getLong("run_id"), row.getInteger("run_attempt"),
                row.getString("status"), row.getString("conclusion"),
                labels == null ? List.of() : Arrays.asList(labels), row.getString("runner_name"), created, started,
                completed, seconds(created, started), seconds(started, completed), row.getString("html_url"),
                row.getLong("repo_id"));
    }

    public static String displayName(String workflow, String name) {
        return workflow == null || workflow.isBlank() ? name : workflow + " / " + name;
    }

    static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    static Double seconds(Instant from, Instant to) {
        return from == null || to == null ? null : Duration.between(from, to).toMillis() / 1000.0;
    }
}
