package dev.greenboard.ingest.generator;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.greenboard.ingest.report.ReportSource;

/**
 * A deterministic, PyTorch-shaped CI history: commits pushed to {@code main}, per commit a few workflows with
 * build, lint and sharded test jobs on Linux, Windows and macOS, webhook deliveries for each job's queued, running and
 * completed states, and a JSON-lines test report per test job with heavy-tailed durations. Planted in it, so that
 * every page and metric has something to show:
 * <ul>
 * <li>{@code test_ops.py::TestOps::test_flaky_rerun} fails, then passes on rerun inside its job now and then;</li>
 * <li>{@code test_nn.py::TestNN::test_flaky_flip} fails now and then, failing its job, which passes on attempt 2;</li>
 * <li>{@code test_torch.py::TestTorch::test_windows_paths} fails often on Windows only;</li>
 * <li>{@code test_autograd.py::TestAutograd::test_broken_recently} fails on the newest four commits;</li>
 * <li>two tests take about 90 s (slow tests); every 15th commit is a revert.</li>
 * </ul>
 * The same settings and seed always give the same events.
 */
public final class CiHistoryGenerator {

    /** One job of the matrix: where it runs and which test files it runs. */
    private record JobSpec(String workflow, String name, String base, String config, int shard, int shards,
            String runner, List<String> files) {

        boolean tests() {
            return !files.isEmpty();
        }

        boolean windows() {
            return base.startsWith("win");
        }
    }

    private static final List<String> LINUX_FILES = List.of("test_ops.py", "test_nn.py", "test_torch.py",
            "test_autograd.py", "test_jit.py", "test_linalg.py");
    private static final List<String> WINDOWS_FILES = List.of("test_ops.py", "test_nn.py", "test_torch.py",
            "test_autograd.py");
    private static final String ZEROS = "0".repeat(40);

    private final HistorySettings settings;
    private final ObjectMapper json = new ObjectMapper();
    private final List<JobSpec> matrix = new ArrayList<>();
    private final Random random;
    private long nextId;

    public CiHistoryGenerator(HistorySettings settings) {
        this.settings = settings;
        this.random = new Random(settings.seed());
        this.nextId = 1_000_000_000L + Math.floorMod(settings.seed() * 7919 + settings.repo().hashCode(), 1_000_000)
                * 10_000L;
        String linux = "linux-jammy-py3.10-gcc11";
        String windows = "win-vs2022-cpu-py3";
        String mac = "macos-py3-arm64";
        matrix.add(new JobSpec("lint", "lintrunner", "lint", "default", 0, 0, "linux.2xlarge", List.of()));
        matrix.add(new JobSpec("pull", linux + " / build", linux, "build", 0, 0, "linux.2xlarge", List.of()));
        for (int shard = 1; shard <= 3; shard++) {
            matrix.add(testJob("pull", linux, "default", shard, 3, "linux.2xlarge", LINUX_FILES));
        }
        matrix.add(testJob("pull", linux, "distributed", 1, 1, "linux.8xlarge.nvidia.gpu",
                List.of("distributed/test_c10d_nccl.py")));
        matrix.add(new JobSpec("pull", windows + " / build", windows, "build", 0, 0, "windows.4xlarge", List.of()));
        for (int shard = 1; shard <= 2; shard++) {
            matrix.add(testJob("pull", windows, "default", shard, 2, "windows.4xlarge", WINDOWS_FILES));
        }
        matrix.add(testJob("trunk", mac, "default", 1, 1, "macos-m1-14", List.of("test_ops.py", "test_nn.py")));
        matrix.add(testJob("trunk", mac, "mps", 1, 1, "macos-m1-14", List.of("test_mps.py")));
    }

    private static JobSpec testJob(String workflow, String base, String config, int shard, int shards, String runner,
            List<String> allFiles) {
        List<String> files = new ArrayList<>();
        for (int i = 0; i < allFiles.size(); i++) {
            if (i % shards == shard - 1) {
                files.add(allFiles.get(i));
            }
        }
        return new JobSpec(workflow, base + " / test (" + config + ", " + shard + ", " + shards + ", " + runner + ")",
                base, config, shard, shards, runner, files);
    }

    /** Emits every event of the history, oldest commit first. */
    public void generate(Consumer<GeneratedEvent> sink) {
        for (int index = 0; index < settings.commits(); index++) {
            commit(index, sink);
        }
    }

