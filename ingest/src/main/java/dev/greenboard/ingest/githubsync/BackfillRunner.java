package dev.greenboard.ingest.githubsync;

import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import javax.sql.DataSource;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

import dev.greenboard.ingest.githubapi.GitHubApiClient;
import dev.greenboard.ingest.githubapi.GitHubApiException;
import dev.greenboard.ingest.githubapi.GitHubRepository;
import dev.greenboard.ingest.githubapi.Page;
import dev.greenboard.ingest.githubapi.Pages;
import dev.greenboard.ingest.githubapi.RepoRef;
import dev.greenboard.ingest.githubapi.RunWindow;

/**
 * Runs one backfill to its end, phase after phase: the default branch's commits, the workflow runs created since the
 * date (every attempt) with their jobs, then the pull requests updated since the date (with the reviews of the merged
 * ones). After each page it stored, the
 * counters and the phase's cursor (the next page's URL) are committed together, so a restart goes on with the next
 * page; a page stored twice changes nothing, as every object is stored under an idempotent delivery id.
 */
final class BackfillRunner {

    private static final Logger LOG = Logger.getLogger(BackfillRunner.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final GitHubApiClient client;
    private final BackfillStore store;
    private final SyncWriter writer;
    private final DataSource dataSource;

    BackfillRunner(GitHubApiClient client, BackfillStore store, SyncWriter writer, DataSource dataSource) {
        this.client = client;
        this.store = store;
        this.writer = writer;
        this.dataSource = dataSource;
    }

    /** Why a run ended. */
    enum Outcome {
        DONE, FAILED, STOPPED
    }

    /**
     * Runs the backfill from where its cursors are. A shutdown (interrupt) leaves it active for the next start; a
     * request GitHub refuses for good fails it with GitHub's reason.
     */
    Outcome run(long id) {
        try {
            Backfill backfill = store.load(id).orElseThrow(() -> new IllegalStateException("No backfill " + id));
            if (!backfill.active()) {
                return backfill.state().equals("done") ? Outcome.DONE : Outcome.FAILED;
            }
            RepoRef repo = RepoRef.parse(backfill.repo());
            GitHubRepository repository = client.repository(repo);
            String branch = repository.defaultBranch();
            if (branch == null) {
                throw new IllegalStateException("GitHub names no default branch for " + repo);
            }
            JsonNode repositoryJson = repository.json();
            String phase = backfill.phase();
            if (phase.equals("commits")) {
                store.phase(id, "commits", branch);
                commits(id, repo, branch, backfill.since(), repositoryJson);
                phase = "runs";
                store.phase(id, phase, branch);
            }
            if (phase.equals("runs")) {
                runs(id, repo, backfill.since(), repositoryJson);
                phase = "pulls";
                store.phase(id, phase, branch);
            }
            if (phase.equals("pulls")) {
                pulls(id, repo, backfill.since(), repositoryJson);
            }
            store.done(id);
            LOG.infof("Backfill [%d] of [%s] done", id, repo);
            return Outcome.DONE;
        } catch (GitHubApiException e) {
            if (e.kind() == GitHubApiException.Kind.INTERRUPTED || Thread.currentThread().isInterrupted()) {
                LOG.infof("Backfill [%d] stopped (shutdown); it goes on from its cursor at the next start", id);
                return Outcome.STOPPED;
            }
            return fail(id, e.getMessage());
        } catch (SQLException | RuntimeException e) {
            LOG.warnf(e, "Backfill [%d] failed", id);
            return fail(id, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private Outcome fail(long id, String message) {
        LOG.warnf("Backfill [%d] failed: %s", id, message);
        try {
            store.failed(id, message);
        } catch (SQLException e) {
            LOG.warnf(e, "Backfill [%d]: its failure could not be recorded", id);
        }
        return Outcome.FAILED;
    }

    private void commits(long id, RepoRef repo, String branch, Instant since, JsonNode repository)
            throws SQLException {
        BackfillStore.Cursor cursor = store.cursor(id, "commits");
        if (cursor.done()) {
            return;
        }
        Pages pages = cursor.nextUrl() == null
                ? client.commits(repo, branch, since)
                : client.resume(URI.create(cursor.nextUrl()), null);
        for (Page page : pages) {
            // The listing is newest first; a branch's rows are ordered by when each commit landed, oldest first.
            List<JsonNode> oldestFirst = new ArrayList<>(page.items());
            java.util.Collections.reverse(oldestFirst);
            long stored = 0;
            for (JsonNode commit : oldestFirst) {
                String sha = commit.path("sha").asText(null);
                if (sha == null || onBranch(repo, branch, sha)) {
                    // Already placed on the branch by a push or run webhook (or an earlier backfill): a second push
                    // row would count the commit twice in the push statistics.
                    continue;
                }
                if (writer.store(SyncPayloads.push(commit, branch, repository))) {
                    stored++;
                }
            }
            store.advance(id, "commits", next(page), progress(page, stored, 0, 0, 0, 0), client.rateLimit()
                    .orElse(null));
        }
        store.advance(id, "commits", new BackfillStore.Cursor(null, null, 0, true), none(), null);
    }

    private boolean onBranch(RepoRef repo, String branch, String sha) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("""
                        select 1 from branch_commit b join repository r on r.id = b.repo_id
                        where r.id = repository_id(?) and b.branch = ? and b.sha = ?""")) {
            statement.setString(1, repo.fullName());
            statement.setString(2, branch);
            statement.setString(3, sha);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        }
    }

    private void runs(long id, RepoRef repo, Instant since, JsonNode repository) throws SQLException {
        BackfillStore.Cursor cursor = store.cursor(id, "runs");
        if (cursor.done()) {
            return;
        }
        List<RunWindow> windows;
        if (cursor.windows() == null) {
            windows = client.planWorkflowRunWindows(repo, since, null);
            cursor = new BackfillStore.Cursor(null, windowsJson(windows), 0, false);
            store.planned(id, cursor, windows.stream().mapToLong(RunWindow::totalCount).sum());
        } else {
            windows = readWindows(cursor.windows());
        }
        for (int w = cursor.windowIndex(); w < windows.size(); w++) {
            String resumeAt = w == cursor.windowIndex() ? cursor.nextUrl() : null;
            Pages pages = resumeAt == null
                    ? client.workflowRuns(repo, windows.get(w))
                    : client.resume(URI.create(resumeAt), "workflow_runs");
            for (Page page : pages) {
                long runs = 0;
                long jobs = 0;
                long requests = 1;
                long notModified = page.notModified() ? 1 : 0;
                for (JsonNode run : page.items()) {
                    long runId = run.path("id").asLong();
                    int attempts = Math.max(1, run.path("run_attempt").asInt(1));
                    // The listing has each run's latest attempt; the earlier ones are read one by one.
                    for (int attempt = 1; attempt < attempts; attempt++) {
                        try {
                            JsonNode earlier = client.workflowRunAttempt(repo, runId, attempt);
                            if (writer.store(SyncPayloads.workflowRun(earlier, repository))) {
                                runs++;
                            }
                        } catch (GitHubApiException e) {
                            if (!e.isNotFound()) {
                                throw e;
                            }
                        }
                    }
                    if (writer.store(SyncPayloads.workflowRun(run, repository))) {
                        runs++;
                    }
                    for (Page jobPage : client.workflowRunJobs(repo, runId)) {
                        requests++;
                        notModified += jobPage.notModified() ? 1 : 0;
                        for (JsonNode job : jobPage.items()) {
                            if (writer.store(SyncPayloads.workflowJob(job, repository))) {
                                jobs++;
                            }
                        }
                    }
                }
                BackfillStore.Cursor at = page.hasNext()
                        ? new BackfillStore.Cursor(page.next().toString(), cursor.windows(), w, false)
                        : new BackfillStore.Cursor(null, cursor.windows(), w + 1, w + 1 >= windows.size());
                store.advance(id, "runs", at, new BackfillStore.Progress(requests, notModified, 0, runs, jobs, 0,
                        page.items().size()), client.rateLimit().orElse(null));
            }
        }
        store.advance(id, "runs", new BackfillStore.Cursor(null, cursor.windows(), windows.size(), true), none(),
                null);
    }

    private void pulls(long id, RepoRef repo, Instant since, JsonNode repository) throws SQLException {
        BackfillStore.Cursor cursor = store.cursor(id, "pulls");
        if (cursor.done()) {
            return;
        }
        Pages pages = cursor.nextUrl() == null
                ? client.pullRequests(repo, since)
                : client.resume(URI.create(cursor.nextUrl()), null);
        Iterator<Page> iterator = pages.iterator();
        while (iterator.hasNext()) {
            Page page = iterator.next();
            long stored = 0;
            long requests = 1;
            long notModified = page.notModified() ? 1 : 0;
            for (JsonNode pull : page.items()) {
                if (writer.store(SyncPayloads.pullRequest(pull, repository))) {
                    stored++;
                }
                // The reviews of merged pull requests, for their landing time (from the first approval). An open one's
                // are read once it is merged: merging updates it, so the next backfill or sync lists it again.
                if (!pull.path("merged_at").isTextual()) {
                    continue;
                }
                for (Page reviews : client.pullRequestReviews(repo, pull.path("number").asInt())) {
                    requests++;
                    notModified += reviews.notModified() ? 1 : 0;
                    for (JsonNode review : reviews.items()) {
                        writer.store(SyncPayloads.pullRequestReview(review, pull, repository));
                    }
                }
            }
            store.advance(id, "pulls", next(page), new BackfillStore.Progress(requests, notModified, 0, 0, 0, stored,
                    0), client.rateLimit().orElse(null));
        }
        store.advance(id, "pulls", new BackfillStore.Cursor(null, null, 0, true), none(), null);
    }

    private static BackfillStore.Cursor next(Page page) {
        return page.hasNext()
                ? new BackfillStore.Cursor(page.next().toString(), null, 0, false)
                : new BackfillStore.Cursor(null, null, 0, true);
    }

    private static BackfillStore.Progress progress(Page page, long commits, long runs, long jobs, long pulls,
            long runsRead) {
        return new BackfillStore.Progress(1, page.notModified() ? 1 : 0, commits, runs, jobs, pulls, runsRead);
    }

    private static BackfillStore.Progress none() {
        return new BackfillStore.Progress(0, 0, 0, 0, 0, 0, 0);
    }

    private static String windowsJson(List<RunWindow> windows) {
        ArrayNode array = JSON.createArrayNode();
        for (RunWindow window : windows) {
            var node = array.addObject();
            node.put("from", window.from().toString());
            node.put("to", window.to() == null ? null : window.to().toString());
            node.put("total", window.totalCount());
        }
        return array.toString();
    }

    private static List<RunWindow> readWindows(String json) {
        try {
            List<RunWindow> windows = new ArrayList<>();
            for (JsonNode node : JSON.readTree(json)) {
                windows.add(new RunWindow(Instant.parse(node.path("from").asText()),
                        node.path("to").isTextual() ? Instant.parse(node.path("to").asText()) : null,
                        node.path("total").asLong()));
            }
            return windows;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A backfill's stored run windows are not JSON", e);
        }
    }
}
