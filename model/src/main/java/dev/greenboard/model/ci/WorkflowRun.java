package dev.greenboard.model.ci;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** One attempt of a GitHub Actions workflow run. */
@Entity
@Table(name = "workflow_run")
@IdClass(WorkflowRun.Key.class)
public class WorkflowRun {

    @Id
    public Long id;

    @Id
    @Column(name = "run_attempt")
    public int runAttempt;

    @Column(name = "repo_id", nullable = false)
    public Long repoId;

    @Column(name = "workflow_id")
    public Long workflowId;

    public String name;

    /** What triggered the run: push, pull_request, schedule, ... */
    public String event;

    @Column(name = "head_branch")
    public String headBranch;

    @Column(name = "head_sha", nullable = false)
    public String headSha;

    @Column(name = "run_number")
    public Integer runNumber;

    @Column(nullable = false)
    public String status;

    @Column(name = "status_rank", nullable = false)
    public short statusRank;

    public String conclusion;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "run_started_at")
    public Instant runStartedAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "html_url")
    public String htmlUrl;

    public static class Key implements Serializable {

        public Long id;
        public int runAttempt;

        public Key() {
        }

        public Key(Long id, int runAttempt) {
            this.id = id;
            this.runAttempt = runAttempt;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key other && Objects.equals(id, other.id) && runAttempt == other.runAttempt;
        }

        @Override
        public int hashCode() {
            return Objects.hash(id, runAttempt);
        }
    }
}
