package dev.greenboard.ingest.githubapi;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.greenboard.ingest.githubapi.EtagStore.StoredResponse;
import dev.greenboard.ingest.githubapi.GitHubApiException.Kind;

/**
 * Sends requests to GitHub's REST API the way GitHub asks clients to behave: a versioned {@code Accept}, a
 * {@code User-Agent}, conditional GETs (a 304 reuses the stored body and costs no rate limit), the primary and
 * secondary rate limits waited out, 5xx answers and connection errors retried with back-off. Blocking: call it from
 * worker threads. Thread-safe.
 *
 * <p>
 * The token travels only in the {@code Authorization} header of requests to the configured API origin: links and
 * redirects that lead elsewhere are refused, and no log line or exception holds a header.
 */
public final class GitHubApiTransport {

    /** The REST API version this client was written against. */
    public static final String API_VERSION = "2022-11-28";

    /** An answer with a body: fresh, or the stored one after a 304. */
    public record JsonResponse(URI uri, int status, JsonNode body, String link, boolean notModified) {
    }

    private static final Logger LOG = Logger.getLogger(GitHubApiTransport.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** GitHub asks for at least a minute after a secondary limit that names no time. */
    private static final Duration SECONDARY_LIMIT_WAIT = Duration.ofMinutes(1);
    /** GitHub's reset time is by its own clock; a second more keeps a slightly fast local clock from asking early. */
    private static final Duration RESET_MARGIN = Duration.ofSeconds(1);
    private static final int MAX_REDIRECTS = 3;
    private static final int MAX_MESSAGE_CHARS = 500;

    private final URI apiUrl;
    private final String apiRoot;
    private final GitHubApiConfig config;
    private final TokenSource tokens;
    private final EtagStore etags;
    private final Clock clock;
    private final Sleeper sleeper;
    private final HttpClient http;
    private final Map<String, RateLimitState> rateLimits = new ConcurrentHashMap<>();
    private volatile Instant waitingUntil;

    public GitHubApiTransport(GitHubApiConfig config, TokenSource tokens, EtagStore etags, Clock clock,
            Sleeper sleeper) {
        this.config = config;
        this.tokens = tokens;
        this.etags = etags;
        this.clock = clock;
        this.sleeper = sleeper;
        this.apiRoot = stripTrailingSlashes(config.apiUrl().strip());
        this.apiUrl = URI.create(apiRoot);
        if (apiUrl.getScheme() == null || apiUrl.getHost() == null
                || !(apiUrl.getScheme().equals("https") || apiUrl.getScheme().equals("http"))) {
            throw new IllegalArgumentException(
                    "greenboard.github.api-url must be an http(s) URL, got [" + redact(apiUrl) + "]");
        }
        if (apiUrl.getRawUserInfo() != null) {
            throw new IllegalArgumentException("greenboard.github.api-url must not hold credentials: set"
                    + " GREENBOARD_GITHUB_TOKEN instead");
        }
        this.http = HttpClient.newBuilder()
                .connectTimeout(config.connectTimeout())
                // Redirects are followed by hand, only within the API's origin, so the token never leaves it.
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(apiUrl.getScheme().equals("https") ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                .build();
    }

    private static String stripTrailingSlashes(String url) {
        int end = url.length();
        while (end > 0 && url.charAt(end - 1) == '/') {
            end--;
        }
        return url.substring(0, end);
    }

    /** The API root as configured, without a trailing slash. */
    public URI apiUrl() {
        return apiUrl;
    }

    public int pageSize() {
        return Math.max(1, Math.min(100, config.pageSize()));
    }

    public Clock clock() {
        return clock;
    }

    /** The URL of an API path such as {@code /repos/o/r/commits?sha=main}. */
    public URI uri(String pathAndQuery) {
        if (!pathAndQuery.startsWith("/")) {
            throw new IllegalArgumentException("An API path starts with '/': [" + pathAndQuery + "]");
        }
        return URI.create(apiRoot + pathAndQuery);
    }

    /** The latest rate-limit state of every resource seen, by resource name. */
    public Map<String, RateLimitState> rateLimits() {
        return Map.copyOf(rateLimits);
    }

    /** The latest state of the {@code core} resource, which every endpoint used here counts against. */
    public Optional<RateLimitState> rateLimit() {
        return Optional.ofNullable(rateLimits.get("core"));
    }

    /** Set while a request waits for a rate limit to pass: when it will try again. */
    public Optional<Instant> waitingUntil() {
        return Optional.ofNullable(waitingUntil);
    }

    /** A GET, conditional when the URL's last answer is stored. */
    public JsonResponse get(URI uri) {
        return send("GET", uri, null, null);
    }

    /** A POST with a JSON body (or none). */
    public JsonResponse post(URI uri, String jsonBody) {
        return send("POST", uri, jsonBody, null);
    }

    /** A POST authenticated by the given bearer instead of the token source: a GitHub App's JWT. */
    JsonResponse postWithBearer(URI uri, String bearer) {
        return send("POST", uri, null, bearer);
    }

    /**
     * A GET of a file that GitHub serves by redirect (a job's log): the API answers 302 with a short-lived download
     * URL, usually on another host, whose body is returned as a stream for the caller to read and close. The token
     * goes only to the API origin; the download URL carries its own signature. Unlike {@link #get} it never waits: an
     * exhausted rate limit, a 5xx or no answer fail at once with the kind that says so, and the caller asks again on a
     * later run instead of holding its worker.
     */
    public InputStream download(URI requested) {
        String method = "GET";
        requireApiOrigin(requested, method);
        RateLimitState core = rateLimits.get("core");
        if (core != null && core.exhausted() && core.reset().isAfter(clock.instant())) {
            throw new GitHubApiException(Kind.RATE_LIMITED, 0, method, pathOf(requested),
                    "the core rate limit is used up until " + core.reset(), null, null);
        }
        String bearer = tokens.token().orElse(null);
        URI uri = requested;
        HttpRequest request = request(method, uri, null, bearer, null);
        int offOrigin = 0;
        for (int redirects = 0;; redirects++) {
            HttpResponse<InputStream> response = sendStreaming(request, method, requested, bearer);
            int status = response.statusCode();
            RateLimitState state = isApiOrigin(uri) ? observeRateLimit(response.headers()) : null;
            if (status == 200) {
                return gunzipIfNeeded(response, method, requested);
            }
            if (isRedirect(status) && redirects < MAX_REDIRECTS) {
                URI location = location(response, uri);
                closeQuietly(response.body());
                if (location == null) {
                    throw new GitHubApiException(Kind.PROTOCOL, status, method, pathOf(requested),
                            "a redirect without a valid Location", null, null);
                }
                if (!isApiOrigin(location)) {
                    String refused = refusedDownload(apiUrl, location, offOrigin++);
                    if (refused != null) {
                        throw new GitHubApiException(Kind.PROTOCOL, status, method, pathOf(requested), refused, null,
                                null);
                    }
                }
                uri = location;
                // Within the API origin (a renamed repository) the request stays authenticated; elsewhere it is not.
                request = isApiOrigin(location)
                        ? request(method, location, null, bearer, null)
                        : HttpRequest.newBuilder(location).timeout(config.requestTimeout())
                                .header("User-Agent", config.userAgent()).header("Accept-Encoding", "gzip").GET()
                                .build();
                continue;
            }
            String text;
            try (InputStream body = response.body()) {
                text = new String(body.readNBytes(MAX_MESSAGE_CHARS * 4), StandardCharsets.UTF_8);
            } catch (IOException e) {
                text = "";
            }
            ErrorBody error = ErrorBody.of(scrub(text, bearer));
            Kind kind = kindOf(status);
            if ((status == 403 || status == 429) && state != null
                    && rateLimitWait(status, response.headers(), state, error, 0) != null) {
                kind = Kind.RATE_LIMITED;
            }
            if (status == 401) {
                tokens.invalidate();
            }
            // Never the download URL in a message: its query is a signature.
            throw new GitHubApiException(kind, status, method, pathOf(requested), error.message(),
                    error.documentationUrl(), null);
        }
    }

    /** The redirect's target, resolved against the answering URI; null when missing or not a URI. */
    private static URI location(HttpResponse<?> response, URI answering) {
        try {
            return response.headers().firstValue("Location").map(answering::resolve).orElse(null);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Why a download redirect that leaves the API origin is not followed, or null when it may be: the download host
     * is reached over https (http only when the API itself is plain http, a local stand-in or an Enterprise Server
     * without TLS), in one hop, and not on this machine or a link-local address (a cloud's metadata service), unless
     * the API origin is on this machine too. A redirect is GitHub's answer, but a compromised or misconfigured origin
     * must not make Greenboard fetch internal addresses. Only the scheme and host are named: the URL's query is a
     * signature.
     */
    static String refusedDownload(URI apiUrl, URI location, int previousHops) {
        String where = location.getScheme() + "://" + location.getHost();
        if (previousHops > 0) {
            return "a second redirect away from the API origin (to " + where + ") is not followed";
        }
        String scheme = location.getScheme() == null ? "" : location.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && "http".equalsIgnoreCase(apiUrl.getScheme()))) {
            return "a redirect to " + where + " is not followed: downloads go over https";
        }
        if (location.getHost() == null || location.getRawUserInfo() != null) {
            return "a redirect to " + where + " is not followed: no host, or credentials in the URL";
        }
        try {
            if (isLocal(apiUrl.getHost())) {
                return null;
            }
            if (isLocal(location.getHost())) {
                return "a redirect to " + where + " is not followed: it is this machine or a link-local address";
            }
        } catch (java.net.UnknownHostException e) {
            return "a redirect to " + where + " is not followed: the host is unknown";
        }
        return null;
    }

    private static boolean isLocal(String host) throws java.net.UnknownHostException {
        for (java.net.InetAddress address : java.net.InetAddress.getAllByName(host)) {
            if (address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isAnyLocalAddress()) {
                return true;
            }
        }
        return false;
    }

    private HttpResponse<InputStream> sendStreaming(HttpRequest request, String method, URI requested,
            String bearer) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            String reason = scrub(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()),
                    bearer);
            throw new GitHubApiException(Kind.TRANSPORT, 0, method, pathOf(requested), reason, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GitHubApiException(Kind.INTERRUPTED, 0, method, pathOf(requested), "interrupted", null, e);
        }
    }

    private static InputStream gunzipIfNeeded(HttpResponse<InputStream> response, String method, URI requested) {
        boolean gzip = response.headers().firstValue("Content-Encoding")
                .map(v -> v.strip().equalsIgnoreCase("gzip")).orElse(false);
        if (!gzip) {
            return response.body();
        }
        try {
            return new GZIPInputStream(response.body());
        } catch (IOException e) {
            closeQuietly(response.body());
            throw new GitHubApiException(Kind.PROTOCOL, response.statusCode(), method, pathOf(requested),
                    "the gzip body is damaged", null, e);
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // Nothing was wanted from it.
        }
    }

    private JsonResponse send(String method, URI requested, String body, String bearerOverride) {
        URI uri = requested;
        requireApiOrigin(uri, method);
        int failures = 0;
        int limited = 0;
        int secondaryLimited = 0;
        int redirects = 0;
        while (true) {
            boolean conditional = method.equals("GET");
            StoredResponse stored = conditional ? etags.get(uri.toString()).orElse(null) : null;
            awaitKnownPrimaryReset(method, uri);
            String bearer = bearerOverride != null ? bearerOverride : tokens.token().orElse(null);
            HttpRequest request = request(method, uri, body, bearer, stored);
            long started = System.nanoTime();
            HttpResponse<byte[]> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                failures++;
                String reason = scrub(e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()), bearer);
                if (failures > config.maxRetries()) {
                    throw new GitHubApiException(Kind.TRANSPORT, 0, method, pathOf(uri), reason, null, e);
                }
                Duration backoff = backoff(failures);
                LOG.warnf("GitHub request [%s %s] failed [%s]; retry [%d] of [%d] in [%s]", method, pathOf(uri),
                        reason, failures, config.maxRetries(), seconds(backoff));
                pause(backoff, method, uri);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GitHubApiException(Kind.INTERRUPTED, 0, method, pathOf(uri), "interrupted", null, e);
            }
            int status = response.statusCode();
            RateLimitState state = observeRateLimit(response.headers());
            if (LOG.isDebugEnabled()) {
                LOG.debugf("GitHub [%s %s] answered [%d] in [%d ms]%s", method, pathOf(uri), status,
                        (System.nanoTime() - started) / 1_000_000,
                        state == null
                                ? ""
                                : "; [" + state.remaining() + "] requests left in [" + state.resource()
                                        + "]");
            }
            if (status == 304 && stored != null) {
                JsonNode storedBody = parseStored(uri, stored);
                if (storedBody != null) {
                    return new JsonResponse(uri, 200, storedBody, stored.link(), true);
                }
                continue;
            }
            String text = decode(response);
            if (status >= 200 && status < 300) {
                JsonNode json = parse(text, method, uri, status);
                String link = response.headers().firstValue("Link").orElse(null);
                if (conditional) {
                    remember(uri, response.headers(), link, text);
                }
                return new JsonResponse(uri, status, json, link, false);
            }
            if (isRedirect(status) && redirects < MAX_REDIRECTS) {
                // A renamed repository answers 301 with the new location.
                URI location = response.headers().firstValue("Location").map(uri::resolve).orElse(null);
                if (location != null) {
                    redirects++;
                    requireApiOrigin(location, method);
                    LOG.debugf("GitHub [%s %s] moved to [%s]", method, pathOf(uri), pathOf(location));
                    uri = location;
                    continue;
                }
            }
            // A proxy in between may echo the request's headers into its error page: never repeat the token.
            ErrorBody error = ErrorBody.of(scrub(text, bearer));
            if (status == 403 || status == 429) {
                Duration wait = rateLimitWait(status, response.headers(), state, error, secondaryLimited);
                if (wait != null) {
                    limited++;
                    if (isSecondary(response.headers(), state)) {
                        secondaryLimited++;
                    }
                    if (limited > config.maxRateLimitRetries() || wait.compareTo(config.maxRateLimitWait()) > 0) {
                        throw new GitHubApiException(Kind.RATE_LIMITED, status, method, pathOf(uri),
                                (error.message() == null ? "rate limited" : error.message()) + " (would wait "
                                        + seconds(wait) + " more; gave up after " + limited
                                        + " rate-limited answers)",
                                error.documentationUrl(), null);
                    }
                    LOG.infof("GitHub rate limit on [%s %s] (%s, answer [%d]): waiting [%s] until [%s]", method,
                            pathOf(uri), limitKind(state, response.headers()), status, seconds(wait),
                            clock.instant().plus(wait));
                    pause(wait, method, uri);
                    continue;
                }
            }
            if (status >= 500) {
                failures++;
                if (failures > config.maxRetries()) {
                    throw new GitHubApiException(Kind.SERVER_ERROR, status, method, pathOf(uri), error.message(),
                            error.documentationUrl(), null);
                }
                Duration backoff = backoff(failures);
                LOG.warnf("GitHub [%s %s] answered [%d]; retry [%d] of [%d] in [%s]", method, pathOf(uri), status,
                        failures, config.maxRetries(), seconds(backoff));
                pause(backoff, method, uri);
                continue;
            }
            if (status == 401) {
                tokens.invalidate();
            }
            throw new GitHubApiException(kindOf(status), status, method, pathOf(uri), error.message(),
                    error.documentationUrl(), null);
        }
    }

    private HttpRequest request(String method, URI uri, String body, String bearer, StoredResponse stored) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(config.requestTimeout())
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", API_VERSION)
                .header("User-Agent", config.userAgent())
                .header("Accept-Encoding", "gzip");
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        if (stored != null) {
            if (stored.etag() != null) {
                request.header("If-None-Match", stored.etag());
            } else {
                request.header("If-Modified-Since", stored.lastModified());
            }
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
            request.method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return request.build();
    }

    /**
     * How long a 403 or 429 asks to wait, or null when it is no rate limit. Order as GitHub documents it:
     * {@code Retry-After} first, then an exhausted primary limit (until its reset), then a secondary limit that
     * names no time (a minute, doubling with each answer in a row).
     */
    private Duration rateLimitWait(int status, HttpHeaders headers, RateLimitState state, ErrorBody error,
            int secondaryBefore) {
        Optional<String> retryAfter = headers.firstValue("Retry-After");
        if (retryAfter.isPresent()) {
            Duration wait = parseRetryAfter(retryAfter.get());
            if (wait != null) {
                return wait;
            }
        }
        if (state != null && state.exhausted()) {
            Duration wait = Duration.between(clock.instant(), state.reset()).plus(RESET_MARGIN);
            return wait.compareTo(RESET_MARGIN) < 0 ? RESET_MARGIN : wait;
        }
        String message = error.message() == null ? "" : error.message().toLowerCase(Locale.ROOT);
        if (status == 429 || message.contains("secondary rate limit") || message.contains("abuse")) {
            return SECONDARY_LIMIT_WAIT.multipliedBy(1L << Math.min(secondaryBefore, 10));
        }
        return null;
    }

    private static boolean isSecondary(HttpHeaders headers, RateLimitState state) {
        return headers.firstValue("Retry-After").isEmpty() && (state == null || !state.exhausted());
    }

    private static String limitKind(RateLimitState state, HttpHeaders headers) {
        if (headers.firstValue("Retry-After").isPresent()) {
            return "Retry-After";
        }
        if (state != null && state.exhausted()) {
            return "primary limit of [" + state.resource() + "] exhausted";
        }
        return "secondary limit";
    }

    private Duration parseRetryAfter(String value) {
        String text = value.strip();
        try {
            long seconds = Long.parseLong(text);
            return Duration.ofSeconds(Math.max(1, seconds));
        } catch (NumberFormatException e) {
            // Retry-After may also be an HTTP date.
        }
        try {
            Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(clock.instant(), at);
            return wait.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : wait;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * When an earlier answer said the {@code core} limit is used up and its reset lies ahead, waits before asking:
     * a request sent now would only be refused, and GitHub may ban clients that keep asking while limited.
     */
    private void awaitKnownPrimaryReset(String method, URI uri) {
        RateLimitState core = rateLimits.get("core");
        if (core == null || !core.exhausted()) {
            return;
        }
        Instant now = clock.instant();
        if (!core.reset().isAfter(now)) {
            return;
        }
        Duration wait = Duration.between(now, core.reset()).plus(RESET_MARGIN);
        if (wait.compareTo(config.maxRateLimitWait()) > 0) {
            throw new GitHubApiException(Kind.RATE_LIMITED, 0, method, pathOf(uri),
                    "the core rate limit is used up until " + core.reset(), null, null);
        }
        LOG.infof("GitHub rate limit of [core] used up: [%s %s] waits [%s] until [%s]", method, pathOf(uri),
                seconds(wait),
                core.reset());
        pause(wait, method, uri);
    }

    private RateLimitState observeRateLimit(HttpHeaders headers) {
        Optional<String> remaining = headers.firstValue("X-RateLimit-Remaining");
        Optional<String> reset = headers.firstValue("X-RateLimit-Reset");
        if (remaining.isEmpty() || reset.isEmpty()) {
            return null;
        }
        try {
            String resource = headers.firstValue("X-RateLimit-Resource").orElse("core");
            long remainingCount = Long.parseLong(remaining.get().strip());
            long limit = headers.firstValue("X-RateLimit-Limit").map(v -> Long.parseLong(v.strip())).orElse(-1L);
            long used = headers.firstValue("X-RateLimit-Used")
                    .map(v -> Long.parseLong(v.strip()))
                    .orElse(limit >= 0 ? limit - remainingCount : -1L);
            RateLimitState state = new RateLimitState(resource, limit, remainingCount, used,
                    Instant.ofEpochSecond(Long.parseLong(reset.get().strip())), clock.instant());
            rateLimits.put(resource, state);
            return state;
        } catch (NumberFormatException e) {
            LOG.debugf("GitHub sent unreadable rate-limit headers [remaining=%s, reset=%s]", remaining.get(),
                    reset.get());
            return null;
        }
    }

    private void pause(Duration wait, String method, URI uri) {
        waitingUntil = clock.instant().plus(wait);
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GitHubApiException(Kind.INTERRUPTED, 0, method, pathOf(uri), "interrupted while waiting "
                    + wait, null, e);
        } finally {
            waitingUntil = null;
        }
    }

    private Duration backoff(int failures) {
        Duration backoff = config.retryBackoff().multipliedBy(1L << Math.min(failures - 1, 6));
        Duration cap = Duration.ofMinutes(1);
        return backoff.compareTo(cap) > 0 ? cap : backoff;
    }

    private void remember(URI uri, HttpHeaders headers, String link, String body) {
        String etag = headers.firstValue("ETag").orElse(null);
        String lastModified = headers.firstValue("Last-Modified").orElse(null);
        if (etag != null || lastModified != null) {
            etags.put(uri.toString(), new StoredResponse(etag, lastModified, link, body, clock.instant()));
        }
    }

    private JsonNode parseStored(URI uri, StoredResponse stored) {
        try {
            return JSON.readTree(stored.body());
        } catch (JsonProcessingException e) {
            // A damaged entry must not stick: forget it and ask again without a validator.
            LOG.warnf("Stored GitHub answer for [%s] is not JSON; fetching it again", pathOf(uri));
            etags.remove(uri.toString());
            return null;
        }
    }

    private static JsonNode parse(String text, String method, URI uri, int status) {
        if (text.isEmpty()) {
            return JSON.missingNode();
        }
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new GitHubApiException(Kind.PROTOCOL, status, method, pathOf(uri), "the answer is not JSON", null,
                    e);
        }
    }

    private static String decode(HttpResponse<byte[]> response) {
        byte[] bytes = response.body();
        if (bytes == null || bytes.length == 0) {
            return "";
        }
        boolean gzip = response.headers()
                .firstValue("Content-Encoding")
                .map(v -> v.strip().equalsIgnoreCase("gzip"))
                .orElse(false);
        if (!gzip) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new GitHubApiException(Kind.PROTOCOL, response.statusCode(), response.request().method(),
                    pathOf(response.uri()), "the gzip body is damaged", null, e);
        }
    }

    private boolean isApiOrigin(URI uri) {
        return apiUrl.getScheme().equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null
                && apiUrl.getHost().equalsIgnoreCase(uri.getHost()) && port(apiUrl) == port(uri)
                && uri.getRawUserInfo() == null;
    }

    private void requireApiOrigin(URI uri, String method) {
        if (!isApiOrigin(uri)) {
            throw new GitHubApiException(Kind.PROTOCOL, 0, method, redact(uri),
                    "refusing to send the token outside the configured API origin " + redact(apiUrl), null, null);
        }
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static String seconds(Duration duration) {
        return duration.toSeconds() + " s";
    }

    private static String scrub(String text, String secret) {
        return secret == null || secret.isEmpty() || text == null ? text : text.replace(secret, "***");
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 307 || status == 308;
    }

    private static Kind kindOf(int status) {
        return switch (status) {
            case 401 -> Kind.UNAUTHORIZED;
            case 403 -> Kind.FORBIDDEN;
            case 404, 410 -> Kind.NOT_FOUND;
            case 429 -> Kind.RATE_LIMITED;
            default -> status >= 500 ? Kind.SERVER_ERROR : Kind.CLIENT_ERROR;
        };
    }

    /** Path and query, for messages: no scheme, host or user info. */
    static String pathOf(URI uri) {
        if (uri == null) {
            return "";
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }

    /** A URL for messages, without user info. */
    private static String redact(URI uri) {
        if (uri == null) {
            return "";
        }
        String host = uri.getHost() == null ? "" : uri.getHost();
        String port = uri.getPort() >= 0 ? ":" + uri.getPort() : "";
        return (uri.getScheme() == null ? "" : uri.getScheme() + "://") + host + port + pathOf(uri);
    }

    @Override
    public String toString() {
        return "GitHubApiTransport[" + redact(apiUrl) + ", tokens=" + tokens + "]";
    }

    /** GitHub's error answer: {@code {"message": ..., "documentation_url": ...}}. */
    private record ErrorBody(String message, String documentationUrl) {

        static ErrorBody of(String text) {
            if (text == null || text.isBlank()) {
                return new ErrorBody(null, null);
            }
            try {
                JsonNode json = JSON.readTree(text);
                return new ErrorBody(cut(json.path("message").asText(null)),
                        json.path("documentation_url").asText(null));
            } catch (JsonProcessingException e) {
                return new ErrorBody(cut(text.strip()), null);
            }
        }

        private static String cut(String text) {
            return text == null || text.length() <= MAX_MESSAGE_CHARS
                    ? text
                    : text.substring(0, MAX_MESSAGE_CHARS) + "...";
        }
    }
}