    /** How many test cases one commit's reports hold (for progress and sizing). */
    public int testCasesPerCommit() {
        return matrix.stream().filter(JobSpec::tests).mapToInt(j -> j.files().size()).sum() * settings.testsPerFile();
    }

    private void commit(int index, Consumer<GeneratedEvent> sink) {
        Instant time = settings.start().plus(settings.commitInterval().multipliedBy(index));
        String sha = sha("commit", index);
        boolean newest = index == settings.commits() - 1;
        boolean revert = index > 0 && index % 15 == 0;
        String title = revert
                ? "Revert \"Speed up " + word(index - 1) + " kernels (#" + (1000 + index - 1) + ")\""
                : (index % 4 == 0 ? "Fix " : "Improve ") + word(index) + " (#" + (1000 + index) + ")";
        sink.accept(push(sha, title, time, index));
        List<String> workflows = matrix.stream().map(JobSpec::workflow).distinct().toList();
        for (String workflow : workflows) {
            long runId = id();
            Instant runCreated = time.plusSeconds(30);
            Instant runUpdated = runCreated;
            boolean rerun = false;
            boolean failed = false;
            boolean pending = false;
            for (JobSpec spec : matrix.stream().filter(j -> j.workflow().equals(workflow)).toList()) {
                JobOutcome outcome = job(spec, sha, runId, 1, index, runCreated, newest, sink);
                if (outcome.completed() == null) {
                    pending = true;
                    continue;
                }
                runUpdated = max(runUpdated, outcome.completed());
                if (outcome.failed() && outcome.flakyFailure()) {
                    JobOutcome retry = job(spec, sha, runId, 2, index, outcome.completed().plusSeconds(60), false,
                            sink);
                    runUpdated = max(runUpdated, retry.completed());
                    rerun = true;
                    failed |= retry.failed();
                } else {
                    failed |= outcome.failed();
                }
            }
            String conclusion = pending ? null : failed ? "failure" : "success";
            sink.accept(workflowRun(runId, 1, sha, workflow, time, runCreated, pending ? runCreated : runUpdated,
                    conclusion));
            if (rerun) {
                sink.accept(workflowRun(runId, 2, sha, workflow, time, runCreated, runUpdated, conclusion));
            }
        }
    }

    private record JobOutcome(Instant completed, boolean failed, boolean flakyFailure) {
    }

    private JobOutcome job(JobSpec spec, String sha, long runId, int attempt, int index, Instant created,
            boolean newest, Consumer<GeneratedEvent> sink) {
        long jobId = id();
        double meanQueue = spec.windows() ? 480 : spec.runner().startsWith("macos") ? 300 : 90;
        Instant started = created.plusSeconds((long) (-meanQueue * Math.log(1 - random.nextDouble())));
        sink.accept(jobEvent(spec, sha, runId, attempt, jobId, "queued", null, created, null, null));
        // The newest commit is still in CI: its macOS jobs wait for a runner, the rest are running.
        if (newest && settings.liveTail() && spec.runner().startsWith("macos")) {
            return new JobOutcome(null, false, false);
        }
        sink.accept(jobEvent(spec, sha, runId, attempt, jobId, "in_progress", null, created, started, null));
        if (newest && settings.liveTail()) {
            return new JobOutcome(null, false, false);
        }
        List<String> lines = new ArrayList<>();
        boolean failed = false;
        boolean flakyOnly = true;
        double seconds = 120 + random.nextInt(240);
        for (String file : spec.files()) {
            for (int t = 0; t < settings.testsPerFile(); t++) {
                TestCase test = testCase(spec, file, t, index, attempt);
                lines.add(test.line());
                seconds += test.seconds() / 4; // tests run 4 at a time
                if (test.status().equals("failed")) {
                    failed = true;
                    flakyOnly &= test.name().equals("test_flaky_flip");
                }
            }
        }
        if (!spec.tests() && spec.base().equals("lint")) {
            seconds = 60 + random.nextInt(60);
        }
        Instant completed = started.plusSeconds((long) seconds);
        sink.accept(jobEvent(spec, sha, runId, attempt, jobId, "completed", failed ? "failure" : "success", created,
                started, completed));
        if (spec.tests()) {
            ReportSource source = new ReportSource(settings.repo(), sha, runId, attempt, jobId, spec.name(),
                    spec.workflow(), "main", Map.of("platform", spec.windows()
                            ? "windows"
                            : spec.runner().startsWith("macos") ? "macos" : "linux", "config", spec.config()));
            sink.accept(new GeneratedEvent.Report(source,
                    (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8), lines.size()));
        }
        return new JobOutcome(completed, failed, failed && flakyOnly);
    }

