package dev.greenboard.ingest.githubsync;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import dev.greenboard.ingest.githubapi.GitHubApiServer;

/** Starts the stand-in GitHub API before Quarkus, and points the application's GitHub client (with a token) at it. */
public class GitHubStandIn implements QuarkusTestResourceLifecycleManager {

    static GitHubApiServer github;

    @Override
    public Map<String, String> start() {
        github = GitHubApiServer.start();
        return Map.of("greenboard.github.api-url", github.apiUrl(), "greenboard.github.token", GitHubApiServer.TOKEN,
                "greenboard.github.heal-interval", "0s", "quarkus.log.category.\"dev.greenboard\".level", "DEBUG",
                "quarkus.log.min-level", "DEBUG");
    }

    @Override
    public void stop() {
        if (github != null) {
            github.stop();
        }
    }
}
