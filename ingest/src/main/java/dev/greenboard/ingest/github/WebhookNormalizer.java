package dev.greenboard.ingest.github;

import static dev.greenboard.ingest.github.Payload.at;
import static dev.greenboard.ingest.github.Payload.flag;
import static dev.greenboard.ingest.github.Payload.instant;
import static dev.greenboard.ingest.github.Payload.integer;
import static dev.greenboard.ingest.github.Payload.name;
import static dev.greenboard.ingest.github.Payload.number;
import static dev.greenboard.ingest.github.Payload.requireInteger;
import static dev.greenboard.ingest.github.Payload.requireName;
import static dev.greenboard.ingest.github.Payload.requireNumber;
import static dev.greenboard.ingest.github.Payload.requireSha;
import static dev.greenboard.ingest.github.Payload.requireText;
import static dev.greenboard.ingest.github.Payload.sha;
import static dev.greenboard.ingest.github.Payload.text;
import static dev.greenboard.model.commit.CommitRows.setInstant;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.greenboard.model.ci.RunStatus;
import dev.greenboard.model.commit.CommitRows;
import dev.greenboard.model.commit.CommitRows.CommitInfo;
import dev.greenboard.model.commit.KnownCommits;

/**
 * Turns one webhook payload into model rows. Every write is an upsert that keeps the newest state by the record's own
 * status rank and timestamps, never by arrival order or by {@code action}: GitHub delivers out of order, and its
 * {@code action} and {@code status} can disagree.
 */
final class WebhookNormalizer {

    static final Set<String> NORMALIZED_EVENTS = Set.of("workflow_run", "workflow_job", "check_run", "check_suite",
            "push", "pull_request", "pull_request_review", "status", "issue_comment", "issues");

    private static final String ZERO_SHA = "0000000000000000000000000000000000000000";

    /**
     * What normalizing did: the jobs whose stored state changed, and the commits of jobs whose rows this transaction
     * ensured (for {@link KnownCommits}, once it has committed).
     */
    record Outcome(List<JobChanged> changedJobs, List<String> ensuredJobCommits) {
    }

    private final Connection connection;
    private final long repoId;
    private final String repoFullName;
    private final Instant receivedAt;
    private final KnownCommits knownCommits;
    private final List<String> ensuredJobCommits = new ArrayList<>();

    WebhookNormalizer(Connection connection, long repoId, String repoFullName, Instant receivedAt,
            KnownCommits knownCommits) {
        this.connection = connection;
        this.knownCommits = knownCommits;
        this.repoId = repoId;
        this.repoFullName = repoFullName;
        this.receivedAt = receivedAt;
    }

    Outcome normalize(String event, String deliveryId, JsonNode payload) throws SQLException {
        List<JobChanged> changedJobs = new ArrayList<>();
        try {
            switch (event) {
                case "workflow_run" -> workflowRun(requireObject(payload, "workflow_run"));
                case "workflow_job" -> workflowJob(requireObject(payload, "workflow_job"), changedJobs);
                case "check_run" -> checkRun(requireObject(payload, "check_run"));
                case "check_suite" -> checkSuite(requireObject(payload, "check_suite"));
                case "push" -> push(deliveryId, payload);
                case "pull_request" -> pullRequest(requireObject(payload, "pull_request"));
                case "pull_request_review" -> pullRequestReview(payload);
                case "status" -> status(payload);
                case "issue_comment" -> issueComment(payload);
                case "issues" -> issue(requireObject(payload, "issue"));
                default -> throw new IllegalArgumentException("Event[" + event + "] is not normalized");
            }
        } catch (Payload.MalformedPayloadException e) {
            throw e.in(event);
        }
        return new Outcome(changedJobs, ensuredJobCommits);
    }

    private static JsonNode requireObject(JsonNode payload, String field) {
        JsonNode node = at(payload, field);
        if (node == null || !node.isObject()) {
            throw new Payload.MalformedPayloadException("field " + field + " is missing or not an object");
        }
        return node;
    }

