package dev.greenboard.bench;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Measurement 4 (and 6, memory during queries): read latency under concurrency with {@code hey}, on the state
 * Greenboard (the test workload plus the job history and documents, rolled up). Each query is checked once for a
 * non-empty, error-free answer before it is timed; each {@code hey} run is preceded by an untimed warm-up of a quarter of its
 * duration.
 */
final class QueryBench {

    /** One query as {@code hey} sends it. */
    record Query(String name, String method, String path, byte[] body, Double targetP95Ms) {
    }

    /** Latencies of one {@code hey} run in ms, its request rate and the non-2xx count. */
    record HeyRun(double p50, double p95, double p99, double requestsPerSecond, long ok, long failed) {
    }

    static final String TEST_FILE = "test_ops.py";
    static final String TEST_CLASS = "TestOps";
    static final String TEST_NAME = "test_flaky_rerun";

    private QueryBench() {
    }

    static List<Query> queries() {
        String repo = Workload.REPO;
        return List.of(
                new Query("HUD, 50 commits", "POST", "/graphql", Client.graphqlBody("""
                        query($repo: String!) { hud(repo: $repo, first: 50) {
                          jobNames rows { sha time title author prNumber cells { status jobId attempts } }
                          pageInfo { hasNextPage endCursor } } }""", Map.of("repo", repo)), 100.0),
                new Query("test history of one test (50 newest)", "POST", "/graphql", Client.graphqlBody("""
                        query($repo: String!, $file: String!, $cls: String!, $name: String!) {
                          testHistory(repo: $repo, file: $file, classname: $cls, name: $name, first: 50) {
                            edges { node { status durationSeconds sha jobName receivedAt message } }
                            pageInfo { hasNextPage endCursor } } }""",
                        Map.of("repo", repo, "file", TEST_FILE, "cls", TEST_CLASS, "name", TEST_NAME)), 50.0),
                new Query("red rate per day, 30 days", "POST", "/graphql", Client.graphqlBody("""
                        query($repo: String!) { metric(name: "red_rate", repo: $repo) {
                          unit statistic from to points { time value count } } }""", Map.of("repo", repo)), null),
                new Query("flaky tests, 7 days", "POST", "/graphql", Client.graphqlBody("""
                        query($repo: String!) { flakyTests(repo: $repo, days: 7, first: 50) {
                          edges { node { test { file classname name } state reasons runs failures flips lastFlakeAt
                                         failureRateLow failureRateHigh } }
                          pageInfo { hasNextPage endCursor } } }""", Map.of("repo", repo)), null),
                new Query("test-times.json", "GET", "/api/v1/stats/test-times.json?repo="
                        + URLEncoder.encode(repo, StandardCharsets.UTF_8), null, null),
                new Query("documents, filtered, 50 newest", "POST", "/graphql", Client.graphqlBody("""
                        query($c: String!, $w: String!) { documents(collection: $c, where: $w, first: 50) {
                          edges { node { id eventTime body } } pageInfo { hasNextPage endCursor } } }""",
                        Map.of("c", Loader.DOCUMENT_COLLECTION, "w", "{\"conclusion\": \"failure\"}")), null));
    }

