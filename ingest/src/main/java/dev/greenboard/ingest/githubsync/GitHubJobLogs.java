package dev.greenboard.ingest.githubsync;

import java.io.InputStream;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.greenboard.ingest.githubapi.GitHubApiClient;
import dev.greenboard.ingest.githubapi.GitHubApiConfig;
import dev.greenboard.ingest.githubapi.GitHubApiException;
import dev.greenboard.ingest.githubapi.RepoRef;
import dev.greenboard.model.joblog.JobLogException;
import dev.greenboard.model.joblog.JobLogException.Reason;
import dev.greenboard.model.joblog.JobLogSource;

/**
 * Job logs from GitHub's REST API ({@code GET /repos/{o}/{r}/actions/jobs/{id}/logs}). GitHub serves logs only to
 * authenticated clients, so without a token (or App) there are none, and the classification says so.
 */
@ApplicationScoped
public class GitHubJobLogs implements JobLogSource {

    private final GitHubApiClient client;
    private final GitHubApiConfig config;

    public GitHubJobLogs(GitHubApiClient client, GitHubApiConfig config) {
        this.client = client;
        this.config = config;
    }

    @Override
    public Optional<String> unavailableReason() {
        return config.authenticated()
                ? Optional.empty()
                : Optional.of("no GitHub token: set GREENBOARD_GITHUB_TOKEN (or a GitHub App) to read job logs");
    }

    @Override
    public InputStream open(String repoFullName, long jobId) throws JobLogException {
        RepoRef repo;
        try {
            repo = RepoRef.parse(repoFullName);
        } catch (IllegalArgumentException e) {
            throw new JobLogException(Reason.GONE, "Repository[" + repoFullName + "] is no GitHub name", e);
        }
        try {
            return client.jobLog(repo, jobId);
        } catch (GitHubApiException e) {
            Reason reason = switch (e.kind()) {
                // 410: gone for good. A 404 may be an expired log, or a repository the token cannot see (GitHub
                // hides private ones that way): tried again, and given up on after a few tries.
                case NOT_FOUND -> e.status() == 410 ? Reason.GONE : Reason.FAILED;
                case RATE_LIMITED -> Reason.RATE_LIMITED;
                case UNAUTHORIZED, FORBIDDEN -> Reason.REFUSED;
                default -> Reason.FAILED;
            };
            throw new JobLogException(reason, e.getMessage(), e);
        }
    }
}