    private record TestCase(String name, String status, double seconds, String line) {
    }

    /** One test case; its identity and base duration are stable across commits, its outcome is drawn per run. */
    private TestCase testCase(JobSpec spec, String file, int t, int index, int attempt) {
        String module = file.replace(".py", "").replaceAll("^.*/", "");
        String classname = "Test" + capitalize(module.replace("test_", "")) + (t % 3 == 0
                ? ""
                : t % 3 == 1
                        ? "CPU"
                        : "Extended");
        String name = switch (t) {
            case 0 -> special(file, "test_flaky_rerun", "test_flaky_flip", "test_windows_paths",
                    "test_broken_recently");
            case 1 -> file.equals("test_ops.py") || file.equals("test_jit.py") ? "test_huge_model" : "test_case_1";
            default -> "test_case_" + t;
        };
        Random stable = new Random((file + classname + name).hashCode());
        double base = name.equals("test_huge_model")
                ? 85 + stable.nextDouble() * 10
                : Math.exp(-1.5 + 1.6 * stable.nextGaussian());
        double seconds = Math.min(base * (0.9 + 0.2 * random.nextDouble()), 600);
        String status = "passed";
        int rerunCount = 0;
        String message = null;
        if (name.equals("test_flaky_rerun") && random.nextDouble() < 0.3) {
            status = "flaky";
            rerunCount = 1;
        } else if (name.equals("test_flaky_flip") && attempt == 1 && random.nextDouble() < 0.2) {
            status = "failed";
            message = "AssertionError: Tensor-likes are not close! Mismatched elements: 1 / 64";
        } else if (name.equals("test_windows_paths") && spec.windows() && random.nextDouble() < 0.4) {
            status = "failed";
            message = "FileNotFoundError: [WinError 3] The system cannot find the path specified";
        } else if (name.equals("test_broken_recently") && index >= settings.commits() - 5) {
            status = "failed";
            message = "RuntimeError: expected scalar type Float but found Half";
        } else if (stable.nextDouble() < 0.02) {
            status = "skipped";
            message = "requires CUDA";
            seconds = 0;
        }
        ObjectNode line = json.createObjectNode();
        line.put("file", file);
        line.put("classname", classname);
        line.put("name", name);
        line.put("status", status);
        line.put("duration_s", Math.round(seconds * 1000) / 1000.0);
        if (message != null) {
            line.put("message", message);
        }
        if (rerunCount > 0) {
            line.put("rerun_count", rerunCount);
        }
        return new TestCase(name, status, seconds, line.toString());
    }

    private static String special(String file, String ops, String nn, String torch, String autograd) {
        return switch (file) {
            case "test_ops.py" -> ops;
            case "test_nn.py" -> nn;
            case "test_torch.py" -> torch;
            case "test_autograd.py" -> autograd;
            default -> "test_case_0";
        };
    }

    private GeneratedEvent push(String sha, String title, Instant time, int index) {
        ObjectNode push = json.createObjectNode();
        push.put("ref", "refs/heads/main");
        push.put("before", index == 0 ? ZEROS : sha("commit", index - 1));
        push.put("after", sha);
        push.put("created", false);
        push.put("deleted", false);
        push.put("forced", false);
        ObjectNode repository = repository();
        repository.put("pushed_at", time.getEpochSecond());
        push.set("repository", repository);
        String author = List.of("alice", "bob", "carol", "dave", "erin").get(index % 5);
        push.putObject("pusher").put("name", author);
        ObjectNode commit = push.putArray("commits").addObject();
        commit.put("id", sha);
        commit.put("message", title + "\n\nSummary of the change.");
        commit.put("timestamp", time.toString());
        commit.putObject("author").put("name", capitalize(author)).put("email", author + "@example.com")
                .put("username", author);
        commit.put("url", "https://github.com/" + settings.repo() + "/commit/" + sha);
        push.set("head_commit", commit);
        return webhook("push", push);
    }

