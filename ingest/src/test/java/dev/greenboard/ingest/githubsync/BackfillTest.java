package dev.greenboard.ingest.githubsync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.greenboard.ingest.github.WebhookIngestService;
import dev.greenboard.ingest.githubapi.FakeTime;
import dev.greenboard.ingest.githubapi.GitHubApiClient;
import dev.greenboard.ingest.githubapi.GitHubApiConfig;
import dev.greenboard.ingest.githubapi.GitHubApiFixtures;
import dev.greenboard.ingest.githubapi.GitHubApiFixtures.History;
import dev.greenboard.ingest.githubapi.GitHubApiServer;
import dev.greenboard.ingest.githubapi.GitHubApiTestConfig;
import dev.greenboard.ingest.githubapi.GitHubApiTransport;
import dev.greenboard.ingest.githubapi.Sleeper;
import dev.greenboard.ingest.githubapi.TokenSource;
import dev.greenboard.model.database.Sql;
import dev.greenboard.model.database.TestDatabase;
import dev.greenboard.testkit.Webhooks;

/**
 * Backfills against a stand-in GitHub API (WireMock) serving a history built from the corpus's real webhook
 * payloads: several pages, twice, alongside webhooks, through rate limits, with 304s from the stored ETags, and
 * resumed after a stop. Each test has a repository, run ids and job ids of its own (the database is shared).
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class BackfillTest {

    static final GitHubApiFixtures FX = GitHubApiServer.FIXTURES;
    static final Instant START = Instant.parse("2026-11-01T00:00:00Z");
    static final Instant SINCE = Instant.parse("2026-10-31T00:00:00Z");
    static GitHubApiServer github;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    WebhookIngestService webhooks;

    @Inject
    GitHubApiConfig config;

    Sql sql;
    BackfillStore store;
    JdbcEtagStore etags;

    @BeforeAll
    static void startServer() {
        github = GitHubApiServer.start();
    }

    @AfterAll
    static void stopServer() {
        github.stop();
    }

    @BeforeEach
    void setUp() {
        sql = new Sql(dataSource);
        store = new BackfillStore(dataSource);
        etags = new JdbcEtagStore(dataSource, config);
    }

    @AfterEach
    void resetServer() {
        github.reset();
    }

    /** A history with reruns, failures, still-running runs, pull requests; 150 commits: two pages of each list. */
    static History history(String repo, long repoId, int commits, long firstRunId) {
        return FX.history(repo).repoId(repoId).start(START).every(Duration.ofMinutes(20)).commits(commits)
                .rerunEvery(5).failEvery(7).inProgressLatest(2).pullRequests(3)
                .firstIds(firstRunId, firstRunId * 10).build();
    }

    GitHubApiClient client(FakeTime time) {
        return github.client(time, etags);
    }

    BackfillRunner runner(GitHubApiClient client) {
        return new BackfillRunner(client, store, new SyncWriter(webhooks), dataSource);
    }

    Backfill backfill(String repo, GitHubApiClient client) throws Exception {
        Backfill created = store.createOrActive(repo, SINCE);
        assertTrue(store.claim(created.id(), "test", Duration.ofMinutes(2)));
        assertEquals(BackfillRunner.Outcome.DONE, runner(client).run(created.id()));
        return store.load(created.id()).orElseThrow();
    }

    /** Every stored fact of a repository that a backfill writes, one line each, sorted; times at full precision. */
    String snapshot(String repo) {
        StringBuilder text = new StringBuilder();
        for (Map<String, Object> row : sql.rows("""
                select line from (
                  select 'job ' || id || ' run ' || run_id || '/' || run_attempt || ' ' || name || ' ' || status
                      || ' ' || coalesce(conclusion, '-') || ' ' || coalesce(started_at::text, '-') || ' '
                      || coalesce(completed_at::text, '-') || ' ' || head_sha || ' ' || coalesce(head_branch, '-')
                      || ' ' || coalesce(runner_name, '-') || ' ' || labels::text as line
                    from job where repo_id = repository_id(?)
                  union all
                  select 'run ' || id || '/' || run_attempt || ' ' || status || ' ' || coalesce(conclusion, '-')
                      || ' ' || head_sha || ' ' || coalesce(head_branch, '-') || ' ' || coalesce(created_at::text, '-')
                      || ' ' || coalesce(updated_at::text, '-')
                    from workflow_run where repo_id = repository_id(?)
                  union all
                  select 'branch ' || branch || ' ' || sha || ' ' || seen_at || ' ' || push_ordinal
                    from branch_commit where repo_id = repository_id(?)
                  union all
                  select 'commit ' || sha || ' ' || coalesce(message, '-') || ' ' || coalesce(author_name, '-')
                      || ' ' || coalesce(committed_at::text, '-')
                    from commit where repo_id = repository_id(?)
                  union all
                  select 'pushes ' || count(*) from push where repo_id = repository_id(?)
                  union all
                  select 'pr ' || number || ' ' || state || ' ' || coalesce(head_sha, '-') || ' '
                      || coalesce(updated_at::text, '-')
                    from pull_request where repo_id = repository_id(?)
                  union all
                  select 'prcommit ' || number || ' ' || sha from pull_request_commit
                    where repo_id = repository_id(?)) facts
                order by line""", repo, repo, repo, repo, repo, repo, repo)) {
            text.append(row.get("line")).append('\n');
        }
        return text.toString();
    }

    static long runRows(History history) {
        return history.runs().stream().mapToLong(run -> run.path("run_attempt").asLong(1)).sum();
    }

    @Test
    void backfillsSeveralPagesOfEveryListing() throws Exception {
        String repo = "sync-pages/app";
        History history = history(repo, 91_001, 150, 91_001_000L);
        github.serve(history);

        Backfill done = backfill(repo, client(new FakeTime(Instant.now())));

        assertEquals("done", done.state());
        assertEquals("done", done.phase());
        assertEquals("main", done.defaultBranch());
        assertNull(done.error());
        assertEquals(150, done.commitsStored());
        assertEquals(runRows(history), done.runsStored());
        assertEquals(history.allJobs().size(), done.jobsStored());
        assertEquals(3, done.pullRequestsStored());
        assertEquals(150, done.runsTotal());
        assertEquals(150, done.runsRead());
        // 2 pages of commits, 2 of runs (the planning probe was the first, answered 304 the second time), a jobs
        // page per run, 1 of pull requests.
        assertEquals(2 + 2 + 150 + 1, done.pagesFetched());
        assertEquals(4999L, done.rateLimitRemaining());

        assertEquals(150, sql.count("select count(*) from branch_commit where repo_id = repository_id(?)"
                + " and branch = 'main'", repo));
        assertEquals(runRows(history), sql.count("select count(*) from workflow_run where repo_id = repository_id(?)",
                repo));
        assertEquals(history.allJobs().size(), sql.count("select count(*) from job where repo_id ="
                + " repository_id(?)", repo));
        for (JsonNode job : history.allJobs()) {
            Map<String, Object> row = sql.row("select status, conclusion, run_attempt from job where id = ?",
                    job.path("id").asLong());
            assertEquals(job.path("status").asText(), row.get("status"));
            assertEquals(job.path("conclusion").isNull() ? null : job.path("conclusion").asText(),
                    row.get("conclusion"));
            assertEquals(job.path("run_attempt").asInt(), row.get("run_attempt"));
        }
        // The HUD orders a branch's rows by when each commit landed: the commits' own times, oldest first.
        List<Map<String, Object>> order = sql.rows("select sha from branch_commit where repo_id = repository_id(?)"
                + " order by seen_at, push_ordinal", repo);
        List<String> expected = new ArrayList<>();
        history.commits().forEach(commit -> expected.add(0, commit.path("sha").asText()));
        assertEquals(expected, order.stream().map(row -> row.get("sha")).toList());
        assertEquals(3, sql.count("select count(*) from pull_request where repo_id = repository_id(?)", repo));
        // Kept raw like any delivery, under ids that say where they came from.
        assertEquals(150 + runRows(history) + history.allJobs().size() + 3, sql.count(
                "select count(*) from webhook_delivery where repo_id = repository_id(?) and delivery_id like"
                        + " 'gbsync-%' and normalized",
                repo));
    }

    @Test
    void theReviewsOfMergedPullRequestsAreStoredOnce() throws Exception {
        String repo = "sync-reviews/app";
        History base = FX.history(repo).repoId(91_007).start(START).every(Duration.ofMinutes(20)).commits(10)
                .pullRequests(0).firstIds(91_007_000L, 910_070_000L).build();
        ObjectNode merged = FX.pullRequest().repo(repo, 91_007).number(7).id(707_007L).headSha(HEAD_7)
                .headRef("feature-7").baseRef("main").createdAt(START).merged(START.plus(Duration.ofHours(3)),
                        "e".repeat(40))
                .build();
        ObjectNode open = FX.pullRequest().repo(repo, 91_007).number(8).id(707_008L).headSha("b".repeat(40))
                .headRef("feature-8").baseRef("main").createdAt(START).updatedAt(START.plus(Duration.ofHours(2)))
                .build();
        History history = new History(repo, base.repository(), base.commits(), base.runs(), base.jobsByRun(),
                List.of(merged, open));
        github.serve(history);
        github.reviews(dev.greenboard.ingest.githubapi.RepoRef.parse(repo), 7, List.of(
                review(9_001, "COMMENTED", START.plus(Duration.ofHours(1))),
                review(9_002, "APPROVED", START.plus(Duration.ofHours(2))),
                review(9_003, "DISMISSED", START.plus(Duration.ofMinutes(150)))));

        Backfill first = backfill(repo, client(new FakeTime(Instant.now())));

        List<Map<String, Object>> expected = List.of(
                Map.of("pr_number", 7, "review_id", 9_001L, "state", "COMMENTED", "author", "reviewer-9001"),
                Map.of("pr_number", 7, "review_id", 9_002L, "state", "APPROVED", "author", "reviewer-9002"),
                Map.of("pr_number", 7, "review_id", 9_003L, "state", "DISMISSED", "author", "reviewer-9003"));
        String reviews = "select pr_number, review_id, state, author from pull_request_review"
                + " where repo_id = repository_id(?) order by review_id";
        assertEquals(expected, sql.rows(reviews, repo));
        assertEquals(3, sql.count("select count(*) from webhook_delivery where repo_id = repository_id(?)"
                + " and event = 'pull_request_review' and delivery_id like 'gbsync-review-%' and normalized", repo));
        // 1 page of commits, 1 of runs, a jobs page per run, 1 of pull requests, 1 of #7's reviews; an open pull
        // request's reviews are not read (it is listed again once merged).
        assertEquals(1 + 1 + history.runs().size() + 1 + 1, first.pagesFetched());
        assertEquals(0, github.server().findAll(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching(".*/pulls/8/reviews"))).size());

        long deliveries = sql.count("select count(*) from webhook_delivery where repo_id = repository_id(?)", repo);
        backfill(repo, client(new FakeTime(Instant.now())));
        assertEquals(expected, sql.rows(reviews, repo));
        assertEquals(deliveries,
                sql.count("select count(*) from webhook_delivery where repo_id = repository_id(?)", repo));
    }

    private static final String HEAD_7 = "a".repeat(40);

    /** A review as {@code GET /repos/{o}/{r}/pulls/{n}/reviews} lists it (GitHub's REST shape). */
    private static ObjectNode review(long id, String state, Instant submitted) {
        ObjectNode review = JsonNodeFactory.instance.objectNode();
        review.put("id", id);
        review.put("node_id", "PRR_" + id);
        review.putObject("user").put("login", "reviewer-" + id).put("id", 8_000_000L + id).put("type", "User");
        review.put("body", state.equals("APPROVED") ? "LGTM" : "A question on the shard plan.");
        review.put("state", state);
        review.put("html_url", "https://github.com/sync-reviews/app/pull/7#pullrequestreview-" + id);
        review.put("pull_request_url", "https://api.github.com/repos/sync-reviews/app/pulls/7");
        review.put("author_association", "MEMBER");
        review.put("submitted_at", submitted.toString());
        review.put("commit_id", HEAD_7);
        return review;
    }

    @Test
    void theSameBackfillTwiceChangesNothingAndCostsOnly304s() throws Exception {
        String repo = "sync-twice/app";
        History history = history(repo, 91_002, 120, 91_002_000L);
        github.serve(history);
        backfill(repo, client(new FakeTime(Instant.now())));
        String first = snapshot(repo);
        long deliveries = sql.count("select count(*) from webhook_delivery where repo_id = repository_id(?)", repo);

        // A new client, as after a restart: the ETags come from the table.
        Backfill second = backfill(repo, client(new FakeTime(Instant.now())));

        assertEquals(first, snapshot(repo));
        assertEquals(deliveries,
                sql.count("select count(*) from webhook_delivery where repo_id = repository_id(?)", repo));
        assertEquals(0, second.commitsStored());
        assertEquals(0, second.runsStored());
        assertEquals(0, second.jobsStored());
        assertEquals(0, second.pullRequestsStored());
        // Every page but none was a 304 answered from the stored page (the repository object is not a page).
        assertEquals(second.pagesFetched(), second.pagesNotModified());
        assertTrue(second.pagesFetched() > 120);
        long conditional = github.server().getAllServeEvents().stream()
                .filter(event -> event.getResponse().getStatus() == 304).count();
        long all = github.server().getAllServeEvents().size();
        assertTrue(conditional > 0);
        assertTrue(all > conditional, "the first backfill's answers were 200s");
    }

    @Test
    void aBackfillAlongsideWebhooksOfTheSameJobsStoresTheSameRows() throws Exception {
        String alone = "sync-alone/app";
        String live = "sync-live/app";
        History aloneHistory = history(alone, 91_003, 60, 91_003_000L);
        // Job ids 7,000,000 apart: the fixtures name runners by job id modulo 7, so both histories name the same ones.
        History liveHistory = history(live, 91_004, 60, 91_003_000L + 700_000L);
        github.serve(aloneHistory);
        github.serve(liveHistory);
        backfill(alone, client(new FakeTime(Instant.now())));

        // The pushes came as webhooks at the time; now the jobs' webhooks (a rerun finishing, a redelivery) arrive
        // while the backfill reads the same jobs. A commit already on the branch is not pushed again by the backfill.
        List<ObjectNode> oldestFirst = new ArrayList<>(liveHistory.commits());
        java.util.Collections.reverse(oldestFirst);
        for (ObjectNode commit : oldestFirst) {
            Webhooks.deliver("push", GitHubApiServer.pushEvent(commit, liveHistory.repository()).toString()
                    .getBytes(StandardCharsets.UTF_8)).statusCode(200);
        }
        CompletableFuture<Integer> deliveries = CompletableFuture.supplyAsync(() -> {
            int sent = 0;
            for (ObjectNode job : liveHistory.allJobs()) {
                deliver("workflow_job", "workflow_job", job, liveHistory.repository());
                sent++;
            }
            return sent;
        });
        Backfill backfill = backfill(live, client(new FakeTime(Instant.now())));
        assertTrue(deliveries.join() > 0);

        assertEquals("done", backfill.state());
        assertEquals(0, backfill.commitsStored(), "every commit was on the branch already");
        assertEquals(normalize(snapshot(alone), aloneHistory, liveHistory), snapshot(live));
    }

    /** The alone repository's snapshot with the live one's shas and ids, which differ only by their seeds. */
    private static String normalize(String snapshot, History from, History to) {
        String text = snapshot;
        for (int i = 0; i < from.commits().size(); i++) {
            text = text.replace(from.commits().get(i).path("sha").asText(), to.commits().get(i).path("sha").asText());
        }
        for (int i = 0; i < from.pullRequests().size(); i++) {
            text = text.replace(from.pullRequests().get(i).path("head").path("sha").asText(),
                    to.pullRequests().get(i).path("head").path("sha").asText());
        }
        List<ObjectNode> fromJobs = from.allJobs();
        List<ObjectNode> toJobs = to.allJobs();
        for (int i = fromJobs.size() - 1; i >= 0; i--) {
            text = text.replace("job " + fromJobs.get(i).path("id").asText() + " ",
                    "job " + toJobs.get(i).path("id").asText() + " ");
        }
        for (int i = from.runs().size() - 1; i >= 0; i--) {
            String a = from.runs().get(i).path("id").asText();
            String b = to.runs().get(i).path("id").asText();
            text = text.replace("run " + a + "/", "run " + b + "/");
        }
        return sortLines(text);
    }

    private static String sortLines(String text) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n")));
        lines.removeIf(String::isEmpty);
        java.util.Collections.sort(lines);
        return String.join("\n", lines) + "\n";
    }

    static void deliver(String event, String field, JsonNode object, JsonNode repository) {
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        payload.put("action", object.path("status").asText());
        payload.set(field, object);
        payload.set("repository", repository);
        Webhooks.deliver(event, payload.toString().getBytes(StandardCharsets.UTF_8)).statusCode(200);
    }

    @Test
    void rateLimitsAreWaitedOutAndTheBackfillGoesOn() throws Exception {
        String repo = "sync-limits/app";
        History history = history(repo, 91_005, 30, 91_005_000L);
        github.serve(history);
        FakeTime time = new FakeTime(Instant.now());
        Instant reset = time.instant().plus(Duration.ofMinutes(7));
        github.answerFirst(github.path("/repos/sync-limits/app/actions/runs"),
                GitHubApiServer.primaryLimitExhausted(reset, 403));
        long someRun = history.runs().get(3).path("id").asLong();
        github.answerFirst(github.path("/repos/sync-limits/app/actions/runs/" + someRun + "/jobs"),
                GitHubApiServer.retryAfter(429, 45));

        Backfill done = backfill(repo, client(time));

        assertEquals("done", done.state());
        assertEquals(history.allJobs().size(), done.jobsStored());
        assertEquals(runRows(history), done.runsStored());
        List<Duration> sleeps = time.sleeps();
        assertEquals(2, sleeps.size(), sleeps.toString());
        // Until the primary limit's reset (and a second of margin), then what Retry-After said.
        assertTrue(!sleeps.get(0).minus(Duration.ofMinutes(7)).isNegative()
                && sleeps.get(0).compareTo(Duration.ofMinutes(7).plusSeconds(2)) <= 0, sleeps.toString());
        assertEquals(Duration.ofSeconds(45), sleeps.get(1));
    }

    @Test
    void aBackfillStoppedMidwayResumesFromItsCursorAfterARestart() throws Exception {
        String repo = "sync-restart/app";
        History history = history(repo, 91_006, 150, 91_006_000L);
        github.serve(history);
        // The 120th newest run is on the second page of runs: its jobs answer 503, and while the client waits to
        // retry, the instance shuts down (the waiting thread is interrupted).
        long onSecondPage = history.runs().get(120).path("id").asLong();
        github.answerFirst(github.path("/repos/sync-restart/app/actions/runs/" + onSecondPage + "/jobs"),
                GitHubApiServer.error(503, "unavailable"));
        Sleeper shutdown = duration -> {
            throw new InterruptedException("shutdown");
        };
        GitHubApiConfig apiConfig = GitHubApiTestConfig.forServer(github.apiUrl(), GitHubApiServer.TOKEN);
        GitHubApiClient dying = new GitHubApiClient(new GitHubApiTransport(apiConfig,
                TokenSource.of(GitHubApiServer.TOKEN), etags, new FakeTime(Instant.now()), shutdown));
        Backfill created = store.createOrActive(repo, SINCE);
        assertTrue(store.claim(created.id(), "first-instance", Duration.ofMinutes(2)));

        assertEquals(BackfillRunner.Outcome.STOPPED, runner(dying).run(created.id()));
        Thread.interrupted();

        Backfill stopped = store.load(created.id()).orElseThrow();
        assertEquals("running", stopped.state());
        assertEquals("runs", stopped.phase());
        assertEquals(150, stopped.commitsStored());
        assertEquals(100, stopped.runsRead(), "the first page of runs was stored");
        assertTrue(store.cursor(created.id(), "commits").done());
        String resumeAt = store.cursor(created.id(), "runs").nextUrl();
        assertTrue(resumeAt.contains("page=2"), resumeAt);
        // A second instance sees no heartbeat for longer than the stale time and takes it over.
        sql.execute("update github_backfill set heartbeat_at = now() - interval '10 minutes' where id = ?",
                created.id());
        assertFalse(store.claim(created.id(), "second-instance", Duration.ofMinutes(20)));
        assertTrue(store.claim(created.id(), "second-instance", Duration.ofMinutes(2)));
        github.server().resetRequests();

        assertEquals(BackfillRunner.Outcome.DONE, runner(client(new FakeTime(Instant.now()))).run(created.id()));

        Backfill done = store.load(created.id()).orElseThrow();
        assertEquals("done", done.state());
        List<String> urls = github.requestedUrls();
        assertTrue(urls.stream().noneMatch(url -> url.contains("/commits")), urls.toString());
        assertTrue(urls.stream().noneMatch(url -> url.contains("/actions/runs?") && !url.contains("page=2")),
                "the first page of runs is not read again: " + urls);
        assertEquals(150, done.runsRead());
        assertEquals(history.allJobs().size(), sql.count("select count(*) from job where repo_id ="
                + " repository_id(?)", repo));
        assertEquals(runRows(history), sql.count("select count(*) from workflow_run where repo_id ="
                + " repository_id(?)", repo));
    }
}
