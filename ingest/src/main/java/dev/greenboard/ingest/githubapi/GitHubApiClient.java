package dev.greenboard.ingest.githubapi;

import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Predicate;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The GitHub REST endpoints that Greenboard's sync reads: commits, workflow runs and jobs (every attempt), pull
 * requests, the repository, and a webhook's deliveries. Answers are Jackson trees with the same fields as the
 * {@code workflow_run} / {@code workflow_job} / {@code pull_request} objects of webhooks, or small records. Blocking
 * and thread-safe; rate limits, retries and conditional requests are the {@link GitHubApiTransport}'s.
 */
public final class GitHubApiClient {

    /** GitHub lists at most this many workflow runs for a query filtered by {@code created}. */
    public static final int RUNS_SEARCH_CAP = 1000;

    private static final Logger LOG = Logger.getLogger(GitHubApiClient.class);

    private final GitHubApiTransport transport;

    public GitHubApiClient(GitHubApiTransport transport) {
        this.transport = transport;
    }

    /**
     * A client as configured, authenticated by the App when one is configured, else by the token; with an in-memory
     * ETag store and the system clock.
     */
    public static GitHubApiClient create(GitHubApiConfig config) {
        EtagStore etags = new InMemoryEtagStore(config.etagStoreMaxChars());
        TokenSource tokens = TokenSource.fromConfig(config, Clock.systemUTC(), Sleeper.SYSTEM);
        return new GitHubApiClient(
                new GitHubApiTransport(config, tokens, etags, Clock.systemUTC(), Sleeper.SYSTEM));
    }

    public GitHubApiTransport transport() {
        return transport;
    }

    /** The last known {@code core} rate limit: requests left, and when it resets. */
    public Optional<RateLimitState> rateLimit() {
        return transport.rateLimit();
    }

    /** The last known state of every rate-limit resource seen. */
    public Map<String, RateLimitState> rateLimits() {
        return transport.rateLimits();
    }

    /** While a request waits for a rate limit: when it will ask again. */
    public Optional<Instant> waitingUntil() {
        return transport.waitingUntil();
    }

    /** {@code GET /repos/{o}/{r}}: id and default branch. */
    public GitHubRepository repository(RepoRef repo) {
        return GitHubRepository.of(getJson(repo.path()));
    }

    /**
     * {@code GET /repos/{o}/{r}/commits?sha={branch}&since={since}}: the branch's commits, newest first, as REST commit
     * objects ({@code sha}, {@code commit.author.date}, {@code commit.message}, {@code parents}, ...).
     */
    public Pages commits(RepoRef repo, String branch, Instant since) {
        Query query = new Query().add("sha", branch);
        if (since != null) {
            query.add("since", since.truncatedTo(ChronoUnit.SECONDS).toString());
        }
        return pages(repo.path() + "/commits", query, null, null);
    }

    /**
     * Splits {@code [since, until]} into windows that GitHub lists in full: a window counting more than
     * {@value #RUNS_SEARCH_CAP} runs is halved until each half fits (down to one second). Each probe is the window's
     * first page, which the ETag store keeps, so reading the window afterwards starts with a free 304.
     *
     * @param until last instant, inclusive; null for "up to now" (one open window when it fits)
     * @return windows newest first, without gaps or overlaps, each with GitHub's count
     */
    public List<RunWindow> planWorkflowRunWindows(RepoRef repo, Instant since, Instant until) {
        List<RunWindow> windows = new ArrayList<>();
        plan(repo, since.truncatedTo(ChronoUnit.SECONDS), until == null ? null : until.truncatedTo(ChronoUnit.SECONDS),
                windows);
        long total = windows.stream().mapToLong(RunWindow::totalCount).sum();
        LOG.debugf("Workflow runs of [%s] since [%s]: [%d] runs in [%d] windows", repo, since, total, windows.size());
        return windows;
    }

