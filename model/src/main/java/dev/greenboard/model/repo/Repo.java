package dev.greenboard.model.repo;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A source repository ({@code owner/name}); it appears on its first webhook or report. */
@Entity
@Table(name = "repository")
public class Repo {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "full_name", nullable = false, unique = true)
    public String fullName;

    @Column(nullable = false)
    public String owner;

    @Column(nullable = false)
    public String name;

    @Column(name = "github_id")
    public Long githubId;

    @Column(name = "default_branch", nullable = false)
    public String defaultBranch = "main";

    @Column(name = "html_url")
    public String htmlUrl;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt = Instant.now();

    public static Repo named(String fullName) {
        int slash = fullName.indexOf('/');
        if (slash <= 0 || slash == fullName.length() - 1 || fullName.indexOf('/', slash + 1) >= 0) {
            throw new IllegalArgumentException("Repository name[" + fullName + "] is not of the form owner/name");
        }
        Repo repo = new Repo();
        repo.fullName = fullName;
        repo.owner = fullName.substring(0, slash);
        repo.name = fullName.substring(slash + 1);
        return repo;
    }
}
