package dev.greenboard.bench;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.greenboard.ingest.generator.CiHistoryGenerator;
import dev.greenboard.ingest.generator.GeneratedEvent;
import dev.greenboard.ingest.generator.HistorySettings;
import dev.greenboard.ingest.report.ReportSource;

/**
 * The generated workload on disk, so that every measurement (and DuckDB, and the gzipped-files approach) reads the
 * same bytes, and generating it never competes with Greenboard for the CPU during a measurement. Layout:
 * <ul>
 * <li>{@code test-webhooks.tsv}: the deliveries of the test workload, {@code event TAB delivery TAB body} (a body is
 * compact JSON, which never holds a raw tab or newline);</li>
 * <li>{@code reports.jsonl}: one line per report: its file, case count, source, job base and commit time;</li>
 * <li>{@code reports/NNNNNN.jsonl}: the JSON-lines bodies as the generator made them;</li>
 * <li>{@code jobs-N.tsv}: round N of the job history (webhooks only);</li>
 * <li>{@code workload.json}: counts, written last: its presence means the workload is complete.</li>
 * </ul>
 */
public final class Workload {

    public static final String REPO = "bench/pytorch";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One webhook delivery as GitHub would send it. */
    public record Delivery(String event, String deliveryId, byte[] body) {
    }

    /** One test report on disk and where it comes from. */
    public record ReportFile(int seq, Path path, int testCases, ReportSource source, String base, String config,
            Instant commitTime) {
    }

    /** What {@code workload.json} records. */
    public record Counts(String scale, int commits, int testsPerFile, int jobDays, long testResults, int reports,
            int testWebhooks, List<Integer> jobRoundDeliveries, String generatedAt) {
    }

    private final Path dir;