    private void workflowRun(JsonNode run) throws SQLException {
        String headSha = requireSha(run, "head_sha");
        String status = requireName(run, "status");
        String branch = name(run, "head_branch");
        Instant createdAt = instant(run, "created_at");
        try (PreparedStatement statement = connection.prepareStatement("""
                insert into workflow_run (id, run_attempt, repo_id, workflow_id, name, event, head_branch, head_sha,
                    run_number, status, status_rank, conclusion, created_at, run_started_at, updated_at, html_url)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (id, run_attempt) do update set
                    workflow_id = coalesce(excluded.workflow_id, workflow_run.workflow_id),
                    name = coalesce(excluded.name, workflow_run.name),
                    event = coalesce(excluded.event, workflow_run.event),
                    head_branch = coalesce(excluded.head_branch, workflow_run.head_branch),
                    head_sha = excluded.head_sha,
                    run_number = coalesce(excluded.run_number, workflow_run.run_number),
                    status = excluded.status,
                    status_rank = excluded.status_rank,
                    conclusion = excluded.conclusion,
                    created_at = coalesce(excluded.created_at, workflow_run.created_at),
                    run_started_at = coalesce(excluded.run_started_at, workflow_run.run_started_at),
                    updated_at = excluded.updated_at,
                    html_url = coalesce(excluded.html_url, workflow_run.html_url)
                where (excluded.status_rank, coalesce(excluded.updated_at, '-infinity'))
                   >= (workflow_run.status_rank, coalesce(workflow_run.updated_at, '-infinity'))""")) {
            statement.setLong(1, requireNumber(run, "id"));
            Integer attempt = integer(run, "run_attempt");
            statement.setInt(2, attempt == null ? 1 : attempt);
            statement.setLong(3, repoId);
            setLong(statement, 4, number(run, "workflow_id"));
            statement.setString(5, name(run, "name"));
            statement.setString(6, name(run, "event"));
            statement.setString(7, branch);
            statement.setString(8, headSha);
            setInt(statement, 9, integer(run, "run_number"));
            statement.setString(10, status);
            statement.setShort(11, RunStatus.rank(status));
            statement.setString(12, text(run, "conclusion"));
            setInstant(statement, 13, createdAt);
            setInstant(statement, 14, instant(run, "run_started_at"));
            setInstant(statement, 15, instant(run, "updated_at"));
            statement.setString(16, text(run, "html_url"));
            statement.executeUpdate();
        }
        JsonNode headCommit = at(run, "head_commit");
        CommitRows.upsert(connection, repoId, headCommit == null
                ? CommitInfo.shaOnly(headSha)
                : commitInfo(headCommit, headSha));
        if (branch != null) {
            CommitRows.addToBranch(connection, repoId, branch, headSha, createdAt, 0, "workflow_run");
        }
        JsonNode pullRequests = at(run, "pull_requests");
        if (pullRequests != null) {
            for (JsonNode pr : pullRequests) {
                Integer number = integer(pr, "number");
                String prHead = sha(pr, "head", "sha");
                if (number != null && prHead != null) {
                    ensurePullRequest(number, name(pr, "head", "ref"), name(pr, "base", "ref"));
                    addPullRequestCommit(number, prHead, createdAt);
                }
            }
        }
    }

