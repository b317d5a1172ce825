package dev.greenboard.ingest.githubapi;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.http.Fault;

import dev.greenboard.ingest.githubapi.GitHubApiException.Kind;
import dev.greenboard.ingest.githubapi.GitHubApiFixtures.History;

class GitHubApiClientTest {

    private static final GitHubApiFixtures FX = GitHubApiServer.FIXTURES;
    private static final RepoRef REPO = RepoRef.parse("acme/app");
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static GitHubApiServer github;

    private final FakeTime time = new FakeTime(NOW);

    @BeforeAll
    static void startServer() {
        github = GitHubApiServer.start();
    }

    @AfterAll
    static void stopServer() {
        github.stop();
    }

    @AfterEach
    void resetServer() {
        github.reset();
    }

    private History history(int commits) {
        return FX.history(REPO.fullName()).start(NOW.minus(Duration.ofDays(5))).every(Duration.ofMinutes(10))
                .commits(commits).build();
    }

    private static List<Long> ids(List<? extends JsonNode> items) {
        return items.stream().map(item -> item.path("id").asLong()).toList();
    }

    private static List<String> shas(List<? extends JsonNode> commits) {
        return commits.stream().map(commit -> commit.path("sha").asText()).toList();
    }

    @Test
    void followsLinkHeadersOverThreePagesWithGitHubsHeaders() {
        ObjectNode run = FX.run().repo(REPO.fullName()).id(31).headSha(FX.sha("c31")).completed("success").build();
        long runId = 31;
        List<ObjectNode> jobs = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            jobs.add(FX.job().of(run).id(500_000 + i).name("shard " + i).build());
        }
        github.pagedList(REPO.path() + "/actions/runs/" + runId + "/jobs", Map.of("filter", "all"), jobs,
                GitHubApiServer.PageBody.wrapped("jobs"));

        List<Page> pages = new ArrayList<>();
        github.client(time).workflowRunJobs(REPO, runId).forEach(pages::add);

