package dev.greenboard.model.commit;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** One commit of a repository, whatever branch or pull request it was seen on. */
@Entity
@Table(name = "commit")
@IdClass(Commit.Key.class)
public class Commit {

    @Id
    @Column(name = "repo_id")
    public Long repoId;

    @Id
    public String sha;

    public String message;

    /** The first line of the message. */
    public String title;

    @Column(name = "author_name")
    public String authorName;

    @Column(name = "author_login")
    public String authorLogin;

    @Column(name = "author_email")
    public String authorEmail;

    @Column(name = "committed_at")
    public Instant committedAt;

    @Column(name = "pr_number")
    public Integer prNumber;

    @Column(name = "html_url")
    public String htmlUrl;

    @Column(name = "first_seen_at", nullable = false)
    public Instant firstSeenAt = Instant.now();

    public static class Key implements Serializable {

        public Long repoId;
        public String sha;

        public Key() {
        }

        public Key(Long repoId, String sha) {
            this.repoId = repoId;
            this.sha = sha;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key other && Objects.equals(repoId, other.repoId) && Objects.equals(sha, other.sha);
        }

        @Override
        public int hashCode() {
            return Objects.hash(repoId, sha);
        }
    }
}