    private GeneratedEvent workflowRun(long runId, int attempt, String sha, String workflow, Instant commitTime,
            Instant created, Instant updated, String conclusion) {
        ObjectNode run = json.createObjectNode();
        run.put("id", runId);
        run.put("run_attempt", attempt);
        run.put("name", workflow);
        run.put("event", "push");
        run.put("head_branch", "main");
        run.put("head_sha", sha);
        run.put("run_number", runId % 100_000);
        run.put("status", conclusion == null ? "in_progress" : "completed");
        if (conclusion != null) {
            run.put("conclusion", conclusion);
        }
        run.put("created_at", created.toString());
        run.put("run_started_at", created.toString());
        run.put("updated_at", updated.toString());
        run.put("html_url", "https://github.com/" + settings.repo() + "/actions/runs/" + runId);
        run.putObject("head_commit").put("id", sha).put("timestamp", commitTime.toString());
        run.putArray("pull_requests");
        ObjectNode payload = json.createObjectNode();
        payload.put("action", conclusion == null ? "in_progress" : "completed");
        payload.set("workflow_run", run);
        payload.set("repository", repository());
        return webhook("workflow_run", payload);
    }

    private GeneratedEvent jobEvent(JobSpec spec, String sha, long runId, int attempt, long jobId, String status,
            String conclusion, Instant created, Instant started, Instant completed) {
        ObjectNode job = json.createObjectNode();
        job.put("id", jobId);
        job.put("run_id", runId);
        job.put("run_attempt", attempt);
        job.put("workflow_name", spec.workflow());
        job.put("name", spec.name());
        job.put("head_sha", sha);
        job.put("head_branch", "main");
        job.put("status", status);
        if (conclusion == null) {
            job.putNull("conclusion");
        } else {
            job.put("conclusion", conclusion);
        }
        job.put("created_at", created.toString());
        if (started == null) {
            job.putNull("started_at");
        } else {
            job.put("started_at", started.toString());
        }
        if (completed == null) {
            job.putNull("completed_at");
        } else {
            job.put("completed_at", completed.toString());
        }
        job.putArray("labels").add(spec.runner());
        if (started != null) {
            job.put("runner_name", spec.runner() + "-" + Long.toHexString(jobId % 4096));
            job.put("runner_group_name", "Default");
        }
        job.put("html_url", "https://github.com/" + settings.repo() + "/actions/runs/" + runId + "/job/" + jobId);
        ArrayNode steps = job.putArray("steps");
        if (completed != null) {
            steps.addObject().put("number", 1).put("name", "Set up job").put("status", "completed")
                    .put("conclusion", "success").put("started_at", started.toString())
                    .put("completed_at", started.plusSeconds(5).toString());
            steps.addObject().put("number", 2).put("name", spec.tests() ? "Test" : "Build").put("status", "completed")
                    .put("conclusion", conclusion).put("started_at", started.plusSeconds(5).toString())
                    .put("completed_at", completed.toString());
        }
        ObjectNode payload = json.createObjectNode();
        payload.put("action", status);
        payload.set("workflow_job", job);
        payload.set("repository", repository());
        return webhook("workflow_job", payload);
    }

    private ObjectNode repository() {
        ObjectNode repository = json.createObjectNode();
        repository.put("id", Math.floorMod(settings.repo().hashCode(), 100_000_000));
        repository.put("full_name", settings.repo());
        repository.put("name", settings.repo().substring(settings.repo().indexOf('/') + 1));
        repository.put("default_branch", "main");
        repository.put("html_url", "https://github.com/" + settings.repo());
        return repository;
    }

    private GeneratedEvent webhook(String event, ObjectNode payload) {
        byte[] seedBytes = new byte[16];
        random.nextBytes(seedBytes);
        return new GeneratedEvent.Webhook(event, UUID.nameUUIDFromBytes(seedBytes).toString(),
                payload.toString().getBytes(StandardCharsets.UTF_8));
    }

    private String sha(String kind, int index) {
        byte[] digest = new byte[20];
        new Random(settings.seed() * 31 + (kind + index + settings.repo()).hashCode()).nextBytes(digest);
        return HexFormat.of().formatHex(digest);
    }

    private long id() {
        return nextId++;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static String word(int index) {
        List<String> words = List.of("autograd", "CUDA graphs", "inductor", "dynamo", "distributed checkpointing",
                "MPS", "quantization", "sparse", "JIT", "FSDP", "export", "linalg");
        return words.get(Math.floorMod(index, words.size()));
    }

    private static String capitalize(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
