package dev.greenboard.ingest.githubapi;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How Greenboard reads GitHub's REST API (backfill and healing). Every key has an environment form:
 * {@code greenboard.github.api-url} is {@code GREENBOARD_GITHUB_API_URL}.
 */
@ConfigMapping(prefix = "greenboard.github")
public interface GitHubApiConfig {

    /**
     * {@code GREENBOARD_GITHUB_TOKEN}: a personal access token or any bearer token GitHub accepts. Unset (and no App
     * configured): requests go unauthenticated, which GitHub allows for public repositories at 60 requests an hour.
     */
    Optional<String> token();

    /**
     * {@code GREENBOARD_GITHUB_API_URL}: the REST API root; paths such as {@code /repos/o/r} are appended to it, so
     * GitHub Enterprise Server's {@code https://host/api/v3} works as it is.
     */
    @WithDefault("https://api.github.com")
    String apiUrl();

    /** {@code GREENBOARD_GITHUB_HOOK_ID}: the repository webhook whose failed deliveries healing asks to redeliver. */
    OptionalLong hookId();

    /** Sent as {@code User-Agent}, which GitHub requires on every request. */
    @WithDefault("Greenboard")
    String userAgent();

    @WithDefault("10s")
    Duration connectTimeout();

    /** Whole request, answer included; a page of 100 jobs with their steps is about 1 MB. */
    @WithDefault("60s")
    Duration requestTimeout();

    /** Items per page; 100 is GitHub's maximum and costs the fewest requests. */
    @WithDefault("100")
    int pageSize();

    /** Retries of a 5xx answer or a connection error before the request fails. */
    @WithDefault("4")
    int maxRetries();

    /** First back-off after a 5xx or connection error; it doubles with each retry. */
    @WithDefault("1s")
    Duration retryBackoff();

    /**
     * Longest single wait for a rate limit. GitHub's primary limit resets every hour, so the default waits out any
     * primary limit; a reset further away than this fails the request instead of blocking a worker for it.
     */
    @WithDefault("65m")
    Duration maxRateLimitWait();

    /** Rate-limited answers (primary or secondary) in a row after which a request gives up. */
    @WithDefault("10")
    int maxRateLimitRetries();

    /**
     * Bodies kept with their ETag for conditional requests, counted in characters. A 304 answer costs no rate limit
     * but only helps while the body is still here; 64 M characters hold a few hundred pages of jobs.
     */
    @WithDefault("67108864")
    long etagStoreMaxChars();

    /** A GitHub App to authenticate as, instead of {@link #token()}: all three keys must be set. */
    App app();

    interface App {

        /** {@code GREENBOARD_GITHUB_APP_ID}. */
        OptionalLong id();

        /** {@code GREENBOARD_GITHUB_APP_INSTALLATION_ID}: the installation on the repositories' owner. */
        OptionalLong installationId();

        /** {@code GREENBOARD_GITHUB_APP_PRIVATE_KEY}: the App's private key as PEM text (PKCS#1 or PKCS#8). */
        Optional<String> privateKey();
    }
}