    private void plan(RepoRef repo, Instant from, Instant to, List<RunWindow> windows) {
        RunWindow probe = new RunWindow(from, to, 0);
        Page first = workflowRuns(repo, probe).iterator().next();
        long count = first.totalCount().orElse(first.items().size());
        if (count <= RUNS_SEARCH_CAP) {
            windows.add(new RunWindow(from, to, count));
            return;
        }
        Instant end = to != null ? to : transport.clock().instant().truncatedTo(ChronoUnit.SECONDS);
        long seconds = Duration.between(from, end).getSeconds();
        if (seconds < 1) {
            LOG.warnf("Workflow runs of [%s] created in the second [%s]: [%d], more than GitHub lists; reading the"
                    + " first %d", repo, from, count, RUNS_SEARCH_CAP);
            windows.add(new RunWindow(from, end, count));
            return;
        }
        Instant middle = from.plusSeconds(seconds / 2);
        // The newest half stays open when the window was: runs created while the backfill reads are not missed.
        plan(repo, middle.plusSeconds(1), to, windows);
        plan(repo, from, middle, windows);
    }

    /** {@code GET /repos/{o}/{r}/actions/runs?created=...}: the runs created in one window, newest first. */
    public Pages workflowRuns(RepoRef repo, RunWindow window) {
        return pages(repo.path() + "/actions/runs", new Query().add("created", window.createdQualifier()),
                "workflow_runs", null);
    }

    /**
     * Every page of the runs created since {@code since}: the windows are planned first (see
     * {@link #planWorkflowRunWindows}), then read one after the other, newest first.
     */
    public Iterable<Page> workflowRunsCreatedSince(RepoRef repo, Instant since) {
        return () -> new Iterator<>() {

            private final Iterator<RunWindow> windows = planWorkflowRunWindows(repo, since, null).iterator();
            private Iterator<Page> pages = Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!pages.hasNext() && windows.hasNext()) {
                    pages = workflowRuns(repo, windows.next()).iterator();
                }
                return pages.hasNext();
            }

