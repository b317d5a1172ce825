package dev.greenboard.model.ci;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.ColumnTransformer;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One execution of a job; GitHub gives every attempt of a job its own id. */
@Entity
@Table(name = "job")
public class Job {

    @Id
    public Long id;

    @Column(name = "run_id")
    public Long runId;

    @Column(name = "run_attempt", nullable = false)
    public int runAttempt = 1;

    @Column(name = "repo_id", nullable = false)
    public Long repoId;

    /** The job's own name, e.g. {@code linux-jammy-py3.10 / test (default, 1, 5, linux.2xlarge)}. */
    @Column(nullable = false)
    public String name;

    @Column(name = "workflow_name")
    public String workflowName;

    @Column(name = "head_sha", nullable = false)
    public String headSha;

    @Column(name = "head_branch")
    public String headBranch;

    /** The runner labels the job asked for. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false, columnDefinition = "text[]")
    public String[] labels = new String[0];

    @Column(name = "runner_name")
    public String runnerName;

    @Column(name = "runner_group")
    public String runnerGroup;

    @Column(nullable = false)
    public String status;

    @Column(name = "status_rank", nullable = false)
    public short statusRank;

    public String conclusion;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "completed_at")
    public Instant completedAt;

    /** The steps as GitHub sent them (a JSON array). */
    @ColumnTransformer(read = "steps::text", write = "?::text::jsonb")
    @Column(columnDefinition = "jsonb")
    public String steps;

    @Column(name = "html_url")
    public String htmlUrl;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt = Instant.now();

    /** The name people see: {@code <workflow> / <job>}. */
    public String displayName() {
        return workflowName == null || workflowName.isBlank() ? name : workflowName + " / " + name;
    }
}
