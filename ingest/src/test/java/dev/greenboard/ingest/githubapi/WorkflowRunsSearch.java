package dev.greenboard.ingest.githubapi;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

/**
 * GitHub's {@code GET /repos/{o}/{r}/actions/runs} as a WireMock extension: filters a repository's runs by the
 * {@code created} qualifier ({@code >=T}, {@code T..T}, a date), lists them newest first, counts them all in
 * {@code total_count} but lists at most 1,000 (as GitHub does), pages by {@code page}/{@code per_page} with Link
 * headers, and answers 304 to a matching {@code If-None-Match}.
 */
public final class WorkflowRunsSearch implements ResponseDefinitionTransformerV2 {

    public static final String NAME = "github-workflow-runs";

    private final Map<String, List<JsonNode>> runsByRepo = new ConcurrentHashMap<>();

    /** The runs of one repository from now on ({@code owner/name}). */
    public void serve(String repo, List<? extends JsonNode> runs) {
        runsByRepo.put(repo, List.copyOf(runs));
    }

    public void clear() {
        runsByRepo.clear();
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        Request request = serveEvent.getRequest();
        String repo = serveEvent.getTransformerParameters().getString("repo");
        List<JsonNode> all = runsByRepo.getOrDefault(repo, List.of());
        QueryParameter created = request.queryParameter("created");
        Instant[] range = created.isPresent() ? range(created.firstValue()) : new Instant[]{Instant.MIN, Instant.MAX};
        List<JsonNode> matching = all.stream().filter(run -> {
            Instant at = Instant.parse(run.path("created_at").asText());
            return !at.isBefore(range[0]) && !at.isAfter(range[1]);
        }).sorted(Comparator.comparing((JsonNode run) -> run.path("created_at").asText()).reversed()).toList();
        List<JsonNode> listed = matching.subList(0, Math.min(matching.size(), GitHubApiClient.RUNS_SEARCH_CAP));
        int perPage = intParam(request, "per_page", 30);
        int page = intParam(request, "page", 1);
        int from = Math.min(listed.size(), (page - 1) * perPage);
        int to = Math.min(listed.size(), page * perPage);
        JsonNode body = GitHubApiServer.FIXTURES.runsPage(matching.size(), listed.subList(from, to));
        int lastPage = Math.max(1, (listed.size() + perPage - 1) / perPage);
        String link = to < listed.size() ? GitHubApiServer.link(request.getAbsoluteUrl(), page + 1, lastPage) : null;
        return GitHubApiServer.conditional(request, body, link);
    }

    private static int intParam(Request request, String name, int fallback) {
        QueryParameter parameter = request.queryParameter(name);
        return parameter.isPresent() ? Integer.parseInt(parameter.firstValue()) : fallback;
    }

    /** {@code [from, to]} of a {@code created} qualifier; both ends inclusive. */
    static Instant[] range(String qualifier) {
        if (qualifier.startsWith(">=")) {
            return new Instant[]{start(qualifier.substring(2)), Instant.MAX};
        }
        if (qualifier.startsWith("<=")) {
            return new Instant[]{Instant.MIN, end(qualifier.substring(2))};
        }
        int dots = qualifier.indexOf("..");
        if (dots >= 0) {
            return new Instant[]{start(qualifier.substring(0, dots)), end(qualifier.substring(dots + 2))};
        }
        return new Instant[]{start(qualifier), end(qualifier)};
    }

    private static Instant start(String text) {
        return text.length() == 10
                ? LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC)
                : OffsetDateTime.parse(text).toInstant();
    }

    private static Instant end(String text) {
        return text.length() == 10
                ? LocalDate.parse(text).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC)
                        .minusNanos(1)
                : OffsetDateTime.parse(text).toInstant().plusNanos(999_999_999);
    }
}
