package dev.greenboard.ingest.githubapi;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Where the bearer token of each request comes from: a fixed token, or a GitHub App's installation token. */
public interface TokenSource {

    /** The token for the next request; empty sends the request without {@code Authorization}. */
    Optional<String> token();

    /** Called after a 401, so that a source holding an expiring token fetches a new one. */
    default void invalidate() {
    }

    /** No token: unauthenticated requests (public repositories, 60 an hour on github.com). */
    static TokenSource none() {
        return new StaticTokenSource(null);
    }

    static TokenSource of(String token) {
        return new StaticTokenSource(token);
    }

    /**
     * The source the configuration asks for: a GitHub App's installation tokens when {@code greenboard.github.app.*}
     * is set, else {@code greenboard.github.token}, else none.
     */
    static TokenSource fromConfig(GitHubApiConfig config, Clock clock, Sleeper sleeper) {
        GitHubApiConfig.App app = config.app();
        boolean anyApp = app.id().isPresent() || app.installationId().isPresent() || app.privateKey().isPresent();
        if (!anyApp) {
            return new StaticTokenSource(config.token().orElse(null));
        }
        List<String> missing = new ArrayList<>();
        if (app.id().isEmpty()) {
            missing.add("GREENBOARD_GITHUB_APP_ID");
        }
        if (app.installationId().isEmpty()) {
            missing.add("GREENBOARD_GITHUB_APP_INSTALLATION_ID");
        }
        if (app.privateKey().isEmpty()) {
            missing.add("GREENBOARD_GITHUB_APP_PRIVATE_KEY");
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("A GitHub App needs its id, installation id and private key; missing: "
                    + String.join(", ", missing));
        }
        // Installation tokens are asked for with the App's JWT, never with an installation token.
        GitHubApiTransport appTransport = new GitHubApiTransport(config, none(), EtagStore.none(), clock, sleeper);
        return new AppInstallationTokenSource(app.id().getAsLong(), app.installationId().getAsLong(),
                AppInstallationTokenSource.readPrivateKey(app.privateKey().get()), appTransport, clock);
    }
}
