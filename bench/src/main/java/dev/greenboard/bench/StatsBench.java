package dev.greenboard.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.greenboard.ingest.report.ReportSource;

/**
 * Measurement 8 (issue #13): the test-level statistics ({@code test-stats}, {@code flaky-tests},
 * {@code platform-smoke-tests}, {@code test-time-regressions}, {@code test-times}): a full run over the stored
 * results (the aggregates emptied first, so that every report is folded again), then, per repeat, one new report of 5,000 results (the first 5,000 lines of a workload report, under a new
 * job id) and an incremental {@code run-all}; and the storage of the raw results next to the aggregates.
 */
final class StatsBench {

    static final List<String> TEST_ROLLUPS = List.of("test-stats", "flaky-tests", "platform-smoke-tests",
            "test-time-regressions", "test-times");
    static final int NEW_REPORT_RESULTS = 5_000;

    private StatsBench() {
    }

    static void run(BenchContext context) throws Exception {
        ResultLog log = context.log();
        log.section("8. Test statistics: full run, and incremental after one new " + NEW_REPORT_RESULTS
                + "-result report");
        Loader.ensureTests(context);
        Map<String, List<Double>> full = new LinkedHashMap<>();
        Map<String, List<Double>> incremental = new LinkedHashMap<>();
        try (GreenboardApp app = context.startState()) {
            Loader.ensureJobsAndDocuments(context, app);
            Client client = new Client(app.baseUrl());
            Workload.ReportFile template = context.workload().reports().get(0);
            List<String> lines = Files.readAllLines(template.path()).stream().limit(NEW_REPORT_RESULTS).toList();
            byte[] body = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
            Psql psql = Psql.available() ? new Psql(app.postgresPort(), app.superuserPassword()) : null;
            for (int repeat = 0; repeat < context.scale().repeats(); repeat++) {
                String load = Machine.load();
                if (psql != null) {
                    // A full run from nothing: every report is folded again, not just compared with the ledger.
                    psql.timed("truncate test_stats_ledger, test_day_stats, test_file_execution_day");
                }
                JsonNode fullRun = client.runAll(true).require("run-all full").body();
                record(full, fullRun);
                // The incremental runs measure what one new report costs: nothing else is new.
                client.runAll(false).require("run-all");
                ReportSource source = new ReportSource(Workload.REPO, template.source().sha(),
                        template.source().workflowRunId(), 1, 7_000_000_000L + System.nanoTime() % 1_000_000_000L,
                        template.source().jobName(), template.source().workflowName(), "main",
                        template.source().labels());
                client.report(source, body).require("new report");
                JsonNode incrementalRun = client.runAll(false).require("run-all").body();
                record(incremental, incrementalRun);
                log.line("- repeat " + (repeat + 1) + ": full " + summary(fullRun) + "; incremental after one new"
                        + " report " + summary(incrementalRun) + "; load " + load + " → " + Machine.load());
            }
            log.line("");
            log.line("| rollup | full ms (min / median / max) | incremental after one new report, ms |");
            log.line("|---|---|---|");
            for (String rollup : TEST_ROLLUPS) {
                log.line("| " + rollup + " | " + Stats.spread(full.getOrDefault(rollup, List.of(0.0)))
                        .format("%,.0f") + " | "
                        + Stats.spread(incremental.getOrDefault(rollup, List.of(0.0)))
                                .format("%,.0f")
                        + " |");
            }
            if (psql != null) {
                log.line("");
                log.line("| table | rows | size (MB, with indexes) |");
                log.line("|---|---|---|");
                for (String table : List.of("test_result", "test_stats_ledger", "test_day_stats",
                        "test_file_execution_day")) {
                    String row = psql.query("select (select count(*) from " + table + ") || '|' || round(("
                            + "coalesce((select sum(pg_total_relation_size(inhrelid)) from pg_inherits"
                            + " where inhparent = '" + table + "'::regclass), 0) + pg_total_relation_size('" + table
                            + "')) / 1048576.0, 1)");
                    String[] parts = row.split("\\|");
                    log.line(String.format("| %s | %,d | %s |", table, Long.parseLong(parts[0]), parts[1]));
                }
            }
        }
    }

    private static void record(Map<String, List<Double>> times, JsonNode answer) {
        for (JsonNode job : answer.path("jobs")) {
            if (!job.path("status").asText().matches("success|skipped")) {
                throw new IllegalStateException("rollup " + job.path("name").asText() + " ended " + job);
            }
            times.computeIfAbsent(job.path("name").asText(), name -> new ArrayList<>())
                    .add(job.path("duration_ms").asDouble());
        }
    }

    private static String summary(JsonNode answer) {
        List<String> parts = new ArrayList<>();
        for (JsonNode job : answer.path("jobs")) {
            if (TEST_ROLLUPS.contains(job.path("name").asText())) {
                parts.add(job.path("name").asText() + " " + job.path("duration_ms").asLong() + " ms");
            }
        }
        return String.join(", ", parts);
    }
}
