package dev.greenboard.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.greenboard.ingest.generator.CiHistoryGenerator;
import dev.greenboard.ingest.generator.GeneratedEvent;
import dev.greenboard.ingest.generator.HistorySettings;
import dev.greenboard.ingest.report.ReportSource;

/**
 * Measurement 3: freshness, the time from a write's 2xx answer to the first GraphQL answer that shows it. A probe is
 * a one-test report (seen through {@code testHistory}) or a {@code workflow_job} delivery for a new job (seen through
 * {@code job(id)}); after the 2xx the reader polls back to back. Half the probes run on an idle instance, half while
 * two uploaders keep ingesting reports of another repository.
 */
final class FreshnessBench {

    static final double TARGET_P99_MS = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BACKGROUND_REPO = "bench/background";

    /** One probe: what it wrote and how long until it was visible. */
    record Probe(String kind, boolean underLoad, double millis, int polls) {
    }

    private FreshnessBench() {
    }

    static List<Probe> run(BenchContext context) throws Exception {
        ResultLog log = context.log();
        log.section("3. Freshness: 2xx → visible through GraphQL");
        Loader.ensureTests(context);
        int probesPerCondition = context.scale().name().equals("small") ? 10 : 100;
        List<Probe> probes = new ArrayList<>();
        try (GreenboardApp app = context.startState()) {
            Client client = new Client(app.baseUrl());
            Workload.ReportFile anyReport = context.workload().reports().get(0);
            JsonNode jobTemplate = jobTemplate(context.workload());
            long nonce = Instant.now().getEpochSecond() % 1_000_000;
            for (int i = 0; i < 4; i++) { // warm-up: the first requests of a fresh JVM are not what freshness is
                probe(client, anyReport, jobTemplate, nonce, 100_000 + i, false);
            }
            String idleLoad = Machine.load();
            for (int i = 0; i < probesPerCondition; i++) {
                probes.add(probe(client, anyReport, jobTemplate, nonce, i, false));
            }
            List<GeneratedEvent.Report> background = backgroundReports(context.scale());
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong backgroundResults = new AtomicLong();
            Thread[] uploaders = new Thread[2];
            for (int t = 0; t < uploaders.length; t++) {
                int offset = t;
                uploaders[t] = new Thread(() -> {
                    for (int r = offset; r < background.size() && !stop.get(); r += uploaders.length) {
                        GeneratedEvent.Report report = background.get(r);
                        try {
                            client.report(report.source(), report.jsonLines()).require("background report");
                            backgroundResults.addAndGet(report.testCases());
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }, "background-uploader");
                uploaders[t].start();
            }
            long loadStarted = System.nanoTime();
            Thread.sleep(300); // let the background load get going
            String busyLoad = Machine.load();
            int underLoad = 0;
            for (int i = 0; i < probesPerCondition && uploaders[0].isAlive(); i++) {
                probes.add(probe(client, anyReport, jobTemplate, nonce, probesPerCondition + i, true));
                underLoad++;
            }
            double loadSeconds = (System.nanoTime() - loadStarted) / 1e9;
            stop.set(true);
            for (Thread uploader : uploaders) {
                uploader.join();
            }
            log.line(String.format("%d probes idle (load %s); %d under a background ingest of %,.0f results/s"
                    + " (load %s → %s)", probesPerCondition, idleLoad, underLoad,
                    backgroundResults.get() / loadSeconds, busyLoad, Machine.load()));
        }
        log.line("");
        log.line("| probe | condition | p50 ms | p99 ms | max ms | target p99 | met |");
        log.line("|---|---|---|---|---|---|---|");
        for (String kind : List.of("report", "webhook")) {
            for (boolean underLoad : List.of(false, true)) {
                List<Double> ms = probes.stream().filter(p -> p.kind().equals(kind) && p.underLoad() == underLoad)
                        .map(Probe::millis).toList();
                if (ms.isEmpty()) {
                    continue;
                }
                double p99 = Stats.percentile(ms, 99);
                log.line(String.format("| %s | %s | %.1f | %.1f | %.1f | < 1,000 ms | %s |", kind,
                        underLoad ? "under ingest load" : "idle", Stats.percentile(ms, 50), p99,
                        Stats.percentile(ms, 100), IngestBench.met(p99 < TARGET_P99_MS)));
            }
        }
        return probes;
    }

    private static Probe probe(Client client, Workload.ReportFile anyReport, JsonNode jobTemplate, long nonce, int i,
            boolean underLoad) throws Exception {
        if (i % 2 == 0) {
            String name = "test_probe_" + nonce + "_" + i;
            String line = "{\"file\":\"test_fresh.py\",\"classname\":\"TestFresh\",\"name\":\"" + name
                    + "\",\"status\":\"passed\",\"duration_s\":0.1}\n";
            ReportSource source = new ReportSource(Workload.REPO, anyReport.source().sha(), null, 1,
                    9_000_000_000L + nonce * 1000 + i, "freshness probe", "probe", "main", Map.of());
            client.report(source, line.getBytes(StandardCharsets.UTF_8)).require("probe report");
            long answered = System.nanoTime();
            int polls = 0;
            while (true) {
                polls++;
                JsonNode data = client.graphql("query($r: String!, $n: String!) { testHistory(repo: $r, name: $n,"
                        + " first: 1) { edges { node { status } } } }", Map.of("r", Workload.REPO, "n", name));
                if (data.path("testHistory").path("edges").size() > 0) {
                    return new Probe("report", underLoad, (System.nanoTime() - answered) / 1e6, polls);
                }
                timeout(answered, "report probe " + name);
            }
        }
        long jobId = 8_000_000_000L + nonce * 1000 + i;
        ObjectNode payload = jobTemplate.deepCopy();
        ((ObjectNode) payload.path("workflow_job")).put("id", jobId);
        byte[] body = payload.toString().getBytes(StandardCharsets.UTF_8);
        client.webhook(new Workload.Delivery("workflow_job", UUID.randomUUID().toString(), body))
                .require("probe webhook");
        long answered = System.nanoTime();
        int polls = 0;
        while (true) {
            polls++;
            Client.Answer answer = client.graphqlAnswer("query($id: ID!) { job(id: $id) { id status } }",
                    Map.of("id", jobId));
            if (answer.body() != null && !answer.body().path("data").path("job").path("id").isMissingNode()
                    && !answer.body().path("data").path("job").isNull()) {
                return new Probe("webhook", underLoad, (System.nanoTime() - answered) / 1e6, polls);
            }
            timeout(answered, "webhook probe job " + jobId);
        }
    }

    private static void timeout(long since, String what) {
        if (System.nanoTime() - since > Duration.ofSeconds(60).toNanos()) {
            throw new IllegalStateException(what + " not visible after 60 s");
        }
    }

    /** A completed workflow_job delivery of the test workload, to copy with a new job id. */
    private static JsonNode jobTemplate(Workload workload) throws Exception {
        for (Workload.Delivery delivery : workload.testWebhooks()) {
            if (delivery.event().equals("workflow_job")) {
                JsonNode body = JSON.readTree(delivery.body());
                if (body.path("workflow_job").path("status").asText().equals("completed")) {
                    return body;
                }
            }
        }
        throw new IllegalStateException("no completed workflow_job in the workload");
    }

    /** Reports for the background load: another repository, a tenth of the test workload's report size. */
    private static List<GeneratedEvent.Report> backgroundReports(Scale scale) {
        HistorySettings settings = new HistorySettings(BACKGROUND_REPO, 7, Instant.now(),
                40, Duration.ofMinutes(2), Math.max(40, scale.testsPerFile() / 10),
                false);
        List<GeneratedEvent.Report> reports = new ArrayList<>();
        new CiHistoryGenerator(settings).generate(event -> {
            if (event instanceof GeneratedEvent.Report report) {
                reports.add(report);
            }
        });
        return reports;
    }
}
