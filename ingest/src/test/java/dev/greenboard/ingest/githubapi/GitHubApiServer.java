package dev.greenboard.ingest.githubapi;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

/**
 * A WireMock server standing in for GitHub's REST API, with helpers that serve listings the way GitHub does: pages
 * with {@code Link} headers (page numbers, or cursors for hook deliveries), an {@code ETag} on every answer and a 304
 * for a matching {@code If-None-Match}, {@code X-RateLimit-*} headers, and rate-limit or error answers queued before
 * the normal one.
 *
 * <pre>{@code
 * GitHubApiServer github = GitHubApiServer.start();           // or start("/api/v3") for GitHub Enterprise Server
 * History history = GitHubApiServer.FIXTURES.history("acme/app").commits(300).build();
 * github.serve(history);
 * github.answerFirst(github.path("/repos/acme/app/actions/runs"), GitHubApiServer.primaryLimitExhausted(reset, 403));
 * GitHubApiClient client = github.client(new FakeTime(start));
 * }</pre>
 */
public final class GitHubApiServer {

    public static final GitHubApiFixtures FIXTURES = GitHubApiFixtures.load();
    public static final String TOKEN = "ghp_testTokenThatMustNeverBeLogged0123456789";
    /** Rate-limit headers of a healthy answer: plenty left, reset far away. */
    public static final long HEALTHY_RESET_EPOCH = 4_102_444_800L;
    /** Normal stubs; queued answers and 304s take precedence over them. */
    private static final int NORMAL = 5;
    private static final int FIRST = 1;

    private final WireMockServer server;
    private final WorkflowRunsSearch runsSearch;
    private final String prefix;
    private int scenarios;

    private GitHubApiServer(WireMockServer server, WorkflowRunsSearch runsSearch, String prefix) {
        this.server = server;
        this.runsSearch = runsSearch;
        this.prefix = prefix;
    }

    /** Starts a server on a free port, answering at the root like api.github.com. */
    public static GitHubApiServer start() {
        return start("");
    }

    /** Starts a server on a free port, answering under {@code pathPrefix} (GitHub Enterprise Server: /api/v3). */
    public static GitHubApiServer start(String pathPrefix) {
        WorkflowRunsSearch runsSearch = new WorkflowRunsSearch();
        WireMockServer server = new WireMockServer(options().dynamicPort().extensions(runsSearch));
        server.start();
        return new GitHubApiServer(server, runsSearch, pathPrefix);
    }

    public void stop() {
        server.stop();
    }

    /** Forgets every stub, queued answer, served run and recorded request. */
    public void reset() {
        server.resetAll();
        runsSearch.clear();
    }

    public WireMockServer server() {
        return server;
    }

    /** What to set as {@code greenboard.github.api-url}. */
    public String apiUrl() {
        return server.baseUrl() + prefix;
    }

    /** The server-side path of an API path (with the prefix). */
    public String path(String apiPath) {
        return prefix + apiPath;
    }

    /** A client of this server with {@link #TOKEN}, an in-memory ETag store and the given time. */
    public GitHubApiClient client(FakeTime time) {
        return client(time, new InMemoryEtagStore(1 << 24));
    }