    private void workflowJob(JsonNode job, List<JobChanged> changedJobs) throws SQLException {
        long id = requireNumber(job, "id");
        String headSha = requireSha(job, "head_sha");
        String status = requireName(job, "status");
        String jobName = requireName(job, "name");
        List<String> labels = new ArrayList<>();
        JsonNode labelNodes = at(job, "labels");
        if (labelNodes != null && labelNodes.isArray()) {
            for (JsonNode label : labelNodes) {
                if (label.isValueNode() && !label.isNull()) {
                    labels.add(Payload.checkedName(label.asText(), "labels"));
                }
            }
        }
        JsonNode steps = at(job, "steps");
        try (PreparedStatement statement = connection.prepareStatement("""
                insert into job (id, run_id, run_attempt, repo_id, name, workflow_name, head_sha, head_branch, labels,
                    runner_name, runner_group, status, status_rank, conclusion, created_at, started_at, completed_at,
                    steps, html_url, updated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, now())
                on conflict (id) do update set
                    run_id = coalesce(excluded.run_id, job.run_id),
                    run_attempt = excluded.run_attempt,
                    name = excluded.name,
                    workflow_name = coalesce(excluded.workflow_name, job.workflow_name),
                    head_sha = excluded.head_sha,
                    head_branch = coalesce(excluded.head_branch, job.head_branch),
                    labels = case when cardinality(excluded.labels) > 0 then excluded.labels else job.labels end,
                    runner_name = coalesce(excluded.runner_name, job.runner_name),
                    runner_group = coalesce(excluded.runner_group, job.runner_group),
                    status = excluded.status,
                    status_rank = excluded.status_rank,
                    conclusion = excluded.conclusion,
                    created_at = coalesce(excluded.created_at, job.created_at),
                    started_at = coalesce(excluded.started_at, job.started_at),
                    completed_at = coalesce(excluded.completed_at, job.completed_at),
                    steps = coalesce(excluded.steps, job.steps),
                    html_url = coalesce(excluded.html_url, job.html_url),
                    updated_at = now()
                where (excluded.status_rank,
                       coalesce(excluded.completed_at, excluded.started_at, excluded.created_at, '-infinity'))
                   >= (job.status_rank, coalesce(job.completed_at, job.started_at, job.created_at, '-infinity'))
                returning status, conclusion, head_branch""")) {
            statement.setLong(1, id);
            setLong(statement, 2, number(job, "run_id"));
            Integer attempt = integer(job, "run_attempt");
            statement.setInt(3, attempt == null ? 1 : attempt);
            statement.setLong(4, repoId);
            statement.setString(5, jobName);
            statement.setString(6, name(job, "workflow_name"));
            statement.setString(7, headSha);
            statement.setString(8, name(job, "head_branch"));
            statement.setArray(9, connection.createArrayOf("text", labels.toArray()));
            statement.setString(10, name(job, "runner_name"));
            statement.setString(11, name(job, "runner_group_name"));
            statement.setString(12, status);
            statement.setShort(13, RunStatus.rank(status));
            statement.setString(14, name(job, "conclusion"));
            setInstant(statement, 15, instant(job, "created_at"));
            setInstant(statement, 16, instant(job, "started_at"));
            setInstant(statement, 17, instant(job, "completed_at"));
            statement.setString(18, steps == null ? null : steps.toString());
            statement.setString(19, text(job, "html_url"));
            // A row comes back only when the upsert changed the job (an older state than the stored one does not).
            try (ResultSet rs = statement.executeQuery()) {
                if (rs.next()) {
                    changedJobs.add(new JobChanged(id, repoId, repoFullName, headSha, rs.getString(3),
                            rs.getString(1), rs.getString(2)));
                }
            }
        }
        // Hundreds of jobs run per commit: its row is inserted by the first delivery, the others skip the statement.
        if (!knownCommits.contains(repoId, headSha)) {
            CommitRows.upsert(connection, repoId, CommitInfo.shaOnly(headSha));
            ensuredJobCommits.add(headSha);
        }
    }

