package dev.greenboard.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Sends the workload to Greenboard with several concurrent senders, checking every answer. */
final class Loader {

    static final String DOCUMENT_COLLECTION = "job_stats";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Loader() {
    }

    /** What a load did: how many items and results were accepted, and how long it took from first send to last 2xx. */
    record Outcome(long items, long results, Duration elapsed) {

        double perSecond(long count) {
            return count / (elapsed.toNanos() / 1e9);
        }
    }

    /** Uploads every report; each must be answered 201 with the generated number of test cases. */
    static Outcome uploadReports(Client client, List<Workload.ReportFile> reports, int uploaders, String step)
            throws Exception {
        long total = reports.stream().mapToLong(Workload.ReportFile::testCases).sum();
        Progress progress = new Progress(step, "test results", total);
        AtomicInteger next = new AtomicInteger();
        AtomicLong stored = new AtomicLong();
        long started = System.nanoTime();
        runParallel(uploaders, () -> {
            for (int i = next.getAndIncrement(); i < reports.size(); i = next.getAndIncrement()) {
                Workload.ReportFile report = reports.get(i);
                byte[] body = Files.readAllBytes(report.path());
                Client.Answer answer = client.report(report.source(), body).require("report " + report.seq());
                long tests = answer.body().path("tests").asLong();
                if (answer.status() != 201 || tests != report.testCases()) {
                    throw new IllegalStateException("report " + report.seq() + ": expected 201 with "
                            + report.testCases() + " tests, got " + answer.status() + " " + answer.text());
                }
                stored.addAndGet(tests);
                progress.add(tests);
            }
            return null;
        });
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        progress.done();
        return new Outcome(reports.size(), stored.get(), elapsed);
    }

    /**
     * Sends deliveries in order from {@code concurrency} senders; each must be accepted as new (200 normalized, or
     * 202 kept raw). The requests are built and signed before the clock starts ({@link WebhookSender}).
     */
    static Outcome sendWebhooks(Client client, List<Workload.Delivery> deliveries, int concurrency, String step)
            throws Exception {
        URI base = URI.create(client.baseUrl());
        List<WebhookSender.Prepared> requests = WebhookSender.prepare(client, base, deliveries);
        Progress progress = new Progress(step, "deliveries", deliveries.size());
        AtomicInteger next = new AtomicInteger();
        AtomicLong accepted = new AtomicLong();
        long started = System.nanoTime();
        runParallel(concurrency, () -> {
            try (WebhookSender sender = new WebhookSender(base)) {
                for (int i = next.getAndIncrement(); i < requests.size(); i = next.getAndIncrement()) {
                    WebhookSender.Prepared request = requests.get(i);
                    WebhookSender.Answer answer = sender.send(request);
                    if ((answer.status() != 200 && answer.status() != 202)
                            || !answer.body().contains("\"duplicate\":false")) {
                        throw new IllegalStateException("webhook " + request.deliveryId() + " was not taken as new: "
                                + answer.status() + " " + answer.body());
                    }
                    accepted.incrementAndGet();
                    progress.add(1);
                }
            }
            return null;
        });
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        progress.done();
        return new Outcome(deliveries.size(), accepted.get(), elapsed);
    }

    /**
     * One document per completed job of the job history (as a CI-stats collection would hold), posted as JSON arrays
     * of 1,000: what the documents query reads.
     */
    static Outcome loadDocuments(Client client, Workload workload) throws Exception {
        List<byte[]> batches = new ArrayList<>();
        ArrayNode batch = JSON.createArrayNode();
        long documents = 0;
        for (int round = 0; round < Scale.JOB_ROUNDS; round++) {
            for (Workload.Delivery delivery : workload.jobRound(round)) {
                if (!delivery.event().equals("workflow_job")) {
                    continue;
                }
                JsonNode job = JSON.readTree(delivery.body()).path("workflow_job");
                if (!job.path("status").asText().equals("completed")) {
                    continue;
                }
                Instant started = Instant.parse(job.path("started_at").asText());
                Instant completed = Instant.parse(job.path("completed_at").asText());
                ObjectNode doc = batch.addObject();
                doc.put("_id", "job-" + job.path("id").asLong());
                doc.put("_event_time", completed.toString());
                doc.put("repo", Workload.REPO);
                doc.putObject("job").put("name", job.path("name").asText())
                        .put("workflow", job.path("workflow_name").asText())
                        .put("attempt", job.path("run_attempt").asInt());
                doc.put("sha", job.path("head_sha").asText());
                doc.put("conclusion", job.path("conclusion").asText());
                doc.put("seconds", Duration.between(started, completed).toSeconds());
                doc.put("runner", job.path("labels").path(0).asText());
                documents++;
                if (batch.size() == 1000) {
                    batches.add(batch.toString().getBytes(StandardCharsets.UTF_8));
                    batch = JSON.createArrayNode();
                }
            }
        }
        if (!batch.isEmpty()) {
            batches.add(batch.toString().getBytes(StandardCharsets.UTF_8));
        }
        AtomicInteger next = new AtomicInteger();
        long started = System.nanoTime();
        runParallel(4, () -> {
            for (int i = next.getAndIncrement(); i < batches.size(); i = next.getAndIncrement()) {
                client.documents(DOCUMENT_COLLECTION, batches.get(i)).require("documents batch " + i);
            }
            return null;
        });
        return new Outcome(batches.size(), documents, Duration.ofNanos(System.nanoTime() - started));
    }

    /** Runs {@code threads} copies of the task and rethrows the first failure. */
    static void runParallel(int threads, java.util.concurrent.Callable<Void> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Void>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(task));
            }
            for (Future<Void> future : futures) {
                try {
                    future.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    pool.shutdownNow();
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The state Greenboard for the read measurements: makes sure it holds the test workload. */
    static void ensureTests(BenchContext context) throws Exception {
        if (context.stateHas(BenchContext.LOADED_TESTS)) {
            return;
        }
        Workload.deleteRecursively(context.state());
        try (GreenboardApp app = context.startState()) {
            Client client = new Client(app.baseUrl());
            sendWebhooks(client, context.workload().testWebhooks(), context.concurrency(), "load test webhooks");
            uploadReports(client, context.workload().reports(), context.uploaders(), "load reports");
            context.markState(BenchContext.LOADED_TESTS);
        }
    }

    /** Adds the job history and the documents to the state Greenboard if they are not there yet (untimed). */
    static void ensureJobsAndDocuments(BenchContext context, GreenboardApp app) throws Exception {
        Client client = new Client(app.baseUrl());
        if (!context.stateHas(BenchContext.LOADED_JOBS)) {
            for (int round = 0; round < Scale.JOB_ROUNDS; round++) {
                sendWebhooks(client, context.workload().jobRound(round), context.concurrency(), "load job history");
            }
            context.markState(BenchContext.LOADED_JOBS);
        }
        if (!context.stateHas(BenchContext.LOADED_DOCUMENTS)) {
            Outcome docs = loadDocuments(client, context.workload());
            context.log().line(String.format("Loaded %,d documents into `%s` in %d requests, %.1f s (%,.0f documents/s"
                    + ", 4 senders, untimed by the targets).", docs.results(), DOCUMENT_COLLECTION, docs.items(),
                    docs.elapsed().toMillis() / 1000.0, docs.perSecond(docs.results())));
            context.markState(BenchContext.LOADED_DOCUMENTS);
        }
    }
}
