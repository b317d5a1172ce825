package dev.greenboard.testkit;

import static io.restassured.RestAssured.given;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Builds a small CI history through the public ingest endpoints, the way GitHub and CI uploads would: pushes, workflow
 * runs, job executions and test reports, with times and outcomes chosen by the test so that every expected number can
 * be worked out by hand.
 */
public final class HistoryBuilder {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong IDS = new AtomicLong(7_000_000_000L + (System.nanoTime() % 1_000_000) * 1000);

    private final String repo;
    private final long repoGithubId;
    private final String defaultBranch;
    private final String branch;

    /**
     * A builder for a repository whose default branch is {@code branch}; everything it sends is on that branch. Its
     * GitHub id follows from the name, as on GitHub one name is one repository: two builders of one repository send
     * the same {@code repository.id}, which is what Greenboard identifies it by.
     */
    public HistoryBuilder(String repo, String branch) {
        this(repo, githubIdOf(repo), branch, branch);
    }

    /** A GitHub repository id for a name, the same for every spelling of it (GitHub ignores letter case). */
    public static long githubIdOf(String repo) {
        return UUID.nameUUIDFromBytes(repo.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8))
                .getMostSignificantBits() & Long.MAX_VALUE;
    }

    private HistoryBuilder(String repo, long repoGithubId, String defaultBranch, String branch) {
        this.repo = repo;
        this.repoGithubId = repoGithubId;
        this.defaultBranch = defaultBranch;
        this.branch = branch;
    }

    /** The same repository (its default branch unchanged), with pushes, runs, jobs and reports on {@code other}. */
    public HistoryBuilder onBranch(String other) {
        return new HistoryBuilder(repo, repoGithubId, defaultBranch, other);
    }

    public String repo() {
        return repo;
    }

    public static long nextId() {
        return IDS.incrementAndGet();
    }

    /** A 40-hex sha derived from a short label, unique per builder run. */
    public static String sha(String label) {
        String hex = Long.toHexString(nextId()) + Integer.toHexString(label.hashCode() & 0xfffffff);
        return (hex + "0".repeat(40)).substring(0, 40);
    }

    private ObjectNode repository() {
        ObjectNode repository = JSON.createObjectNode();
        repository.put("id", repoGithubId);
        repository.put("full_name", repo);
        repository.put("default_branch", defaultBranch);
        repository.put("html_url", "https://github.com/" + repo);
        return repository;
    }

    /** A push of {@code commits} (oldest first) to the branch at {@code time}; titles are "commit <sha prefix>". */
    public void push(Instant time, List<String> commits, String author) {
        push(time, commits, commits.stream().map(sha -> title(sha) + "\n\nBody of " + sha).toList(), author);
    }

    /** A push whose commits have the given titles (first lines of their messages), in the order of {@code commits}. */
    public void push(Instant time, List<String> commits, String author, List<String> titles) {
        List<String> messages = new java.util.ArrayList<>();
        for (int i = 0; i < commits.size(); i++) {
            messages.add(titles.get(i) + "\n\nBody of " + commits.get(i));
        }
        push(time, commits, messages, author);
    }

    /** A push of {@code commits} (oldest first) with the given commit messages; the last commit is the head. */
    public void push(Instant time, List<String> commits, List<String> messages, String author) {
        ObjectNode push = JSON.createObjectNode();
        push.put("ref", "refs/heads/" + branch);
        push.put("before", "0".repeat(40));
        push.put("after", commits.get(commits.size() - 1));
        ObjectNode repository = repository();
        repository.put("pushed_at", time.getEpochSecond());
        push.set("repository", repository);
        push.putObject("pusher").put("name", author);
        ArrayNode list = push.putArray("commits");
        for (int i = 0; i < commits.size(); i++) {
            String sha = commits.get(i);
            ObjectNode commit = list.addObject();
            commit.put("id", sha);
            commit.put("message", messages.get(i));
            commit.put("timestamp", time.toString());
            commit.putObject("author").put("name", author).put("username", author);
            commit.put("url", "https://github.com/" + repo + "/commit/" + sha);
        }
        push.set("head_commit", list.get(list.size() - 1));
        Webhooks.deliver("push", bytes(push)).statusCode(200);
    }

    public static String title(String sha) {
        return "commit " + sha.substring(0, 7);
    }

    /** One job execution with the given outcome; returns its id. Times may be null (e.g. still queued). */
    public long job(String sha, long runId, int attempt, String workflow, String name, String status,
            String conclusion, Instant created, Instant started, Instant completed, List<String> labels) {
        return job(sha, runId, attempt, workflow, name, status, conclusion, created, started, completed, labels,
                List.of(new Step("Checkout", "success", null, null)));
    }

    /** A step of a job as {@code workflow_job} carries it; times may be null. */
    public record Step(String name, String conclusion, Instant started, Instant completed) {
    }

    /** {@link #job} with the job's steps, in order. */
    public long job(String sha, long runId, int attempt, String workflow, String name, String status,
            String conclusion, Instant created, Instant started, Instant completed, List<String> labels,
            List<Step> jobSteps) {
        long id = nextId();
        ObjectNode job = JSON.createObjectNode();
        job.put("id", id);
        job.put("run_id", runId);
        job.put("run_attempt", attempt);
        job.put("workflow_name", workflow);
        job.put("name", name);
        job.put("head_sha", sha);
        job.put("head_branch", branch);
        job.put("status", status);
        if (conclusion != null) {
            job.put("conclusion", conclusion);
        }
        putTime(job, "created_at", created);
        putTime(job, "started_at", started);
        putTime(job, "completed_at", completed);
        ArrayNode labelArray = job.putArray("labels");
        labels.forEach(labelArray::add);
        job.put("runner_name", started == null ? null : "runner-" + (id % 7));
        job.put("html_url", "https://github.com/" + repo + "/actions/runs/" + runId + "/job/" + id);
        ArrayNode steps = job.putArray("steps");
        for (int i = 0; i < jobSteps.size(); i++) {
            Step step = jobSteps.get(i);
            ObjectNode node = steps.addObject().put("number", i + 1).put("name", step.name())
                    .put("status", step.conclusion() == null ? "in_progress" : "completed");
            if (step.conclusion() != null) {
                node.put("conclusion", step.conclusion());
            }
            putTime(node, "started_at", step.started());
            putTime(node, "completed_at", step.completed());
        }
        ObjectNode payload = JSON.createObjectNode();
        payload.put("action", status);
        payload.set("workflow_job", job);
        payload.set("repository", repository());
        Webhooks.deliver("workflow_job", bytes(payload)).statusCode(200);
        return id;
    }

    /** A workflow run attempt; returns nothing (the id is the caller's). */
    public void workflowRun(long runId, int attempt, String sha, String name, String event, String status,
            String conclusion, Instant created, Instant updated) {
        ObjectNode run = JSON.createObjectNode();
        run.put("id", runId);
        run.put("run_attempt", attempt);
        run.put("name", name);
        run.put("event", event);
        run.put("head_branch", branch);
        run.put("head_sha", sha);
        run.put("status", status);
        if (conclusion != null) {
            run.put("conclusion", conclusion);
        }
        putTime(run, "created_at", created);
        putTime(run, "updated_at", updated);
        putTime(run, "run_started_at", created);
        run.putArray("pull_requests");
        ObjectNode payload = JSON.createObjectNode();
        payload.put("action", status);
        payload.set("workflow_run", run);
        payload.set("repository", repository());
        Webhooks.deliver("workflow_run", bytes(payload)).statusCode(200);
    }

    /** Uploads JSON-lines test cases for a job; returns the report id. */
    public long report(String sha, long jobId, String jobName, List<String> jsonLines, String... labels) {
        var request = given().auth().oauth2("test-token-1").queryParam("repo", repo).queryParam("sha", sha)
                .queryParam("job_id", jobId).queryParam("job_name", jobName).queryParam("branch", branch);
        for (String label : labels) {
            request = request.queryParam("label", label);
        }
        return ((Number) request.contentType("application/x-ndjson")
                .body(String.join("\n", jsonLines).getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/test-reports").then().statusCode(201).extract().path("reportId")).longValue();
    }

    /** One JSON-lines test case. */
    public static String testCase(String file, String classname, String name, String status, double seconds,
            String message) {
        ObjectNode node = JSON.createObjectNode();
        node.put("file", file);
        node.put("classname", classname);
        node.put("name", name);
        node.put("status", status);
        node.put("duration_s", seconds);
        if (message != null) {
            node.put("message", message);
        }
        return node.toString();
    }

    private static void putTime(ObjectNode node, String field, Instant time) {
        if (time == null) {
            node.putNull(field);
        } else {
            node.put(field, time.toString());
        }
    }

    private static byte[] bytes(ObjectNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }
}