    private void checkRun(JsonNode run) throws SQLException {
        String status = requireName(run, "status");
        try (PreparedStatement statement = connection.prepareStatement(
                """
                        insert into check_run (id, repo_id, check_suite_id, head_sha, name, app_slug, status, status_rank,
                            conclusion, started_at, completed_at, html_url)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        on conflict (id) do update set
                            check_suite_id = coalesce(excluded.check_suite_id, check_run.check_suite_id),
                            head_sha = excluded.head_sha,
                            name = excluded.name,
                            app_slug = coalesce(excluded.app_slug, check_run.app_slug),
                            status = excluded.status,
                            status_rank = excluded.status_rank,
                            conclusion = excluded.conclusion,
                            started_at = coalesce(excluded.started_at, check_run.started_at),
                            completed_at = coalesce(excluded.completed_at, check_run.completed_at),
                            html_url = coalesce(excluded.html_url, check_run.html_url)
                        where (excluded.status_rank, coalesce(excluded.completed_at, excluded.started_at, '-infinity'))
                           >= (check_run.status_rank, coalesce(check_run.completed_at, check_run.started_at, '-infinity'))""")) {
            statement.setLong(1, requireNumber(run, "id"));
            statement.setLong(2, repoId);
            setLong(statement, 3, number(run, "check_suite", "id"));
            statement.setString(4, requireSha(run, "head_sha"));
            statement.setString(5, requireText(run, "name"));
            statement.setString(6, text(run, "app", "slug"));
            statement.setString(7, status);
            statement.setShort(8, RunStatus.rank(status));
            statement.setString(9, text(run, "conclusion"));
            setInstant(statement, 10, instant(run, "started_at"));
            setInstant(statement, 11, instant(run, "completed_at"));
            statement.setString(12, text(run, "html_url"));
            statement.executeUpdate();
        }
    }

    private void checkSuite(JsonNode suite) throws SQLException {
        String headSha = requireSha(suite, "head_sha");
        String status = name(suite, "status");
        try (PreparedStatement statement = connection.prepareStatement("""
                insert into check_suite (id, repo_id, head_sha, head_branch, app_slug, status, status_rank, conclusion,
                    created_at, updated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (id) do update set
                    head_sha = excluded.head_sha,
                    head_branch = coalesce(excluded.head_branch, check_suite.head_branch),
                    app_slug = coalesce(excluded.app_slug, check_suite.app_slug),
                    status = excluded.status,
                    status_rank = excluded.status_rank,
                    conclusion = excluded.conclusion,
                    created_at = coalesce(excluded.created_at, check_suite.created_at),
                    updated_at = excluded.updated_at
                where (excluded.status_rank, coalesce(excluded.updated_at, '-infinity'))
                   >= (check_suite.status_rank, coalesce(check_suite.updated_at, '-infinity'))""")) {
            statement.setLong(1, requireNumber(suite, "id"));
            statement.setLong(2, repoId);
            statement.setString(3, headSha);
            statement.setString(4, text(suite, "head_branch"));
            statement.setString(5, text(suite, "app", "slug"));
            statement.setString(6, status);
            statement.setShort(7, RunStatus.rank(status));
            statement.setString(8, text(suite, "conclusion"));
            setInstant(statement, 9, instant(suite, "created_at"));
            setInstant(statement, 10, instant(suite, "updated_at"));
            statement.executeUpdate();
        }
        JsonNode headCommit = at(suite, "head_commit");
        CommitRows.upsert(connection, repoId,
                headCommit == null ? CommitInfo.shaOnly(headSha) : commitInfo(headCommit, headSha));
    }

