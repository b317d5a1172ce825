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

    /**
     * {@code GREENBOARD_GITHUB_HOOK_REPO}: the repository ({@code owner/name}) that {@link #hookId()} belongs to. Unset:
     * the one repository Greenboard knows, when it knows exactly one.
     */
    Optional<String> hookRepo();

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

    /**
     * {@code GREENBOARD_GITHUB_HEAL_AFTER}: a job or run still {@code queued} / {@code in_progress} this long after its
     * last change is read again from the API by the healing reconciler (its completion webhook may have been lost).
     */
    @WithDefault("30m")
    Duration healAfter();

    /**
     * {@code GREENBOARD_GITHUB_HEAL_INTERVAL}: how often the reconciler runs; {@code 0s} turns it off. It never runs
     * without a token (or App).
     */
    @WithDefault("5m")
    Duration healInterval();

    /** Default-branch commits of this recent past whose latest runs each reconciler run reads again. */
    @WithDefault("6h")
    Duration healRecentCommits();

    /** Hook deliveries of this recent past that the reconciler looks through for failed ones. */
    @WithDefault("24h")
    Duration healDeliveriesSince();

    /** At most this many stuck jobs and runs are read again per reconciler run (the rest wait for the next one). */
    @WithDefault("200")
    int healMaxObjects();

    /** A GitHub App to authenticate as, instead of {@link #token()}: all three keys must be set. */
    App app();

    /** Whether requests carry credentials: a token, or a GitHub App. Without them there is no sync (docs/ingest.md). */
    default boolean authenticated() {
        return token().filter(t -> !t.isBlank()).isPresent() || app().id().isPresent();
    }

    interface App {

        /** {@code GREENBOARD_GITHUB_APP_ID}. */
        OptionalLong id();

        /** {@code GREENBOARD_GITHUB_APP_INSTALLATION_ID}: the installation on the repositories' owner. */
        OptionalLong installationId();

        /** {@code GREENBOARD_GITHUB_APP_PRIVATE_KEY}: the App's private key as PEM text (PKCS#1 or PKCS#8). */
        Optional<String> privateKey();
    }
}