    public GitHubApiClient client(FakeTime time, EtagStore etags) {
        GitHubApiConfig config = GitHubApiTestConfig.forServer(apiUrl(), TOKEN);
        return new GitHubApiClient(new GitHubApiTransport(config, TokenSource.of(TOKEN), etags, time, time));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Whole histories
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * Serves a history: the repository, the branch's commits, the runs (filtered by {@code created}), each run, its
     * attempts, its jobs (all attempts, and per attempt), each job, the pull requests and the reviews of the merged
     * ones (none).
     */
    public void serve(GitHubApiFixtures.History history) {
        RepoRef repo = RepoRef.parse(history.repo());
        String base = repo.path();
        object(base, history.repository());
        pagedList(base + "/commits", Map.of(), history.commits(), PageBody.ARRAY);
        workflowRuns(history.repo(), history.runs());
        for (ObjectNode run : history.runs()) {
            long runId = run.path("id").asLong();
            object(base + "/actions/runs/" + runId, run);
            int attempts = run.path("run_attempt").asInt(1);
            for (int attempt = 1; attempt <= attempts; attempt++) {
                object(base + "/actions/runs/" + runId + "/attempts/" + attempt,
                        attempt == attempts
                                ? run
                                : run.deepCopy()
                                        .put("run_attempt", attempt).put("status", "completed")
                                        .put("conclusion", "failure"));
                pagedList(base + "/actions/runs/" + runId + "/attempts/" + attempt + "/jobs", Map.of(),
                        history.jobsOfAttempt(runId, attempt), PageBody.wrapped("jobs"));
            }
            pagedList(base + "/actions/runs/" + runId + "/jobs", Map.of("filter", "all"),
                    history.jobsByRun().get(runId),
                    PageBody.wrapped("jobs"));
            for (JsonNode job : history.jobsByRun().get(runId)) {
                object(base + "/actions/jobs/" + job.path("id").asLong(), job);
            }
        }
        pagedList(base + "/pulls", Map.of("state", "all"), history.pullRequests(), PageBody.ARRAY);
        // Merged pull requests have no review unless a test serves some ({@link #reviews}).
        for (ObjectNode pull : history.pullRequests()) {
            if (pull.path("merged_at").isTextual()) {
                reviews(repo, pull.path("number").asInt(), List.of());
            }
        }
    }

    /** The reviews of a pull request ({@code /pulls/{n}/reviews}), replacing what was served there before. */
    public void reviews(RepoRef repo, int number, List<? extends JsonNode> reviews) {
        pagedList(repo.path() + "/pulls/" + number + "/reviews", Map.of(), reviews, PageBody.ARRAY);
    }

    /** The runs listing of a repository, filtered by {@code created} as GitHub filters it (see WorkflowRunsSearch). */
    public void workflowRuns(String repo, List<? extends JsonNode> runs) {
        runsSearch.serve(repo, runs);
        server.stubFor(get(urlPathEqualTo(path(RepoRef.parse(repo).path() + "/actions/runs"))).atPriority(NORMAL)
                .willReturn(aResponse().withTransformers(WorkflowRunsSearch.NAME).withTransformerParameter("repo",
                        repo)));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Listings and objects
    // ---------------------------------------------------------------------------------------------------------------

    /** How a page's items become its body. */
    @FunctionalInterface
    public interface PageBody {

        PageBody ARRAY = (total, items) -> FIXTURES.array(items);

        JsonNode of(long totalCount, List<JsonNode> items);

        /** {@code {"total_count": n, "<field>": [...]}}. */
        static PageBody wrapped(String field) {
            return (total, items) -> {
                var body = FIXTURES.array(List.of()).objectNode();
                body.put("total_count", total);
                body.putArray(field).addAll(items);
                return body;
            };
        }
    }

    /** Serves {@code items} at an API path in pages of 100 (the client's page size), numbered as GitHub numbers them. */
    public void pagedList(String apiPath, Map<String, String> query, List<? extends JsonNode> items, PageBody body) {
        pagedList(apiPath, query, items, 100, body);
    }

    /**
     * Serves {@code items} in pages of {@code pageSize}: the first page answers the URL without {@code page}, the
     * others {@code page=2...}, each with {@code Link} next/last carrying the listing's query, an ETag and a 304 for
     * it. Requests must carry every {@code query} parameter (others, such as {@code since}, are not checked).
     */
    public void pagedList(String apiPath, Map<String, String> query, List<? extends JsonNode> items, int pageSize,
            PageBody body) {
        List<JsonNode> all = List.copyOf(items);
        int pages = Math.max(1, (all.size() + pageSize - 1) / pageSize);
        for (int page = 1; page <= pages; page++) {
            List<JsonNode> slice = all.subList((page - 1) * pageSize, Math.min(all.size(), page * pageSize));
            Map<String, String> linkQuery = new LinkedHashMap<>(query);
            linkQuery.put("per_page", Integer.toString(pageSize));
            String link = page < pages ? pageLinks(apiPath, linkQuery, page + 1, pages) : null;
            int number = page;
            stubConditional(() -> {
                MappingBuilder request = get(urlPathEqualTo(path(apiPath)));
                query.forEach((name, value) -> request.withQueryParam(name, equalTo(value)));
                return request.withQueryParam("page", number == 1 ? absent() : equalTo(Integer.toString(number)));
            }, body.of(all.size(), slice), link);
        }
    }

    /**
     * Serves hook deliveries with cursor pagination, as GitHub does: the first page has no {@code cursor}, the next
     * ones a {@code cursor} named in the previous page's Link.
     */
    public void deliveries(RepoRef repo, long hookId, List<? extends JsonNode> deliveries, int pageSize) {
        String apiPath = repo.path() + "/hooks/" + hookId + "/deliveries";
        List<JsonNode> all = List.copyOf(deliveries);
        int pages = Math.max(1, (all.size() + pageSize - 1) / pageSize);
        for (int page = 1; page <= pages; page++) {
            List<JsonNode> slice = all.subList((page - 1) * pageSize, Math.min(all.size(), page * pageSize));
            String link = null;
            if (page < pages) {
                String cursor = cursor(all.get(page * pageSize));
                link = "<" + apiUrl() + apiPath + "?per_page=" + pageSize + "&cursor=" + cursor + ">; rel=\"next\"";
            }
            String cursor = page == 1 ? null : cursor(slice.get(0));
            stubConditional(() -> get(urlPathEqualTo(path(apiPath)))
                    .withQueryParam("cursor", cursor == null ? absent() : equalTo(cursor)), FIXTURES.array(slice),
                    link);
        }
    }

    private static String cursor(JsonNode delivery) {
        return "v1_" + delivery.path("id").asLong();
    }

    /** Serves one object at an API path (GET), with an ETag and a 304 for it. */
    public void object(String apiPath, JsonNode body) {
        stubConditional(() -> get(urlPathEqualTo(path(apiPath))), body, null);
    }

    /**
     * Queues answers for any request to a server path (use {@link #path}): the first request gets the first answer,
     * and so on; after the last, the normal stubs answer again.
     */
    public void answerFirst(String serverPath, ResponseDefinitionBuilder... answers) {
        String scenario = "queued-" + (++scenarios);
        for (int i = 0; i < answers.length; i++) {
            server.stubFor(any(urlPathEqualTo(serverPath)).atPriority(FIRST).inScenario(scenario)
                    .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "answered-" + i)
                    .willSetStateTo("answered-" + (i + 1))
                    .willReturn(answers[i]));
        }
    }

    private void stubConditional(Supplier<MappingBuilder> request, JsonNode body, String link) {
        String etag = etag(body);
        ResponseDefinitionBuilder ok = okWithEtag(body, etag, link);
        server.stubFor(request.get().atPriority(NORMAL).willReturn(ok));
        // The same request with the ETag: 304, no body, no rate limit spent (GitHub sends the headers all the same).
        server.stubFor(request.get().atPriority(FIRST + 1).withHeader("If-None-Match", equalTo(etag))
                .willReturn(healthy(aResponse().withStatus(304)).withHeader("ETag", etag)));
    }

    /** GitHub's 200: the JSON body, its ETag and, for a page of a list, the Link header. */
    private static ResponseDefinitionBuilder okWithEtag(JsonNode body, String etag, String link) {
        ResponseDefinitionBuilder ok = healthy(aResponse().withStatus(200))
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withHeader("ETag", etag)
                .withBody(body.toString());
        return link == null ? ok : ok.withHeader("Link", link);
    }

    private String pageLinks(String apiPath, Map<String, String> query, int next, int last) {
        StringBuilder base = new StringBuilder(apiUrl()).append(apiPath).append('?');
        query.forEach((name, value) -> base.append(name).append('=').append(
                java.net.URLEncoder.encode(value, StandardCharsets.UTF_8)).append('&'));
        return "<" + base + "page=" + next + ">; rel=\"next\", <" + base + "page=" + last + ">; rel=\"last\"";
    }

    /** Next/last links for a request URL, its {@code page} replaced. */
    static String link(String requestUrl, int next, int last) {
        String withoutPage = requestUrl.replaceAll("([?&])page=\\d+&?", "$1").replaceAll("[?&]$", "");
        String separator = withoutPage.contains("?") ? "&" : "?";
        return "<" + withoutPage + separator + "page=" + next + ">; rel=\"next\", <" + withoutPage + separator
                + "page=" + last + ">; rel=\"last\"";
    }

    /** A 200 with an ETag, or a 304 when the request names that ETag: for transformers. */
    static ResponseDefinition conditional(Request request, JsonNode body, String link) {
        String etag = etag(body);
        if (etag.equals(request.getHeader("If-None-Match"))) {
            return healthy(aResponse().withStatus(304)).withHeader("ETag", etag).build();
        }
        ResponseDefinitionBuilder ok = okWithEtag(body, etag, link);
        return ok.build();
    }

    static String etag(JsonNode body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(body.toString().getBytes(StandardCharsets.UTF_8));
            return "W/\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Answers
    // ---------------------------------------------------------------------------------------------------------------

    private static ResponseDefinitionBuilder healthy(ResponseDefinitionBuilder response) {
        return response.withHeader("X-RateLimit-Limit", "5000")
                .withHeader("X-RateLimit-Remaining", "4999")
                .withHeader("X-RateLimit-Used", "1")
                .withHeader("X-RateLimit-Reset", Long.toString(HEALTHY_RESET_EPOCH))
                .withHeader("X-RateLimit-Resource", "core");
    }

    /** The primary limit used up (403 or 429, {@code X-RateLimit-Remaining: 0}) until {@code reset}. */
    public static ResponseDefinitionBuilder primaryLimitExhausted(Instant reset, int status) {
        return error(status, "API rate limit exceeded for user ID 1. If you reach out to GitHub Support for help,"
                + " please include the request ID 0000:0000:0000000:0000000:00000000.")
                .withHeader("X-RateLimit-Limit", "5000")
                .withHeader("X-RateLimit-Remaining", "0")
                .withHeader("X-RateLimit-Used", "5000")
                .withHeader("X-RateLimit-Reset", Long.toString(reset.getEpochSecond()))
                .withHeader("X-RateLimit-Resource", "core");
    }

    /** A secondary limit that names its wait ({@code Retry-After}). */
    public static ResponseDefinitionBuilder retryAfter(int status, long seconds) {
        return secondaryLimit(status).withHeader("Retry-After", Long.toString(seconds));
    }

    /** A secondary limit without any header: the client must wait at least a minute. */
    public static ResponseDefinitionBuilder secondaryLimit(int status) {
        return error(status, "You have exceeded a secondary rate limit. Please wait a few minutes before you try"
                + " again. If you reach out to GitHub Support for help, please include the request ID"
                + " 0000:0000:0000000:0000000:00000000.");
    }

    /** An error answer with GitHub's body shape. */
    public static ResponseDefinitionBuilder error(int status, String message) {
        var body = FIXTURES.array(List.of()).objectNode();
        body.put("message", message);
        body.put("documentation_url", "https://docs.github.com/rest");
        body.put("status", Integer.toString(status));
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody(body.toString());
    }

    /** Paths and queries of the requests the server got, oldest first. */
    public List<String> requestedUrls() {
        List<String> urls = new ArrayList<>();
        server.getAllServeEvents().forEach(event -> urls.add(0, event.getRequest().getUrl()));
        return urls;
    }

    /**
     * The push webhook of one commit of the REST API's commit listing, as GitHub sends it (repository.pushed_at in
     * epoch seconds): what a history's pushes look like when its webhooks are sent instead of backfilled.
     */
    public static ObjectNode pushEvent(ObjectNode rest, JsonNode repository) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        JsonNode git = rest.path("commit");
        ObjectNode commit = nodes.objectNode();
        commit.put("id", rest.path("sha").asText());
        commit.put("message", git.path("message").asText());
        commit.put("timestamp", git.path("author").path("date").asText());
        commit.put("url", rest.path("html_url").asText());
        ObjectNode author = commit.putObject("author");
        author.put("name", git.path("author").path("name").asText());
        author.put("email", git.path("author").path("email").asText());
        author.put("username", rest.path("author").path("login").asText());
        ObjectNode payload = nodes.objectNode();
        payload.put("ref", "refs/heads/main");
        JsonNode parent = rest.path("parents").path(0).path("sha");
        payload.put("before", parent.isTextual() ? parent.asText() : "0000000000000000000000000000000000000000");
        payload.put("after", rest.path("sha").asText());
        payload.putArray("commits").add(commit);
        payload.set("head_commit", commit);
        ObjectNode repo = repository.deepCopy();
        repo.put("pushed_at", java.time.OffsetDateTime.parse(git.path("committer").path("date").asText())
                .toEpochSecond());
        payload.set("repository", repo);
        payload.putObject("pusher").put("name", git.path("committer").path("name").asText());
        return payload;
    }
}
