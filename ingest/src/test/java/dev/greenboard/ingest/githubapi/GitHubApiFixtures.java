package dev.greenboard.ingest.githubapi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * REST API answers built from the real webhook payloads of the test corpus. A workflow run or job in the REST API
 * has the fields of the webhook's {@code workflow_run} / {@code workflow_job} object; a commit is the push payload's
 * commit in the REST shape ({@code sha}, {@code commit.author.date}, ...); a pull request is the webhook's
 * {@code pull_request} without the fields that only single-PR answers carry. Builders vary ids, shas, times and
 * statuses; {@link #history} makes a consistent history of many pages.
 *
 * <pre>{@code
 * GitHubApiFixtures fx = GitHubApiFixtures.load();
 * ObjectNode run = fx.run().repo("acme/app").id(7).headSha(fx.sha("c1")).completed("success").build();
 * ObjectNode job = fx.job().of(run).id(70).name("build (linux)").inProgress().build();
 * JsonNode body = fx.jobsPage(1, List.of(job));
 * }</pre>
 */
public final class GitHubApiFixtures {

    public static final String API_BASE = "https://api.github.com";
    public static final String WEB_BASE = "https://github.com";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Path WORKPLACE_CORPUS = Path.of("/work/shared/corpus");
    /** Fields of the webhook's pull request that the REST listing of pull requests does not carry. */
    private static final List<String> SINGLE_PULL_ONLY = List.of("merged", "mergeable", "rebaseable",
            "mergeable_state", "merged_by", "comments", "review_comments", "maintainer_can_modify", "commits",
            "additions", "deletions", "changed_files");

    private final ObjectNode runTemplate;
    private final ObjectNode jobTemplate;
    private final ObjectNode pushCommitTemplate;
    private final ObjectNode userTemplate;
    private final ObjectNode pullTemplate;
    private final ObjectNode repositoryTemplate;

    private GitHubApiFixtures(Path webhooks) {
        this.runTemplate = object(read(webhooks.resolve("workflow_run/completed.payload.json")), "workflow_run");
        this.jobTemplate = object(
                read(webhooks.resolve("workflow_job/completed.success.with-organization.payload.json")),
                "workflow_job");
        JsonNode push = read(webhooks.resolve("push/with-new-branch.payload.json"));
        this.pushCommitTemplate = (ObjectNode) push.path("commits").path(0);
        this.userTemplate = object(push, "sender");
        JsonNode pull = read(webhooks.resolve("pull_request/opened.payload.json"));
        this.pullTemplate = object(pull, "pull_request");
        this.repositoryTemplate = object(pull, "repository");
    }

    /** Fixtures from the repository's corpus copy ({@code testdata/corpus}), else the shared corpus. */
    public static GitHubApiFixtures load() {
        return new GitHubApiFixtures(corpusRoot().resolve("github-webhooks"));
    }

    static Path corpusRoot() {
        String repoRoot = System.getProperty("greenboard.repo.root");
        List<Path> candidates = new ArrayList<>();
        if (repoRoot != null && !repoRoot.isBlank()) {
            candidates.add(Path.of(repoRoot).resolve("testdata/corpus"));
            candidates.add(Path.of(repoRoot).resolveSibling("shared").resolve("corpus"));
        }
        candidates.add(Path.of("../testdata/corpus"));
        candidates.add(WORKPLACE_CORPUS);
        for (Path candidate : candidates) {
            if (Files.isDirectory(candidate.resolve("github-webhooks"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("No webhook corpus found; looked at " + candidates);
    }

    private static JsonNode read(Path file) {
        try {
            return JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode object(JsonNode payload, String field) {
        JsonNode node = payload.path(field);
        if (!node.isObject()) {
            throw new IllegalStateException("Corpus payload has no object '" + field + "'");
        }
        return (ObjectNode) node;
    }

    /** A 40-hex sha derived from a seed: the same seed always gives the same sha. */
    public String sha(String seed) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(seed.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Single objects
    // ---------------------------------------------------------------------------------------------------------------

    /** A workflow run, from the corpus's completed {@code workflow_run}. */
    public RunBuilder run() {
        return new RunBuilder(runTemplate.deepCopy());
    }

    /** A workflow job, from the corpus's completed {@code workflow_job}. */
    public JobBuilder job() {
        return new JobBuilder(jobTemplate.deepCopy());
    }

    /** A commit as {@code GET /repos/{o}/{r}/commits} lists it, from the corpus's push commit. */
    public CommitBuilder commit() {
        return new CommitBuilder(pushCommitTemplate.deepCopy(), userTemplate.deepCopy());
    }

    /** A pull request as {@code GET /repos/{o}/{r}/pulls} lists it, from the corpus's opened pull request. */
    public PullBuilder pullRequest() {
        return new PullBuilder(pullTemplate.deepCopy());
    }

    /** A repository as {@code GET /repos/{o}/{r}} answers, from the corpus's pull request payload. */
    public ObjectNode repository(String fullName, long id, String defaultBranch) {
        ObjectNode repo = repositoryTemplate.deepCopy();
        setRepository(repo, fullName, id);
        repo.put("default_branch", defaultBranch);
        return repo;
    }

    /** One item of {@code GET /repos/{o}/{r}/hooks/{id}/deliveries} (not in the corpus: fields per GitHub's docs). */
    public DeliveryBuilder delivery() {
        return new DeliveryBuilder();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // List bodies
    // ---------------------------------------------------------------------------------------------------------------

    /** {@code {"total_count": n, "workflow_runs": [...]}}. */
    public ObjectNode runsPage(long totalCount, List<? extends JsonNode> runs) {
        return wrapped("workflow_runs", totalCount, runs);
    }

    /** {@code {"total_count": n, "jobs": [...]}}. */
    public ObjectNode jobsPage(long totalCount, List<? extends JsonNode> jobs) {
        return wrapped("jobs", totalCount, jobs);
    }

    /** A JSON array, the body of the commits, pulls and deliveries listings. */
    public ArrayNode array(List<? extends JsonNode> items) {
        ArrayNode array = NODES.arrayNode();
        items.forEach(array::add);
        return array;
    }

    private static ObjectNode wrapped(String field, long totalCount, List<? extends JsonNode> items) {
        ObjectNode body = NODES.objectNode();
        body.put("total_count", totalCount);
        ArrayNode array = body.putArray(field);
        items.forEach(array::add);
        return body;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Histories
    // ---------------------------------------------------------------------------------------------------------------

    /** A history of a repository's default branch: commits, one run per commit, jobs per run. */
    public HistoryBuilder history(String repoFullName) {
        return new HistoryBuilder(repoFullName);
    }

    /**
     * A consistent history, every list newest first (the order GitHub lists them in).
     *
     * @param jobsByRun the jobs of every attempt of each run, by run id (what {@code filter=all} lists)
     */
    public record History(String repo, ObjectNode repository, List<ObjectNode> commits, List<ObjectNode> runs,
            Map<Long, List<ObjectNode>> jobsByRun, List<ObjectNode> pullRequests) {

        /** Every job of every run, in run order. */
        public List<ObjectNode> allJobs() {
            return runs.stream().flatMap(run -> jobsByRun.get(run.path("id").asLong()).stream()).toList();
        }

        /** The jobs of one attempt of a run (what {@code /attempts/{n}/jobs} lists). */
        public List<ObjectNode> jobsOfAttempt(long runId, int attempt) {
            return jobsByRun.get(runId).stream().filter(job -> job.path("run_attempt").asInt() == attempt).toList();
        }
    }

    public final class HistoryBuilder {

        private final String repo;
        private long repoId = 4242;
        private String branch = "main";
        private Instant start = Instant.parse("2026-11-01T00:00:00Z");
        private Duration every = Duration.ofMinutes(30);
        private int commits = 10;
        private List<String> jobNames = List.of("build", "test (linux)", "test (windows)");
        private int failEvery;
        private int rerunEvery;
        private int inProgressLatest;
        private int pullRequests;
        private long firstRunId = 9_000_000_000L;
        private long firstJobId = 30_000_000_000L;

        private HistoryBuilder(String repo) {
            this.repo = repo;
        }

        public HistoryBuilder repoId(long id) {
            this.repoId = id;
            return this;
        }

        public HistoryBuilder branch(String name) {
            this.branch = name;
            return this;
        }

        /** The first (oldest) commit's time. */
        public HistoryBuilder start(Instant time) {
            this.start = time;
            return this;
        }

        /** Time between commits (each commit's run starts a minute after it). */
        public HistoryBuilder every(Duration gap) {
            this.every = gap;
            return this;
        }

        public HistoryBuilder commits(int count) {
            this.commits = count;
            return this;
        }

        public HistoryBuilder jobNames(String... names) {
            this.jobNames = List.of(names);
            return this;
        }

        /** The last job of every n-th run fails (0: none), unless that run is rerun or still running. */
        public HistoryBuilder failEvery(int n) {
            this.failEvery = n;
            return this;
        }

        /** Every n-th run has two attempts: the first failed, the second passed (0: none). */
        public HistoryBuilder rerunEvery(int n) {
            this.rerunEvery = n;
            return this;
        }

        /** The newest n runs are still running: their jobs are {@code in_progress}. */
        public HistoryBuilder inProgressLatest(int n) {
            this.inProgressLatest = n;
            return this;
        }

        /** One pull request per n commits, updated at that commit's time (0: none). */
        public HistoryBuilder pullRequests(int count) {
            this.pullRequests = count;
            return this;
        }

        public HistoryBuilder firstIds(long runId, long jobId) {
            this.firstRunId = runId;
            this.firstJobId = jobId;
            return this;
        }

        public History build() {
            List<ObjectNode> commitList = new ArrayList<>();
            List<ObjectNode> runList = new ArrayList<>();
            Map<Long, List<ObjectNode>> jobs = new LinkedHashMap<>();
            long jobId = firstJobId;
            String parent = null;
            for (int i = 0; i < commits; i++) {
                Instant at = start.plus(every.multipliedBy(i));
                String sha = sha(repo + "#" + i);
                commitList.add(commit().repo(repo).sha(sha).parent(parent).message("Change " + (i + 1))
                        .date(at).build());
                parent = sha;
                long runId = firstRunId + i;
                boolean running = i >= commits - inProgressLatest;
                boolean rerun = !running && rerunEvery > 0 && (i + 1) % rerunEvery == 0;
                boolean failing = !running && !rerun && failEvery > 0 && (i + 1) % failEvery == 0;
                int attempts = rerun ? 2 : 1;
                Instant runCreated = at.plus(Duration.ofMinutes(1));
                List<ObjectNode> runJobs = new ArrayList<>();
                for (int attempt = 1; attempt <= attempts; attempt++) {
                    Instant attemptStart = runCreated.plus(Duration.ofMinutes(20L * (attempt - 1)));
                    for (int j = 0; j < jobNames.size(); j++) {
                        JobBuilder job = job().repo(repo).id(jobId++).runId(runId).attempt(attempt)
                                .name(jobNames.get(j)).workflowName("CI").headSha(sha).headBranch(branch)
                                .createdAt(attemptStart).runnerName("runner-" + (jobId % 7));
                        boolean last = j == jobNames.size() - 1;
                        if (running) {
                            job.inProgress(attemptStart.plusSeconds(30));
                        } else if ((rerun && attempt == 1 && last) || (failing && last)) {
                            job.completed("failure", attemptStart.plusSeconds(30), attemptStart.plusSeconds(600));
                        } else {
                            job.completed("success", attemptStart.plusSeconds(30), attemptStart.plusSeconds(600));
                        }
                        runJobs.add(job.build());
                    }
                }
                RunBuilder run = run().repo(repo, repoId).id(runId).runNumber(i + 1).attempt(attempts).name("CI")
                        .headSha(sha).headBranch(branch).event("push").createdAt(runCreated)
                        .runStartedAt(runCreated.plus(Duration.ofMinutes(20L * (attempts - 1))));
                if (running) {
                    run.inProgress();
                } else {
                    run.completed(failing ? "failure" : "success")
                            .updatedAt(runCreated.plus(Duration.ofMinutes(20L * (attempts - 1) + 11)));
                }
                runList.add(0, run.build());
                jobs.put(runId, List.copyOf(runJobs));
            }
            List<ObjectNode> pulls = new ArrayList<>();
            for (int p = 0; p < pullRequests; p++) {
                Instant at = start
                        .plus(every.multipliedBy((long) p * Math.max(1, commits / Math.max(1, pullRequests))));
                pulls.add(0, pullRequest().repo(repo, repoId).number(p + 1).id(700_000L + p)
                        .headSha(sha(repo + "/pr/" + p)).headRef("feature-" + (p + 1)).baseRef(branch)
                        .createdAt(at).updatedAt(at.plus(Duration.ofMinutes(5))).build());
            }
            pulls.sort((a, b) -> b.path("updated_at").asText().compareTo(a.path("updated_at").asText()));
            List<ObjectNode> commitsNewestFirst = new ArrayList<>(commitList);
            Collections.reverse(commitsNewestFirst);
            return new History(repo, repository(repo, repoId, branch), List.copyOf(commitsNewestFirst),
                    List.copyOf(runList), Map.copyOf(jobs), List.copyOf(pulls));
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Builders
    // ---------------------------------------------------------------------------------------------------------------

    /** Shared by the builders: the object being built and free-form field setting. */
    public abstract static class NodeBuilder<B extends NodeBuilder<B>> {

        protected final ObjectNode node;

        NodeBuilder(ObjectNode node) {
            this.node = node;
        }

        @SuppressWarnings("unchecked")
        protected B self() {
            return (B) this;
        }

        /** Sets any field: a String, Number, Boolean, JsonNode or null. */
        public B set(String field, Object value) {
            node.set(field, value instanceof JsonNode json ? json : JSON.valueToTree(value));
            return self();
        }

        public B remove(String field) {
            node.remove(field);
            return self();
        }

        protected static String time(Instant instant) {
            return instant == null ? null : instant.toString();
        }
    }

    public final class RunBuilder extends NodeBuilder<RunBuilder> {

        private String repo = "octo-org/octo-repo";

        RunBuilder(ObjectNode node) {
            super(node);
        }

        public RunBuilder repo(String fullName) {
            return repo(fullName, node.path("repository").path("id").asLong());
        }

        public RunBuilder repo(String fullName, long repoId) {
            this.repo = fullName;
            setRepository((ObjectNode) node.path("repository"), fullName, repoId);
            setRepository((ObjectNode) node.path("head_repository"), fullName, repoId);
            return this;
        }

        public RunBuilder id(long id) {
            node.put("id", id);
            node.put("node_id", "WFR_" + id);
            return this;
        }

        public RunBuilder runNumber(int number) {
            node.put("run_number", number);
            return this;
        }

        public RunBuilder attempt(int attempt) {
            node.put("run_attempt", attempt);
            return this;
        }

        /** The workflow's name (the corpus's run has an empty one). */
        public RunBuilder name(String name) {
            node.put("name", name);
            return this;
        }

        public RunBuilder workflowId(long id) {
            node.put("workflow_id", id);
            return this;
        }

        public RunBuilder headSha(String sha) {
            node.put("head_sha", sha);
            ((ObjectNode) node.path("head_commit")).put("id", sha);
            return this;
        }

        public RunBuilder headBranch(String branch) {
            node.put("head_branch", branch);
            return this;
        }

        public RunBuilder event(String event) {
            node.put("event", event);
            return this;
        }

        /** Creation time; {@code updated_at} and {@code run_started_at} follow it unless set after. */
        public RunBuilder createdAt(Instant at) {
            node.put("created_at", time(at));
            node.put("updated_at", time(at));
            node.put("run_started_at", time(at));
            ((ObjectNode) node.path("head_commit")).put("timestamp", time(at.minusSeconds(60)));
            return this;
        }

        public RunBuilder updatedAt(Instant at) {
            node.put("updated_at", time(at));
            return this;
        }

        public RunBuilder runStartedAt(Instant at) {
            node.put("run_started_at", time(at));
            return this;
        }

        public RunBuilder queued() {
            return status("queued", null);
        }

        public RunBuilder inProgress() {
            return status("in_progress", null);
        }

        public RunBuilder completed(String conclusion) {
            return status("completed", conclusion);
        }

        public RunBuilder status(String status, String conclusion) {
            node.put("status", status);
            node.put("conclusion", conclusion);
            return this;
        }

        /** The pull requests the run belongs to: {@code [{"number": n, "head": {"sha": ...}}, ...]}. */
        public RunBuilder pullRequests(JsonNode pulls) {
            node.set("pull_requests", pulls);
            return this;
        }

        public ObjectNode build() {
            long id = node.path("id").asLong();
            int attempt = node.path("run_attempt").asInt(1);
            String api = API_BASE + "/repos/" + repo + "/actions/runs/" + id;
            node.put("url", api);
            node.put("html_url", WEB_BASE + "/" + repo + "/actions/runs/" + id);
            node.put("jobs_url", api + "/jobs");
            node.put("logs_url", api + "/logs");
            node.put("artifacts_url", api + "/artifacts");
            node.put("cancel_url", api + "/cancel");
            node.put("rerun_url", api + "/rerun");
            node.put("check_suite_url", API_BASE + "/repos/" + repo + "/check-suites/" + node.path("check_suite_id"));
            node.put("workflow_url", API_BASE + "/repos/" + repo + "/actions/workflows/" + node.path("workflow_id"));
            node.put("previous_attempt_url", attempt > 1 ? api + "/attempts/" + (attempt - 1) : null);
            return node.deepCopy();
        }
    }

    public final class JobBuilder extends NodeBuilder<JobBuilder> {

        private String repo = "octo-org/octo-repo";

        JobBuilder(ObjectNode node) {
            super(node);
        }

        /** Run id, attempt, sha, branch, workflow name and repository of a built run. */
        public JobBuilder of(JsonNode run) {
            return repo(run.path("repository").path("full_name").asText()).runId(run.path("id").asLong())
                    .attempt(run.path("run_attempt").asInt(1)).headSha(run.path("head_sha").asText())
                    .headBranch(run.path("head_branch").asText()).workflowName(run.path("name").asText())
                    .createdAt(Instant.parse(run.path("created_at").asText()));
        }

        public JobBuilder repo(String fullName) {
            this.repo = fullName;
            return this;
        }

        public JobBuilder id(long id) {
            node.put("id", id);
            node.put("node_id", "CR_" + id);
            return this;
        }

        public JobBuilder runId(long runId) {
            node.put("run_id", runId);
            return this;
        }

        public JobBuilder attempt(int attempt) {
            node.put("run_attempt", attempt);
            return this;
        }

        /** The display name, as Greenboard stores it ({@code test (linux)} for a matrix job). */
        public JobBuilder name(String name) {
            node.put("name", name);
            return this;
        }

        public JobBuilder workflowName(String name) {
            node.put("workflow_name", name);
            return this;
        }

        public JobBuilder headSha(String sha) {
            node.put("head_sha", sha);
            return this;
        }

        public JobBuilder headBranch(String branch) {
            node.put("head_branch", branch);
            return this;
        }

        public JobBuilder labels(String... labels) {
            ArrayNode array = node.putArray("labels");
            for (String label : labels) {
                array.add(label);
            }
            return this;
        }

        public JobBuilder runnerName(String name) {
            node.put("runner_name", name);
            return this;
        }

        public JobBuilder createdAt(Instant at) {
            node.put("created_at", time(at));
            return this;
        }

        /** Waiting for a runner: no start, no runner, no steps. */
        public JobBuilder queued() {
            node.put("status", "queued");
            node.putNull("conclusion");
            node.put("started_at", node.path("created_at").asText());
            node.putNull("completed_at");
            node.putNull("runner_id");
            node.putNull("runner_name");
            node.putArray("steps");
            return this;
        }

        public JobBuilder inProgress(Instant startedAt) {
            node.put("status", "in_progress");
            node.putNull("conclusion");
            node.put("started_at", time(startedAt));
            node.putNull("completed_at");
            steps(startedAt, null, null);
            return this;
        }

        public JobBuilder completed(String conclusion, Instant startedAt, Instant completedAt) {
            node.put("status", "completed");
            node.put("conclusion", conclusion);
            node.put("started_at", time(startedAt));
            node.put("completed_at", time(completedAt));
            steps(startedAt, completedAt, conclusion);
            return this;
        }

        /**
         * The template's steps, spread over the job's time: all finished with the job's conclusion on the last step
         * when completed; the first finished and the rest pending while in progress.
         */
        private void steps(Instant started, Instant completed, String conclusion) {
            JsonNode template = jobTemplate.path("steps");
            ArrayNode steps = node.putArray("steps");
            int count = template.size();
            Duration span = completed == null ? Duration.ofSeconds(count) : Duration.between(started, completed);
            for (int i = 0; i < count; i++) {
                ObjectNode step = ((ObjectNode) template.get(i)).deepCopy();
                Instant stepStart = started.plus(span.multipliedBy(i).dividedBy(count));
                Instant stepEnd = started.plus(span.multipliedBy(i + 1).dividedBy(count));
                if (completed == null && i > 0) {
                    step.put("status", i == 1 ? "in_progress" : "queued");
                    step.putNull("conclusion");
                    step.put("started_at", i == 1 ? time(stepStart) : null);
                    step.putNull("completed_at");
                } else {
                    step.put("status", "completed");
                    step.put("conclusion", i == count - 1 && conclusion != null ? conclusion : "success");
                    step.put("started_at", time(stepStart));
                    step.put("completed_at", time(stepEnd));
                }
                steps.add(step);
            }
        }

        public ObjectNode build() {
            long id = node.path("id").asLong();
            long runId = node.path("run_id").asLong();
            node.put("url", API_BASE + "/repos/" + repo + "/actions/jobs/" + id);
            node.put("html_url", WEB_BASE + "/" + repo + "/actions/runs/" + runId + "/job/" + id);
            node.put("run_url", API_BASE + "/repos/" + repo + "/actions/runs/" + runId);
            node.put("check_run_url", API_BASE + "/repos/" + repo + "/check-runs/" + id);
            return node.deepCopy();
        }
    }

    public final class CommitBuilder {

        private final ObjectNode push;
        private final ObjectNode user;
        private String repo = "Codertocat/Hello-World";
        private String parent;

        CommitBuilder(ObjectNode push, ObjectNode user) {
            this.push = push;
            this.user = user;
        }

        public CommitBuilder repo(String fullName) {
            this.repo = fullName;
            return this;
        }

        public CommitBuilder sha(String sha) {
            push.put("id", sha);
            return this;
        }

        public CommitBuilder parent(String sha) {
            this.parent = sha;
            return this;
        }

        public CommitBuilder message(String message) {
            push.put("message", message);
            return this;
        }

        /** Author and committer date. */
        public CommitBuilder date(Instant at) {
            push.put("timestamp", at.toString());
            return this;
        }

        public CommitBuilder author(String name, String email) {
            ObjectNode author = (ObjectNode) push.path("author");
            author.put("name", name);
            author.put("email", email);
            return this;
        }

        /** The REST shape of the push commit. */
        public ObjectNode build() {
            String sha = push.path("id").asText();
            String api = API_BASE + "/repos/" + repo;
            ObjectNode commit = NODES.objectNode();
            commit.put("sha", sha);
            commit.put("node_id", "C_" + sha.substring(0, 12));
            ObjectNode inner = commit.putObject("commit");
            inner.set("author", person(push.path("author")));
            inner.set("committer", person(push.path("committer")));
            inner.put("message", push.path("message").asText());
            ObjectNode tree = inner.putObject("tree");
            tree.put("sha", push.path("tree_id").asText());
            tree.put("url", api + "/git/trees/" + push.path("tree_id").asText());
            inner.put("url", api + "/git/commits/" + sha);
            inner.put("comment_count", 0);
            ObjectNode verification = inner.putObject("verification");
            verification.put("verified", false);
            verification.put("reason", "unsigned");
            verification.putNull("signature");
            verification.putNull("payload");
            verification.putNull("verified_at");
            commit.put("url", api + "/commits/" + sha);
            commit.put("html_url", WEB_BASE + "/" + repo + "/commit/" + sha);
            commit.put("comments_url", api + "/commits/" + sha + "/comments");
            commit.set("author", user.deepCopy());
            commit.set("committer", user.deepCopy());
            ArrayNode parents = commit.putArray("parents");
            if (parent != null) {
                ObjectNode p = parents.addObject();
                p.put("sha", parent);
                p.put("url", api + "/commits/" + parent);
                p.put("html_url", WEB_BASE + "/" + repo + "/commit/" + parent);
            }
            return commit;
        }

        private ObjectNode person(JsonNode pushPerson) {
            ObjectNode person = NODES.objectNode();
            person.put("name", pushPerson.path("name").asText());
            person.put("email", pushPerson.path("email").asText());
            person.put("date", push.path("timestamp").asText());
            return person;
        }
    }

    public final class PullBuilder extends NodeBuilder<PullBuilder> {

        private String repo = "Codertocat/Hello-World";

        PullBuilder(ObjectNode node) {
            super(node);
        }

        public PullBuilder repo(String fullName, long repoId) {
            this.repo = fullName;
            setRepository((ObjectNode) node.path("head").path("repo"), fullName, repoId);
            setRepository((ObjectNode) node.path("base").path("repo"), fullName, repoId);
            return this;
        }

        public PullBuilder number(int number) {
            node.put("number", number);
            return this;
        }

        public PullBuilder id(long id) {
            node.put("id", id);
            return this;
        }

        public PullBuilder title(String title) {
            node.put("title", title);
            return this;
        }

        public PullBuilder headSha(String sha) {
            ((ObjectNode) node.path("head")).put("sha", sha);
            return this;
        }

        public PullBuilder headRef(String ref) {
            ((ObjectNode) node.path("head")).put("ref", ref);
            return this;
        }

        public PullBuilder baseRef(String ref) {
            ((ObjectNode) node.path("base")).put("ref", ref);
            return this;
        }

        public PullBuilder createdAt(Instant at) {
            node.put("created_at", time(at));
            node.put("updated_at", time(at));
            return this;
        }

        public PullBuilder updatedAt(Instant at) {
            node.put("updated_at", time(at));
            return this;
        }

        public PullBuilder closed(Instant at) {
            node.put("state", "closed");
            node.put("closed_at", time(at));
            node.put("updated_at", time(at));
            return this;
        }

        public PullBuilder merged(Instant at, String mergeCommitSha) {
            closed(at);
            node.put("merged_at", time(at));
            node.put("merge_commit_sha", mergeCommitSha);
            return this;
        }

        public ObjectNode build() {
            int number = node.path("number").asInt();
            String api = API_BASE + "/repos/" + repo;
            node.put("url", api + "/pulls/" + number);
            node.put("html_url", WEB_BASE + "/" + repo + "/pull/" + number);
            node.put("issue_url", api + "/issues/" + number);
            node.put("statuses_url", api + "/statuses/" + node.path("head").path("sha").asText());
            SINGLE_PULL_ONLY.forEach(node::remove);
            return node.deepCopy();
        }
    }

    public static final class DeliveryBuilder extends NodeBuilder<DeliveryBuilder> {

        DeliveryBuilder() {
            super(NODES.objectNode());
            node.put("id", 1L);
            node.put("guid", "0b989ba4-242f-11e5-81e1-c7b6966d2516");
            node.put("delivered_at", "2026-11-01T00:00:00Z");
            node.put("redelivery", false);
            node.put("duration", 0.27);
            node.put("status", "OK");
            node.put("status_code", 200);
            node.put("event", "workflow_job");
            node.put("action", "completed");
            node.putNull("installation_id");
            node.put("repository_id", 4242);
            node.putNull("throttled_at");
        }

        public DeliveryBuilder id(long id) {
            node.put("id", id);
            return this;
        }

        /** The {@code X-GitHub-Delivery} value. */
        public DeliveryBuilder guid(String guid) {
            node.put("guid", guid);
            return this;
        }

        public DeliveryBuilder deliveredAt(Instant at) {
            node.put("delivered_at", time(at));
            return this;
        }

        public DeliveryBuilder event(String event, String action) {
            node.put("event", event);
            node.put("action", action);
            return this;
        }

        public DeliveryBuilder redelivery(boolean redelivery) {
            node.put("redelivery", redelivery);
            return this;
        }

        public DeliveryBuilder ok() {
            node.put("status", "OK");
            node.put("status_code", 200);
            return this;
        }

        /** The receiver answered {@code statusCode} (0: no answer; GitHub then says why in {@code status}). */
        public DeliveryBuilder failed(int statusCode) {
            node.put("status", statusCode == 0 ? "timed out" : "Invalid HTTP Response: " + statusCode);
            node.put("status_code", statusCode);
            return this;
        }

        public ObjectNode build() {
            return node.deepCopy();
        }
    }

    private static void setRepository(ObjectNode repo, String fullName, long id) {
        if (repo == null || repo.isMissingNode()) {
            return;
        }
        RepoRef ref = RepoRef.parse(fullName);
        String api = API_BASE + "/repos/" + fullName;
        repo.put("id", id);
        repo.put("name", ref.name());
        repo.put("full_name", fullName);
        repo.put("url", api);
        repo.put("html_url", WEB_BASE + "/" + fullName);
        if (repo.path("owner").isObject()) {
            ObjectNode owner = (ObjectNode) repo.path("owner");
            owner.put("login", ref.owner());
            owner.put("url", API_BASE + "/users/" + ref.owner());
            owner.put("html_url", WEB_BASE + "/" + ref.owner());
        }
        // The other *_url fields (many templated, "{/sha}") name the template's repository: point them at this one.
        List<String> urlFields = new ArrayList<>();
        repo.fields().forEachRemaining(entry -> {
            if (entry.getKey().endsWith("_url") && entry.getValue().isTextual()) {
                urlFields.add(entry.getKey());
            }
        });
        for (String field : urlFields) {
            String value = repo.path(field).asText();
            int at = value.indexOf("/repos/");
            if (at >= 0) {
                String rest = value.substring(at + "/repos/".length());
                int slash = rest.indexOf('/', rest.indexOf('/') + 1);
                repo.put(field, value.substring(0, at) + "/repos/" + fullName + (slash < 0
                        ? ""
                        : rest.substring(
                                slash)));
            }
        }
    }
}