    public Workload(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** The test workload: the newest hour (ending at {@code end}) of full CI with test reports. */
    static HistorySettings testSettings(Scale scale, Instant end) {
        return new HistorySettings(REPO, 1, end, scale.commits(), Duration.ofHours(1).dividedBy(scale.commits()),
                scale.testsPerFile(), false);
    }

    /** Round {@code round} of the job history: the days before the test workload, oldest round first. */
    static HistorySettings jobSettings(Scale scale, Instant end, int round) {
        Duration roundSpan = Duration.ofDays(scale.jobDays()).dividedBy(Scale.JOB_ROUNDS);
        Instant roundEnd = end.minus(Duration.ofHours(1))
                .minus(roundSpan.multipliedBy(Scale.JOB_ROUNDS - 1 - round));
        return new HistorySettings(REPO, 100 + round, roundEnd, scale.jobCommitsPerRound(),
                roundSpan.dividedBy(scale.jobCommitsPerRound()), 1, false);
    }

    public boolean complete() {
        return Files.exists(dir.resolve("workload.json"));
    }

    public Counts counts() throws IOException {
        return JSON.readValue(dir.resolve("workload.json").toFile(), Counts.class);
    }

    /** Writes the workload unless a complete one is already there; the history ends now (to the minute). */
    public Counts generate(Scale scale) throws IOException {
        if (complete()) {
            Counts existing = counts();
            if (existing.commits() == scale.commits() && existing.testsPerFile() == scale.testsPerFile()
                    && existing.jobDays() == scale.jobDays()) {
                return existing;
            }
        }
        deleteRecursively(dir);
        Files.createDirectories(dir.resolve("reports"));
        Instant end = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        Progress progress = new Progress("generate", "results");
        long[] results = {0};
        int[] reports = {0};
        int[] webhooks = {0};
        try (BufferedWriter hooks = Files.newBufferedWriter(dir.resolve("test-webhooks.tsv"));
                BufferedWriter index = Files.newBufferedWriter(dir.resolve("reports.jsonl"))) {
            Map<String, Instant> commitTimes = new java.util.HashMap<>();
            new CiHistoryGenerator(testSettings(scale, end)).generate(event -> {
                try {
                    if (event instanceof GeneratedEvent.Webhook webhook) {
                        writeDelivery(hooks, webhook);
                        webhooks[0]++;
                        if (webhook.event().equals("push")) {
                            JsonNode head = JSON.readTree(webhook.body()).path("head_commit");
                            commitTimes.put(head.path("id").asText(), Instant.parse(head.path("timestamp").asText()));
                        }
                    } else if (event instanceof GeneratedEvent.Report report) {
                        int seq = ++reports[0];
                        Path file = dir.resolve("reports").resolve(String.format("%06d.jsonl", seq));
                        Files.write(file, report.jsonLines());
                        ObjectNode line = JSON.createObjectNode();
                        line.put("seq", seq);
                        line.put("file", dir.relativize(file).toString());
                        line.put("testCases", report.testCases());
                        line.set("source", JSON.valueToTree(report.source()));
                        line.put("base", base(report.source().jobName()));
                        line.put("config", report.source().labels().getOrDefault("config", "default"));
                        line.put("commitTime", commitTimes.get(report.source().sha()).toString());
                        index.write(line.toString());
                        index.write('\n');
                        results[0] += report.testCases();
                        progress.add(report.testCases());
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        List<Integer> rounds = new ArrayList<>();
        for (int round = 0; round < Scale.JOB_ROUNDS; round++) {
            int[] count = {0};
            try (BufferedWriter hooks = Files.newBufferedWriter(dir.resolve("jobs-" + round + ".tsv"))) {
                new CiHistoryGenerator(jobSettings(scale, end, round)).generate(event -> {
                    if (event instanceof GeneratedEvent.Webhook webhook) {
                        try {
                            writeDelivery(hooks, webhook);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                        count[0]++;
                    }
                });
            }
            rounds.add(count[0]);
        }
        progress.done();
        Counts counts = new Counts(scale.name(), scale.commits(), scale.testsPerFile(), scale.jobDays(), results[0],
                reports[0], webhooks[0], rounds, Instant.now().toString());
        JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("workload.json").toFile(), counts);
        return counts;
    }

    /** The build environment of a PyTorch job name: the part before " / test (". */
    static String base(String jobName) {
        int cut = jobName.indexOf(" / test (");
        return cut < 0 ? jobName : jobName.substring(0, cut);
    }

    private static void writeDelivery(BufferedWriter out, GeneratedEvent.Webhook webhook) throws IOException {
        out.write(webhook.event());
        out.write('\t');
        out.write(webhook.deliveryId());
        out.write('\t');
        out.write(new String(webhook.body(), StandardCharsets.UTF_8));
        out.write('\n');
    }

    public List<Delivery> testWebhooks() throws IOException {
        return deliveries(dir.resolve("test-webhooks.tsv"));
    }

    public List<Delivery> jobRound(int round) throws IOException {
        return deliveries(dir.resolve("jobs-" + round + ".tsv"));
    }

    /**
     * Deliveries of {@code commits} commits of another repository ({@code bench/warm-up}), generated in memory: what
     * the webhook measurement sends, untimed, before its rounds.
     */
    static List<Delivery> warmUp(int commits) {
        List<Delivery> out = new ArrayList<>();
        new CiHistoryGenerator(new HistorySettings("bench/warm-up", 7, Instant.parse("2026-01-01T00:00:00Z"), commits,
                Duration.ofMinutes(30), 1, false)).generate(event -> {
                    if (event instanceof GeneratedEvent.Webhook webhook) {
                        out.add(new Delivery(webhook.event(), webhook.deliveryId(), webhook.body()));
                    }
                });
        return out;
    }

    private static List<Delivery> deliveries(Path file) throws IOException {
        List<Delivery> out = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                int a = line.indexOf('\t');
                int b = line.indexOf('\t', a + 1);
                out.add(new Delivery(line.substring(0, a), line.substring(a + 1, b),
                        line.substring(b + 1).getBytes(StandardCharsets.UTF_8)));
            }
        }
        return out;
    }

    public List<ReportFile> reports() throws IOException {
        List<ReportFile> out = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(dir.resolve("reports.jsonl"))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                JsonNode node = JSON.readTree(line);
                out.add(new ReportFile(node.path("seq").asInt(), dir.resolve(node.path("file").asText()),
                        node.path("testCases").asInt(), JSON.treeToValue(node.path("source"), ReportSource.class),
                        node.path("base").asText(), node.path("config").asText(),
                        Instant.parse(node.path("commitTime").asText())));
            }
        }
        return out;
    }

    /** Reads every delivery of the test workload and the job history in order, for the comparisons. */
    public void allDeliveries(Consumer<Delivery> sink) throws IOException {
        for (int round = 0; round < Scale.JOB_ROUNDS; round++) {
            jobRound(round).forEach(sink);
        }
        testWebhooks().forEach(sink);
    }

    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (var walk = Files.walk(path)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
