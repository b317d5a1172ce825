package dev.greenboard.model.commit;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

@Entity
@Table(name = "pull_request")
@IdClass(PullRequest.Key.class)
public class PullRequest {

    @Id
    @Column(name = "repo_id")
    public Long repoId;

    @Id
    public int number;

    @Column(name = "github_id")
    public Long githubId;

    public String title;

    /** open or closed, as GitHub spells it; {@link #merged} tells a merged PR from a closed one. */
    @Column(nullable = false)
    public String state;

    public String author;

    @Column(name = "head_sha")
    public String headSha;

    @Column(name = "head_ref")
    public String headRef;

    @Column(name = "base_ref")
    public String baseRef;

    public boolean merged;

    public boolean draft;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "closed_at")
    public Instant closedAt;

    @Column(name = "merged_at")
    public Instant mergedAt;

    @Column(name = "html_url")
    public String htmlUrl;

    public static class Key implements Serializable {

        public Long repoId;
        public int number;

        public Key() {
        }

        public Key(Long repoId, int number) {
            this.repoId = repoId;
            this.number = number;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key other && Objects.equals(repoId, other.repoId) && number == other.number;
        }

        @Override
        public int hashCode() {
            return Objects.hash(repoId, number);
        }
    }
}
