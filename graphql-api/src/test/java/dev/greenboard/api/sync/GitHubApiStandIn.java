package dev.greenboard.api.sync;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import dev.greenboard.ingest.githubapi.GitHubApiServer;

/**
 * Starts ingest's stand-in GitHub API (WireMock serving objects built from the corpus's webhooks) before Quarkus and
 * points the application's GitHub client at it, with a token; healing stays off (tests run it themselves).
 */
public class GitHubApiStandIn implements QuarkusTestResourceLifecycleManager {

    public static GitHubApiServer github;

    @Override
    public Map<String, String> start() {
        github = GitHubApiServer.start();
        return Map.of("greenboard.github.api-url", github.apiUrl(), "greenboard.github.token", GitHubApiServer.TOKEN,
                "greenboard.github.heal-interval", "0s");
    }

    @Override
    public void stop() {
        if (github != null) {
            github.stop();
        }
    }
}