        assertEquals(3, pages.size());
        assertEquals(List.of(100, 100, 50), pages.stream().map(page -> page.items().size()).toList());
        assertEquals(ids(jobs), pages.stream().flatMap(page -> ids(page.items()).stream()).toList());
        assertEquals(250, pages.get(0).totalCount().getAsLong());
        assertFalse(pages.get(2).hasNext());
        assertEquals(List.of("/repos/acme/app/actions/runs/" + runId + "/jobs?filter=all&per_page=100",
                "/repos/acme/app/actions/runs/" + runId + "/jobs?filter=all&per_page=100&page=2",
                "/repos/acme/app/actions/runs/" + runId + "/jobs?filter=all&per_page=100&page=3"),
                github.requestedUrls());
        github.server().verify(3, getRequestedFor(urlPathEqualTo("/repos/acme/app/actions/runs/" + runId + "/jobs"))
                .withHeader("Authorization", equalTo("Bearer " + GitHubApiServer.TOKEN))
                .withHeader("Accept", equalTo("application/vnd.github+json"))
                .withHeader("X-GitHub-Api-Version", equalTo("2022-11-28"))
                .withHeader("User-Agent", equalTo("Greenboard")));
    }

    @Test
    void notModifiedReusesTheStoredPageAndSendsIfNoneMatch() {
        History history = history(150);
        github.pagedList(REPO.path() + "/commits", Map.of("sha", "main"), history.commits(),
                GitHubApiServer.PageBody.ARRAY);
        GitHubApiClient client = github.client(time);

        List<Page> first = new ArrayList<>();
        client.commits(REPO, "main", NOW.minus(Duration.ofDays(30))).forEach(first::add);
        List<Page> second = new ArrayList<>();
        client.commits(REPO, "main", NOW.minus(Duration.ofDays(30))).forEach(second::add);

        assertEquals(List.of(false, false), first.stream().map(Page::notModified).toList());
        assertEquals(List.of(true, true), second.stream().map(Page::notModified).toList());
        assertEquals(first.stream().map(Page::items).toList(), second.stream().map(Page::items).toList());
        // The stored page keeps its Link: the 304 of page 1 still leads to page 2.
        assertEquals(first.get(0).next(), second.get(0).next());
        github.server().verify(2, getRequestedFor(urlPathEqualTo("/repos/acme/app/commits"))
                .withHeader("If-None-Match", matching("W/\".+\"")));
        github.server().verify(2, getRequestedFor(urlPathEqualTo("/repos/acme/app/commits"))
                .withHeader("If-None-Match", absent()));
        github.server().verify(getRequestedFor(urlPathEqualTo("/repos/acme/app/commits"))
                .withQueryParam("sha", equalTo("main")).withQueryParam("since", equalTo("2026-11-01T12:00:00Z")));
    }

    @Test
    void aChangedPageReplacesTheStoredOne() {
        ObjectNode running = FX.job().id(77).inProgress(NOW).build();
        github.object(REPO.path() + "/actions/jobs/77", running);
        GitHubApiClient client = github.client(time);
        assertEquals("in_progress", client.job(REPO, 77).path("status").asText());

        github.reset();
        github.object(REPO.path() + "/actions/jobs/77", FX.job().id(77).completed("success", NOW, NOW.plusSeconds(60))
                .build());

        assertEquals("completed", client.job(REPO, 77).path("status").asText());
        assertEquals("completed", client.job(REPO, 77).path("status").asText());
        github.server().verify(1, getRequestedFor(urlPathEqualTo("/repos/acme/app/actions/jobs/77"))
                .withHeader("If-None-Match", equalTo(GitHubApiServer.etag(running))));
    }

    @ParameterizedTest
    @ValueSource(ints = {403, 429})
    void anExhaustedPrimaryLimitWaitsUntilTheResetThenResumes(int status) {
        github.object(REPO.path(), FX.repository(REPO.fullName(), 99, "main"));
        Instant reset = NOW.plus(Duration.ofMinutes(17));
        github.answerFirst(github.path(REPO.path()), GitHubApiServer.primaryLimitExhausted(reset, status));
        GitHubApiClient client = github.client(time);
        List<Instant> waitingUntil = new ArrayList<>();
        List<RateLimitState> stateWhileWaiting = new ArrayList<>();
        time.onSleep(duration -> {
            waitingUntil.add(client.waitingUntil().orElse(null));
            stateWhileWaiting.add(client.rateLimit().orElse(null));
        });

        GitHubRepository repository = client.repository(REPO);

        assertEquals(99, repository.id());
        assertEquals("main", repository.defaultBranch());
        assertEquals(List.of(Duration.ofMinutes(17).plusSeconds(1)), time.sleeps());
        assertEquals(List.of(reset.plusSeconds(1)), waitingUntil);
        assertEquals(0, stateWhileWaiting.get(0).remaining());
        assertEquals(reset, stateWhileWaiting.get(0).reset());
        assertTrue(client.waitingUntil().isEmpty());
        assertEquals(4999, client.rateLimit().orElseThrow().remaining());
        github.server().verify(2, getRequestedFor(urlPathEqualTo("/repos/acme/app")));
    }

    @Test
    void aKnownExhaustedLimitIsWaitedOutBeforeAsking() {
        github.object(REPO.path() + "/actions/runs/5", FX.run().id(5).build());
        Instant reset = NOW.plus(Duration.ofMinutes(3));
        // The last request of the window succeeds and says none are left.
        github.answerFirst(github.path(REPO.path() + "/actions/runs/5"),
                aResponse().withStatus(200).withBody(FX.run().id(5).build().toString())
                        .withHeader("X-RateLimit-Remaining", "0").withHeader("X-RateLimit-Limit", "5000")
                        .withHeader("X-RateLimit-Reset", Long.toString(reset.getEpochSecond())));
        GitHubApiClient client = github.client(time);

        client.workflowRun(REPO, 5);
        assertEquals(List.of(), time.sleeps());
        client.workflowRun(REPO, 5);

        assertEquals(List.of(Duration.ofMinutes(3).plusSeconds(1)), time.sleeps());
        github.server().verify(2, getRequestedFor(urlPathEqualTo("/repos/acme/app/actions/runs/5")));
    }

    @Test
    void retryAfterIsWaitedExactly() {
        github.object(REPO.path() + "/actions/runs/5", FX.run().id(5).build());
        github.answerFirst(github.path(REPO.path() + "/actions/runs/5"), GitHubApiServer.retryAfter(429, 37));

        JsonNode run = github.client(time).workflowRun(REPO, 5);

        assertEquals(5, run.path("id").asLong());
        assertEquals(List.of(Duration.ofSeconds(37)), time.sleeps());
    }

    @Test
    void aSecondaryLimitWithoutHeadersWaitsAtLeastAMinuteAndLongerEachTime() {
        github.object(REPO.path() + "/actions/runs/5", FX.run().id(5).build());
        github.answerFirst(github.path(REPO.path() + "/actions/runs/5"), GitHubApiServer.secondaryLimit(403),
                GitHubApiServer.secondaryLimit(403), GitHubApiServer.secondaryLimit(403));

        JsonNode run = github.client(time).workflowRun(REPO, 5);

        assertEquals(5, run.path("id").asLong());
        assertEquals(List.of(Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(4)), time.sleeps());
    }

    @Test
    void aRateLimitThatOutlastsTheAllowedWaitFailsTyped() {
        github.answerFirst(github.path(REPO.path()),
                GitHubApiServer.primaryLimitExhausted(NOW.plus(Duration.ofHours(5)), 403));

        GitHubApiException e = assertThrows(GitHubApiException.class, () -> github.client(time).repository(REPO));

        assertEquals(Kind.RATE_LIMITED, e.kind());
        assertEquals(403, e.status());
        assertEquals(List.of(), time.sleeps());
    }

    @Test
    void serverErrorsAndBrokenAnswersAreRetriedWithGrowingBackoff() {
        github.object(REPO.path() + "/actions/runs/5", FX.run().id(5).build());
        github.answerFirst(github.path(REPO.path() + "/actions/runs/5"),
                GitHubApiServer.error(502, "Server Error"),
                aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE),
                GitHubApiServer.error(503, "Service Unavailable"));

        JsonNode run = github.client(time).workflowRun(REPO, 5);

        assertEquals(5, run.path("id").asLong());
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4)), time.sleeps());
    }

    @Test
    void aServerThatIsNotThereIsRetriedThenFailsTyped() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        GitHubApiConfig config = GitHubApiTestConfig.forServer("http://127.0.0.1:" + closedPort, GitHubApiServer.TOKEN);
        GitHubApiClient client = new GitHubApiClient(new GitHubApiTransport(config,
                TokenSource.of(GitHubApiServer.TOKEN), new InMemoryEtagStore(1 << 20), time, time));

        GitHubApiException e = assertThrows(GitHubApiException.class, () -> client.workflowRun(REPO, 5));

        assertEquals(Kind.TRANSPORT, e.kind());
        assertEquals(0, e.status());
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofSeconds(8)), time.sleeps());
    }

    @Test
    void serverErrorsBeyondTheRetriesFailTyped() {
        github.answerFirst(github.path(REPO.path() + "/actions/runs/5"), GitHubApiServer.error(500, "a"),
                GitHubApiServer.error(500, "b"), GitHubApiServer.error(500, "c"), GitHubApiServer.error(500, "d"),
                GitHubApiServer.error(500, "e"));

        GitHubApiException e = assertThrows(GitHubApiException.class, () -> github.client(time).workflowRun(REPO, 5));

        assertEquals(Kind.SERVER_ERROR, e.kind());
        assertEquals("e", e.githubMessage());
        assertEquals(4, time.sleeps().size());
    }

    @Test
    void notFoundIsATypedExceptionWithGitHubsMessage() {
        github.answerFirst(github.path(REPO.path() + "/actions/jobs/404"), GitHubApiServer.error(404, "Not Found"));

        GitHubApiException e = assertThrows(GitHubApiException.class, () -> github.client(time).job(REPO, 404));

        assertEquals(Kind.NOT_FOUND, e.kind());
        assertTrue(e.isNotFound());
        assertEquals(404, e.status());
        assertEquals("Not Found", e.githubMessage());
        assertEquals("https://docs.github.com/rest", e.documentationUrl());
        assertEquals("GitHub API GET /repos/acme/app/actions/jobs/404 answered 404 (not_found): Not Found",
                e.getMessage());
        assertEquals(List.of(), time.sleeps());
    }

    @Test
    void aForbiddenThatIsNoRateLimitFailsAtOnce() {
        github.answerFirst(github.path(REPO.path() + "/hooks/7/deliveries"),
                GitHubApiServer.error(403, "Resource not accessible by integration"));

        GitHubApiException e = assertThrows(GitHubApiException.class,
                () -> github.client(time).hookDeliveries(REPO, 7, null).allItems());

        assertEquals(Kind.FORBIDDEN, e.kind());
        assertEquals("Resource not accessible by integration", e.githubMessage());
        assertEquals(List.of(), time.sleeps());
    }

    @Test
    void enterpriseServerBaseUrlKeepsItsPathPrefix() {
        GitHubApiServer enterprise = GitHubApiServer.start("/api/v3");
        try {
            History history = history(130);
            enterprise.serve(history);
            GitHubApiConfig config = GitHubApiTestConfig.forServer(enterprise.apiUrl() + "/", GitHubApiServer.TOKEN);
            GitHubApiClient client = new GitHubApiClient(new GitHubApiTransport(config,
                    TokenSource.of(GitHubApiServer.TOKEN), new InMemoryEtagStore(1 << 20), time, time));

            assertEquals(4242, client.repository(REPO).id());
            assertEquals(shas(history.commits()), shas(client.commits(REPO, "main", null).allItems()));
            assertEquals(List.of("/api/v3/repos/acme/app", "/api/v3/repos/acme/app/commits?sha=main&per_page=100",
                    "/api/v3/repos/acme/app/commits?per_page=100&page=2"), enterprise.requestedUrls());
        } finally {
            enterprise.stop();
        }
    }

    @Test
    void aRunsRangeOverTheSearchCapIsSplitIntoWindowsThatTogetherListEveryRunOnce() {
        // 2,100 runs over 10 days: one query would list only 1,000 of them. (No jobs: the heap is 256 MB.)
        History history = FX.history(REPO.fullName()).start(NOW.minus(Duration.ofDays(10)))
                .every(Duration.ofMinutes(7)).commits(2100).jobNames().build();
        github.workflowRuns(REPO.fullName(), history.runs());
        GitHubApiClient client = github.client(time);
        Instant since = NOW.minus(Duration.ofDays(14));

        List<RunWindow> windows = client.planWorkflowRunWindows(REPO, since, null);
        List<Long> listed = new ArrayList<>();
        for (RunWindow window : windows) {
            client.workflowRuns(REPO, window).items().forEach(run -> listed.add(run.path("id").asLong()));
        }

        assertTrue(windows.size() >= 3, "windows: " + windows);
        assertTrue(windows.stream().allMatch(window -> window.totalCount() <= GitHubApiClient.RUNS_SEARCH_CAP));
        assertEquals(2100, windows.stream().mapToLong(RunWindow::totalCount).sum());
        assertNull(windows.get(0).to(), "the newest window stays open");
        assertEquals(since, windows.get(windows.size() - 1).from());
        for (int i = 0; i + 1 < windows.size(); i++) {
            assertEquals(windows.get(i).from(), windows.get(i + 1).to().plusSeconds(1), "no gap, no overlap");
        }
        assertEquals(2100, listed.size());
        assertEquals(new HashSet<>(ids(history.runs())), new HashSet<>(listed));
        // The window's first page was the plan's probe: reading it again cost a 304.
        github.server().verify(windows.size(), getRequestedFor(urlPathEqualTo("/repos/acme/app/actions/runs"))
                .withHeader("If-None-Match", matching(".+")));
    }

    @Test
    void runsCreatedSinceReadsAllWindowsInOrder() {
        History history = FX.history(REPO.fullName()).start(NOW.minus(Duration.ofDays(3)))
                .every(Duration.ofMinutes(2)).commits(1500).jobNames().build();
        github.workflowRuns(REPO.fullName(), history.runs());

        List<Long> listed = new ArrayList<>();
        for (Page page : github.client(time).workflowRunsCreatedSince(REPO, NOW.minus(Duration.ofDays(4)))) {
            listed.addAll(ids(page.items()));
        }

        assertEquals(ids(history.runs()), listed, "newest first, every run once");
    }

    @Test
    void aSmallRangeIsOneOpenWindowQueriedWithGreaterOrEqual() {
        History history = history(40);
        github.workflowRuns(REPO.fullName(), history.runs());

        List<RunWindow> windows = github.client(time).planWorkflowRunWindows(REPO,
                Instant.parse("2026-11-20T00:00:00Z"), null);

        assertEquals(List.of(new RunWindow(Instant.parse("2026-11-20T00:00:00Z"), null, 40)), windows);
        github.server().verify(getRequestedFor(urlPathEqualTo("/repos/acme/app/actions/runs"))
                .withQueryParam("created", equalTo(">=2026-11-20T00:00:00+00:00")));
    }

    @Test
    void runAttemptsAndTheirJobs() {
        History history = FX.history(REPO.fullName()).commits(4).rerunEvery(2).build();
        github.serve(history);
        JsonNode rerun = history.runs().stream().filter(run -> run.path("run_attempt").asInt() == 2).findFirst()
                .orElseThrow();
        long runId = rerun.path("id").asLong();
        GitHubApiClient client = github.client(time);

        assertEquals(1, client.workflowRunAttempt(REPO, runId, 1).path("run_attempt").asInt());
        assertEquals(2, client.workflowRun(REPO, runId).path("run_attempt").asInt());
        assertEquals(ids(history.jobsOfAttempt(runId, 1)), ids(client.workflowRunAttemptJobs(REPO, runId, 1)
                .allItems()));
        List<JsonNode> all = client.workflowRunJobs(REPO, runId).allItems();
        assertEquals(6, all.size());
        assertEquals(Set.of(1, 2), Set.copyOf(all.stream().map(job -> job.path("run_attempt").asInt()).toList()));
    }

    @Test
    void pullRequestsStopAtTheFirstOneUpdatedBeforeSince() {
        List<ObjectNode> pulls = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            pulls.add(FX.pullRequest().repo(REPO.fullName(), 1).number(1000 - i).id(1000 - i)
                    .createdAt(NOW.minus(Duration.ofDays(400))).updatedAt(NOW.minus(Duration.ofHours(i))).build());
        }
        github.pagedList(REPO.path() + "/pulls", Map.of("state", "all", "sort", "updated", "direction", "desc"), pulls,
                GitHubApiServer.PageBody.ARRAY);

        List<JsonNode> recent = github.client(time).pullRequests(REPO, NOW.minus(Duration.ofHours(119).plusMinutes(30)))
                .allItems();

        assertEquals(120, recent.size());
        assertEquals(1000, recent.get(0).path("number").asInt());
        assertEquals(881, recent.get(119).path("number").asInt());
        assertEquals(2, github.requestedUrls().size(), "page 3 is never asked for");
    }

    @Test
    void hookDeliveriesFollowCursorsAndRedeliveryIsRequested() {
        List<ObjectNode> deliveries = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            GitHubApiFixtures.DeliveryBuilder delivery = FX.delivery().id(9000 - i).guid("guid-" + i)
                    .deliveredAt(NOW.minus(Duration.ofMinutes(10L * i))).event("workflow_job", "completed");
            deliveries.add((i == 2 ? delivery.failed(503) : i == 4 ? delivery.failed(0) : delivery.ok()).build());
        }
        github.deliveries(REPO, 7, deliveries, 3);
        github.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock
                .post(urlPathEqualTo("/repos/acme/app/hooks/7/deliveries/8998/attempts"))
                .willReturn(aResponse().withStatus(202).withHeader("Content-Type", "application/json").withBody("{}")));
        GitHubApiClient client = github.client(time);

        List<HookDelivery> listed = client.hookDeliveries(REPO, 7, NOW.minus(Duration.ofMinutes(45))).items()
                .map(HookDelivery::of).toList();
        List<HookDelivery> failed = listed.stream().filter(HookDelivery::failed).toList();
        client.redeliver(REPO, 7, failed.get(0).id());

        assertEquals(List.of(9000L, 8999L, 8998L, 8997L, 8996L), listed.stream().map(HookDelivery::id).toList());
        assertEquals(List.of(8998L, 8996L), failed.stream().map(HookDelivery::id).toList());
        assertEquals("guid-2", failed.get(0).guid());
        assertEquals(NOW.minus(Duration.ofMinutes(20)), failed.get(0).deliveredAt());
        assertEquals(List.of("/repos/acme/app/hooks/7/deliveries?per_page=100",
                "/repos/acme/app/hooks/7/deliveries?per_page=3&cursor=v1_8997",
                "/repos/acme/app/hooks/7/deliveries/8998/attempts"), github.requestedUrls());
        github.server().verify(postRequestedFor(urlPathEqualTo("/repos/acme/app/hooks/7/deliveries/8998/attempts"))
                .withHeader("Authorization", equalTo("Bearer " + GitHubApiServer.TOKEN)));
    }

    @Test
    void aNextLinkToAnotherOriginIsRefusedSoTheTokenStaysHome() {
        github.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock
                .get(urlPathEqualTo("/repos/acme/app/commits"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withHeader("Link", "<https://evil.example/steal?page=2>; rel=\"next\"").withBody("[]")));
        Pages pages = github.client(time).commits(REPO, "main", null);
        Iterator<Page> iterator = pages.iterator();
        Page first = iterator.next();

        GitHubApiException e = assertThrows(GitHubApiException.class, iterator::next);

        assertEquals(URI.create("https://evil.example/steal?page=2"), first.next());
        assertEquals(Kind.PROTOCOL, e.kind());
        assertEquals(1, github.requestedUrls().size());
    }

    @Test
    void aStoredNextLinkResumesTheListing() {
        History history = history(250);
        github.pagedList(REPO.path() + "/commits", Map.of(), history.commits(), GitHubApiServer.PageBody.ARRAY);
        GitHubApiClient client = github.client(time);
        Page first = client.commits(REPO, "main", null).iterator().next();

        List<JsonNode> rest = client.resume(first.next(), null).allItems();

        assertEquals(shas(history.commits().subList(100, 250)), shas(rest));
    }
}
