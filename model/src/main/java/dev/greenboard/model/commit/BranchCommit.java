package dev.greenboard.model.commit;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/**
 * A commit's place on a branch: the rows of the HUD. A commit keeps the place where it was first seen; the commits of
 * one push keep their order through {@link #pushOrdinal}.
 */
@Entity
@Table(name = "branch_commit")
@IdClass(BranchCommit.Key.class)
public class BranchCommit {

    @Id
    @Column(name = "repo_id")
    public Long repoId;

    @Id
    public String branch;

    @Id
    public String sha;

    @Column(name = "seen_at", nullable = false)
    public Instant seenAt;

    @Column(name = "push_ordinal", nullable = false)
    public int pushOrdinal;

    /** What showed the commit on the branch: push, workflow_run, test_report, check_suite or pull_request. */
    @Column(nullable = false)
    public String source;

    public static class Key implements Serializable {

        public Long repoId;
        public String branch;
        public String sha;

        public Key() {
        }

        public Key(Long repoId, String branch, String sha) {
            this.repoId = repoId;
            this.branch = branch;
            this.sha = sha;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key other && Objects.equals(repoId, other.repoId)
                    && Objects.equals(branch, other.branch) && Objects.equals(sha, other.sha);
        }

        @Override
        public int hashCode() {
            return Objects.hash(repoId, branch, sha);
        }
    }
}