    /** The query of that name (the side-by-side asks some of the same questions). */
    static Query query(String name) {
        return queries().stream().filter(query -> query.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no query named " + name));
    }

    static Map<String, List<HeyRun>> run(BenchContext context) throws Exception {
        ResultLog log = context.log();
        log.section("4. Query latency, concurrency " + context.concurrency() + " (hey), and 6. memory");
        Loader.ensureTests(context);
        Map<String, List<HeyRun>> results = new LinkedHashMap<>();
        try (GreenboardApp app = context.startState()) {
            Loader.ensureJobsAndDocuments(context, app);
            Client client = new Client(app.baseUrl());
            client.runAll(false).require("run-all before queries");
            for (Query query : queries()) {
                check(client, query);
            }
            if (!hasHey()) {
                log.line("`hey` is not installed (apt-get install -y hey): the answers were checked, not timed.");
                return results;
            }
            app.resetPeakMemory();
            MemorySampler sampler = MemorySampler.start(app);
            Path bodies = Files.createDirectories(context.work().resolve("query-bodies"));
            long warmUpMs = Math.max(500, context.scale().queryDuration().toMillis() / 4);
            for (Query query : queries()) {
                List<HeyRun> runs = new ArrayList<>();
                for (int repeat = 0; repeat < context.scale().repeats(); repeat++) {
                    hey(app, query, bodies, context.concurrency(), "-z", warmUpMs + "ms"); // warm-up, untimed
                    String load = Machine.load();
                    HeyRun run = hey(app, query, bodies, context.concurrency(), "-z",
                            context.scale().queryDuration().toMillis() + "ms");
                    runs.add(run);
                    log.line(String.format("- %s, repeat %d: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, %,.0f req/s,"
                            + " %,d ok, %,d failed; load %s → %s", query.name(), repeat + 1, run.p50(), run.p95(),
                            run.p99(), run.requestsPerSecond(), run.ok(), run.failed(), load, Machine.load()));
                    if (run.failed() > 0 || run.ok() == 0) {
                        throw new IllegalStateException(query.name() + ": " + run.failed() + " failed requests");
                    }
                }
                results.put(query.name(), runs);
            }
            sampler.stop();
            long peak = app.peakRssMb();
            log.line("");
            log.line("| query (concurrency " + context.concurrency() + ") | p50 ms | p95 ms | p99 ms | req/s | target"
                    + " | met |");
            log.line("|---|---|---|---|---|---|---|");
            for (Query query : queries()) {
                List<HeyRun> runs = results.get(query.name());
                Stats.Spread p95 = Stats.spread(runs.stream().map(HeyRun::p95).toList());
                log.line("| " + query.name() + " | " + Stats.spread(runs.stream().map(HeyRun::p50).toList()).format(
                        "%.1f") + " | " + p95.format("%.1f") + " | "
                        + Stats.spread(runs.stream().map(HeyRun::p99)
                                .toList()).format("%.1f")
                        + " | " + Stats.spread(runs.stream().map(HeyRun::requestsPerSecond).toList()).format("%,.0f")
                        + " | " + (query.targetP95Ms() == null
                                ? ""
                                : "p95 < " + query.targetP95Ms().intValue()
                                        + " ms")
                        + " | " + (query.targetP95Ms() == null
                                ? ""
                                : IngestBench.met(p95.median() < query
                                        .targetP95Ms()))
                        + " |");
            }
            log.line("");
            log.line(String.format("| app peak RSS during the query runs | %,d MB | < 1,024 MB | %s |", peak,
                    IngestBench.met(peak < 1024)));
            log.line(String.format("| embedded PostgreSQL peak PSS during the query runs | %,d MB | | |",
                    sampler.peakPostgresPssMb()));
        }
        return results;
    }

    /** The answer must be 2xx, without GraphQL errors, and not empty. */
    static JsonNode check(Client client, Query query) throws Exception {
        Client.Answer answer = query.method().equals("GET")
                ? client.get(query.path())
                : client.send(query.path(), query.body());
        answer.require(query.name());
        if (answer.body() == null || answer.body().has("errors") || answer.text().length() < 100) {
            throw new IllegalStateException(query.name() + " gave an empty or failed answer: " + answer.text());
        }
        return answer.body();
    }

    static boolean hasHey() {
        try {
            Process process = new ProcessBuilder("hey").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            process.waitFor();
            return true;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    static HeyRun hey(GreenboardApp app, Query query, Path bodies, int concurrency, String... amount)
            throws Exception {
        // With the token, as a tool that reads this much would: anonymous reads are rate-limited per address.
        List<String> command = new ArrayList<>(List.of("hey", amount[0], amount[1], "-c",
                Integer.toString(concurrency), "-H", "Authorization: Bearer " + GreenboardApp.TOKEN));
        if (query.method().equals("POST")) {
            Files.createDirectories(bodies);
            Path body = bodies.resolve(query.name().replaceAll("\\W+", "-") + ".json");
            Files.write(body, query.body());
            command.addAll(List.of("-m", "POST", "-T", "application/json", "-D", body.toString()));
        }
        command.add(app.baseUrl() + query.path());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException("hey failed: " + output);
        }
        return parse(output);
    }

    /** Reads hey's summary: "Requests/sec:", "NN% in X secs" and the status code distribution. */
    static HeyRun parse(String output) {
        Map<Integer, Double> percentiles = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(\\d+)%% in ([0-9.]+) secs".replace("%%", "%")).matcher(output);
        while (m.find()) {
            percentiles.put(Integer.parseInt(m.group(1)), Double.parseDouble(m.group(2)) * 1000);
        }
        Matcher rate = Pattern.compile("Requests/sec:\\s+([0-9.]+)").matcher(output);
        double requestsPerSecond = rate.find() ? Double.parseDouble(rate.group(1)) : Double.NaN;
        long ok = 0;
        long failed = 0;
        Matcher codes = Pattern.compile("\\[(\\d{3})]\\s+(\\d+) responses").matcher(output);
        while (codes.find()) {
            long count = Long.parseLong(codes.group(2));
            if (codes.group(1).startsWith("2")) {
                ok += count;
            } else {
                failed += count;
            }
        }
        Matcher errors = Pattern.compile("\\[(\\d+)]\\s+Get|\\[(\\d+)]\\s+Post").matcher(output);
        while (errors.find()) {
            failed += Long.parseLong(errors.group(1) != null ? errors.group(1) : errors.group(2));
        }
        if (Double.isNaN(requestsPerSecond)) {
            throw new IllegalStateException("cannot read hey's output:\n" + output);
        }
        // hey 0.1.4 prints "0% in 0.0000 secs" in place of the high percentiles when a run has few requests.
        return new HeyRun(percentiles.getOrDefault(50, Double.NaN), percentiles.getOrDefault(95, Double.NaN),
                percentiles.getOrDefault(99, Double.NaN), requestsPerSecond, ok, failed);
    }
}