    /**
     * A push lists its commits oldest first; each gets a place on the branch in that order. A tag push or a branch
     * deletion is kept as a push with no commits on any branch.
     */
    private void push(String deliveryId, JsonNode payload) throws SQLException {
        String ref = requireName(payload, "ref");
        String after = sha(payload, "after");
        Instant pushedAt = instant(payload, "repository", "pushed_at");
        if (pushedAt == null) {
            pushedAt = receivedAt;
        }
        JsonNode headCommit = at(payload, "head_commit");
        long pushId;
        try (PreparedStatement statement = connection.prepareStatement("""
                insert into push (repo_id, delivery_id, ref, before_sha, after_sha, created, deleted, forced, pusher,
                    head_message, pushed_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                returning id""")) {
            statement.setLong(1, repoId);
            statement.setString(2, deliveryId);
            statement.setString(3, ref);
            statement.setString(4, sha(payload, "before"));
            statement.setString(5, after);
            statement.setBoolean(6, flag(payload, "created"));
            statement.setBoolean(7, flag(payload, "deleted"));
            statement.setBoolean(8, flag(payload, "forced"));
            statement.setString(9, text(payload, "pusher", "name"));
            statement.setString(10, text(headCommit, "message"));
            setInstant(statement, 11, pushedAt);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                pushId = rs.getLong(1);
            }
        }
        String branch = ref.startsWith("refs/heads/") ? ref.substring("refs/heads/".length()) : null;
        List<CommitInfo> commits = new ArrayList<>();
        JsonNode commitNodes = at(payload, "commits");
        if (commitNodes != null) {
            for (JsonNode commit : commitNodes) {
                commits.add(commitInfo(commit, requireSha(commit, "id")));
            }
        }
        if (commits.isEmpty() && headCommit != null && after != null && !ZERO_SHA.equals(after)) {
            // A new branch at an existing commit lists no commits, only its head.
            commits.add(commitInfo(headCommit, requireSha(headCommit, "id")));
        }
        try (PreparedStatement statement = connection
                .prepareStatement("insert into push_commit (push_id, ordinal, sha) values (?, ?, ?)")) {
            for (int i = 0; i < commits.size(); i++) {
                statement.setLong(1, pushId);
                statement.setInt(2, i);
                statement.setString(3, commits.get(i).sha());
                statement.addBatch();
            }
            statement.executeBatch();
        }
        for (int i = 0; i < commits.size(); i++) {
            CommitRows.upsert(connection, repoId, commits.get(i));
            if (branch != null && !flag(payload, "deleted")) {
                CommitRows.addToBranch(connection, repoId, branch, commits.get(i).sha(), pushedAt, i, "push");
            }
        }
    }

    private void pullRequest(JsonNode pr) throws SQLException {
        int number = requireInteger(pr, "number");
        Instant updatedAt = instant(pr, "updated_at");
        try (PreparedStatement statement = connection.prepareStatement("""
                insert into pull_request (repo_id, number, github_id, title, state, author, head_sha, head_ref,
                    base_ref, merged, draft, created_at, updated_at, closed_at, merged_at, html_url)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (repo_id, number) do update set
                    github_id = coalesce(excluded.github_id, pull_request.github_id),
                    title = excluded.title,
                    state = excluded.state,
                    author = coalesce(excluded.author, pull_request.author),
                    head_sha = excluded.head_sha,
                    head_ref = excluded.head_ref,
                    base_ref = excluded.base_ref,
                    merged = excluded.merged,
                    draft = excluded.draft,
                    created_at = coalesce(excluded.created_at, pull_request.created_at),
                    updated_at = excluded.updated_at,
                    closed_at = excluded.closed_at,
                    merged_at = excluded.merged_at,
                    html_url = coalesce(excluded.html_url, pull_request.html_url)
                where coalesce(excluded.updated_at, '-infinity') >= coalesce(pull_request.updated_at, '-infinity')
                """)) {
            statement.setLong(1, repoId);
            statement.setInt(2, number);
            setLong(statement, 3, number(pr, "id"));
            statement.setString(4, text(pr, "title"));
            statement.setString(5, requireText(pr, "state"));
            statement.setString(6, text(pr, "user", "login"));
            statement.setString(7, sha(pr, "head", "sha"));
            statement.setString(8, name(pr, "head", "ref"));
            statement.setString(9, name(pr, "base", "ref"));
            statement.setBoolean(10, flag(pr, "merged"));
            statement.setBoolean(11, flag(pr, "draft"));
            setInstant(statement, 12, instant(pr, "created_at"));
            setInstant(statement, 13, updatedAt);
            setInstant(statement, 14, instant(pr, "closed_at"));
            setInstant(statement, 15, instant(pr, "merged_at"));
            statement.setString(16, text(pr, "html_url"));
            statement.executeUpdate();
        }
        String headSha = sha(pr, "head", "sha");
        if (headSha != null) {
            CommitRows.upsert(connection, repoId, CommitInfo.shaOnly(headSha));
            addPullRequestCommit(number, headSha, updatedAt == null ? receivedAt : updatedAt);
        }
    }

    /**
     * A review, submitted, edited or dismissed: one row per review, the last delivery's content, except that a
     * dismissal is final (GitHub may deliver "submitted" after "dismissed"). The review's {@code pull_request} is
     * GitHub's short form without {@code merged}, so it only ensures the PR's row and never overwrites it.
     */
    private void pullRequestReview(JsonNode payload) throws SQLException {
        JsonNode pr = requireObject(payload, "pull_request");
        JsonNode review = requireObject(payload, "review");
        int number = requireInteger(pr, "number");
        ensurePullRequest(number, name(pr, "head", "ref"), name(pr, "base", "ref"));
        try (PreparedStatement statement = connection.prepareStatement("""
                insert into pull_request_review (repo_id, pr_number, review_id, author, state, submitted_at,
                    commit_id, body, html_url, updated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (repo_id, pr_number, review_id) do update set
                    author = coalesce(excluded.author, pull_request_review.author),
                    state = case when pull_request_review.state = 'DISMISSED' then 'DISMISSED'
                                 else excluded.state end,
                    submitted_at = coalesce(excluded.submitted_at, pull_request_review.submitted_at),
                    commit_id = coalesce(excluded.commit_id, pull_request_review.commit_id),
                    body = excluded.body,
                    html_url = coalesce(excluded.html_url, pull_request_review.html_url),
                    updated_at = excluded.updated_at""")) {
            statement.setLong(1, repoId);
            statement.setInt(2, number);
            statement.setLong(3, requireNumber(review, "id"));
            statement.setString(4, text(review, "user", "login"));
            statement.setString(5, requireName(review, "state").toUpperCase(Locale.ROOT));
            setInstant(statement, 6, instant(review, "submitted_at"));
            statement.setString(7, sha(review, "commit_id"));
            statement.setString(8, text(review, "body"));
            statement.setString(9, text(review, "html_url"));
            setInstant(statement, 10, receivedAt);
            statement.executeUpdate();
        }
    }

    /** A PR known only from a workflow run gets a minimal row that its own events later fill in. */
    private void ensurePullRequest(int number, String headRef, String baseRef) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                insert into pull_request (repo_id, number, state, head_ref, base_ref)
                values (?, ?, 'open', ?, ?)
                on conflict do nothing""")) {
            statement.setLong(1, repoId);
            statement.setInt(2, number);
            statement.setString(3, headRef);
            statement.setString(4, baseRef);
            statement.executeUpdate();
        }
    }

    private void addPullRequestCommit(int number, String sha, Instant seenAt) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                insert into pull_request_commit (repo_id, number, sha, seen_at) values (?, ?, ?, ?)
                on conflict (repo_id, number, sha) do update set seen_at = least(pull_request_commit.seen_at,
                    excluded.seen_at)""")) {
            statement.setLong(1, repoId);
            statement.setInt(2, number);
            statement.setString(3, sha);
            setInstant(statement, 4, seenAt == null ? receivedAt : seenAt);
            statement.executeUpdate();
        }
    }

    private void status(JsonNode payload) throws SQLException {
        String sha = requireSha(payload, "sha");
        try (PreparedStatement statement = connection.prepareStatement("""
                insert into commit_status (id, repo_id, sha, context, state, description, target_url, created_at,
                    updated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (id) do update set
                    state = excluded.state,
                    description = excluded.description,
                    target_url = excluded.target_url,
                    updated_at = excluded.updated_at
                where coalesce(excluded.updated_at, '-infinity') >= coalesce(commit_status.updated_at, '-infinity')
                """)) {
            statement.setLong(1, requireNumber(payload, "id"));
            statement.setLong(2, repoId);
            statement.setString(3, sha);
            statement.setString(4, requireText(payload, "context"));
            statement.setString(5, requireText(payload, "state"));
            statement.setString(6, text(payload, "description"));
            statement.setString(7, text(payload, "target_url"));
            setInstant(statement, 8, instant(payload, "created_at"));
            setInstant(statement, 9, instant(payload, "updated_at"));
            statement.executeUpdate();
        }
        JsonNode commit = at(payload, "commit");
        CommitRows.upsert(connection, repoId, commit == null
                ? CommitInfo.shaOnly(sha)
                : new CommitInfo(sha, text(commit, "commit", "message"), text(commit, "commit", "author", "name"),
                        text(commit, "author", "login"), text(commit, "commit", "author", "email"),
                        instant(commit, "commit", "author", "date"), text(commit, "html_url")));
    }

    private void issueComment(JsonNode payload) throws SQLException {
        JsonNode issue = requireObject(payload, "issue");
        JsonNode comment = requireObject(payload, "comment");
        issue(issue);
        boolean deleted = "deleted".equals(text(payload, "action"));
        try (PreparedStatement statement = connection.prepareStatement("""
                insert into issue_comment (id, repo_id, issue_number, is_pull_request, author, body, created_at,
                    updated_at, deleted)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (id) do update set
                    body = case when excluded.updated_at >= issue_comment.updated_at or issue_comment.updated_at is null
                                then excluded.body else issue_comment.body end,
                    updated_at = greatest(excluded.updated_at, issue_comment.updated_at),
                    deleted = issue_comment.deleted or excluded.deleted""")) {
            statement.setLong(1, requireNumber(comment, "id"));
            statement.setLong(2, repoId);
            statement.setInt(3, requireInteger(issue, "number"));
            statement.setBoolean(4, at(issue, "pull_request") != null);
            statement.setString(5, text(comment, "user", "login"));
            statement.setString(6, text(comment, "body"));
            setInstant(statement, 7, instant(comment, "created_at"));
            setInstant(statement, 8, instant(comment, "updated_at"));
            statement.setBoolean(9, deleted);
            statement.executeUpdate();
        }
    }

    private void issue(JsonNode issue) throws SQLException {
        List<String> labels = new ArrayList<>();
        JsonNode labelNodes = at(issue, "labels");
        if (labelNodes != null) {
            labelNodes.forEach(label -> {
                String name = text(label, "name");
                if (name != null) {
                    labels.add(name);
                }
            });
        }
        try (PreparedStatement statement = connection.prepareStatement("""
                insert into issue (repo_id, number, github_id, title, body, state, author, labels, is_pull_request,
                    created_at, updated_at, closed_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (repo_id, number) do update set
                    github_id = coalesce(excluded.github_id, issue.github_id),
                    title = excluded.title,
                    body = excluded.body,
                    state = excluded.state,
                    author = coalesce(excluded.author, issue.author),
                    labels = excluded.labels,
                    is_pull_request = excluded.is_pull_request,
                    created_at = coalesce(excluded.created_at, issue.created_at),
                    updated_at = excluded.updated_at,
                    closed_at = excluded.closed_at
                where coalesce(excluded.updated_at, '-infinity') >= coalesce(issue.updated_at, '-infinity')""")) {
            statement.setLong(1, repoId);
            statement.setInt(2, requireInteger(issue, "number"));
            setLong(statement, 3, number(issue, "id"));
            // Titles become disabled-test keys (a B-tree index); GitHub allows 256 characters.
            statement.setString(4, requireName(issue, "title"));
            statement.setString(5, text(issue, "body"));
            statement.setString(6, requireText(issue, "state"));
            statement.setString(7, text(issue, "user", "login"));
            statement.setArray(8, connection.createArrayOf("text", labels.toArray()));
            statement.setBoolean(9, at(issue, "pull_request") != null);
            setInstant(statement, 10, instant(issue, "created_at"));
            setInstant(statement, 11, instant(issue, "updated_at"));
            setInstant(statement, 12, instant(issue, "closed_at"));
            statement.executeUpdate();
        }
    }

    private static CommitInfo commitInfo(JsonNode commit, String sha) {
        return new CommitInfo(sha, text(commit, "message"), text(commit, "author", "name"),
                text(commit, "author", "username"), text(commit, "author", "email"), instant(commit, "timestamp"),
                text(commit, "url"));
    }

    private static void setLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }

    private static void setInt(PreparedStatement statement, int index, Integer value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.INTEGER);
        } else {
            statement.setInt(index, value);
        }
    }
}