            @Override
            public Page next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return pages.next();
            }
        };
    }

    /** {@code GET /repos/{o}/{r}/actions/runs?head_sha={sha}}: the runs of one commit (their latest attempts). */
    public Pages workflowRunsOfCommit(RepoRef repo, String sha) {
        return pages(repo.path() + "/actions/runs", new Query().add("head_sha", sha), "workflow_runs", null);
    }

    /** {@code GET /repos/{o}/{r}/actions/runs/{id}}: the run's latest attempt. */
    public JsonNode workflowRun(RepoRef repo, long runId) {
        return getJson(repo.path() + "/actions/runs/" + runId);
    }

    /** {@code GET /repos/{o}/{r}/actions/runs/{id}/attempts/{n}}: the run as it was in attempt {@code n}. */
    public JsonNode workflowRunAttempt(RepoRef repo, long runId, int attempt) {
        return getJson(repo.path() + "/actions/runs/" + runId + "/attempts/" + attempt);
    }

    /** {@code GET /repos/{o}/{r}/actions/runs/{id}/attempts/{n}/jobs}: the jobs of attempt {@code n}. */
    public Pages workflowRunAttemptJobs(RepoRef repo, long runId, int attempt) {
        return pages(repo.path() + "/actions/runs/" + runId + "/attempts/" + attempt + "/jobs", new Query(), "jobs",
                null);
    }

    /** {@code GET /repos/{o}/{r}/actions/runs/{id}/jobs?filter=all}: the jobs of every attempt of the run. */
    public Pages workflowRunJobs(RepoRef repo, long runId) {
        return pages(repo.path() + "/actions/runs/" + runId + "/jobs", new Query().add("filter", "all"), "jobs", null);
    }

    /** {@code GET /repos/{o}/{r}/actions/jobs/{id}}. */
    public JsonNode job(RepoRef repo, long jobId) {
        return getJson(repo.path() + "/actions/jobs/" + jobId);
    }

    /**
     * {@code GET /repos/{o}/{r}/actions/jobs/{id}/logs}: the job's plain-text log, streamed from the download URL
     * GitHub redirects to. The caller closes it. Fails at once (no waiting, see {@link GitHubApiTransport#download}):
     * {@link GitHubApiException#isNotFound()} when the log expired or was deleted.
     */
    public InputStream jobLog(RepoRef repo, long jobId) {
        return transport.download(transport.uri(repo.path() + "/actions/jobs/" + jobId + "/logs"));
    }

    /**
     * {@code GET /repos/{o}/{r}/pulls?state=all&sort=updated&direction=desc}: pull requests updated since
     * {@code since}, most recently updated first; the listing stops at the first one updated before it.
     */
    public Pages pullRequests(RepoRef repo, Instant since) {
        Query query = new Query().add("state", "all").add("sort", "updated").add("direction", "desc");
        return pages(repo.path() + "/pulls", query, null, since == null ? null : olderThan("updated_at", since));
    }

    /** {@code GET /repos/{o}/{r}/pulls/{n}/reviews}: the reviews of a pull request, oldest first. */
    public Pages pullRequestReviews(RepoRef repo, int number) {
        return pages(repo.path() + "/pulls/" + number + "/reviews", new Query(), null, null);
    }

    /**
     * {@code GET /repos/{o}/{r}/hooks/{id}/deliveries}: the hook's deliveries, newest first (cursor pagination); the
     * listing stops at the first one delivered before {@code since}. Map items with {@link HookDelivery#of}.
     */
    public Pages hookDeliveries(RepoRef repo, long hookId, Instant since) {
        return pages(repo.path() + "/hooks/" + hookId + "/deliveries", new Query(), null,
                since == null ? null : olderThan("delivered_at", since));
    }

    /** {@code GET /repos/{o}/{r}/hooks/{id}/deliveries/{delivery}}: one delivery with its request and response. */
    public JsonNode hookDelivery(RepoRef repo, long hookId, long deliveryId) {
        return getJson(repo.path() + "/hooks/" + hookId + "/deliveries/" + deliveryId);
    }

    /** {@code POST /repos/{o}/{r}/hooks/{id}/deliveries/{delivery}/attempts}: asks GitHub to deliver it again. */
    public void redeliver(RepoRef repo, long hookId, long deliveryId) {
        transport.post(transport.uri(repo.path() + "/hooks/" + hookId + "/deliveries/" + deliveryId + "/attempts"),
                null);
        LOG.infof("Asked GitHub to redeliver delivery [%d] of hook [%d] of [%s]", deliveryId, hookId, repo);
    }

    /**
     * Continues a listing from a stored {@link Page#next()} link (after a restart).
     *
     * @param itemsField as the listing's own: {@code workflow_runs}, {@code jobs}, or null for arrays
     */
    public Pages resume(URI next, String itemsField) {
        return new Pages(transport, next, itemsField, null);
    }

    private JsonNode getJson(String path) {
        return transport.get(transport.uri(path)).body();
    }

    private Pages pages(String path, Query query, String itemsField, Predicate<JsonNode> stopAt) {
        query.add("per_page", Integer.toString(transport.pageSize()));
        return new Pages(transport, transport.uri(path + query), itemsField, stopAt);
    }

    /** Accepts items whose time field lies before {@code since}: the end of a listing ordered newest first. */
    private static Predicate<JsonNode> olderThan(String field, Instant since) {
        return item -> {
            String text = item.path(field).asText(null);
            if (text == null) {
                return false;
            }
            try {
                return OffsetDateTime.parse(text).toInstant().isBefore(since);
            } catch (DateTimeParseException e) {
                return false;
            }
        };
    }

    @Override
    public String toString() {
        return "GitHubApiClient[" + transport + "]";
    }

    /** A query string, each value encoded (spaces as %20, as GitHub reads them). */
    private static final class Query {

        private final StringBuilder text = new StringBuilder();

        Query add(String name, String value) {
            if (value == null) {
                return this;
            }
            text.append(text.length() == 0 ? '?' : '&').append(name).append('=')
                    .append(URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20"));
            return this;
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
