package dev.greenboard.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Measurement 5: each rollup's duration as {@code POST /api/v1/rollups/run-all} reports it ({@code duration_ms}),
 * full ({@code ?full=true}, recomputing from all facts) and incremental (run again right after, nothing new).
 */
final class RollupBench {

    /** One job's durations over the repeats. */
    record JobTimes(List<Double> fullMs, List<Double> incrementalMs, List<Long> rows) {
    }

    private RollupBench() {
    }

    static Map<String, JobTimes> run(BenchContext context) throws Exception {
        ResultLog log = context.log();
        log.section("5. Rollup jobs (run-all: full, then incremental)");
        Loader.ensureTests(context);
        Map<String, JobTimes> jobs = new LinkedHashMap<>();
        try (GreenboardApp app = context.startState()) {
            Loader.ensureJobsAndDocuments(context, app);
            Client client = new Client(app.baseUrl());
            for (int repeat = 0; repeat < context.scale().repeats(); repeat++) {
                String load = Machine.load();
                JsonNode full = client.runAll(true).require("run-all full").body();
                JsonNode incremental = client.runAll(false).require("run-all").body();
                record(jobs, full, true);
                record(jobs, incremental, false);
                log.line(
                        "- repeat " + (repeat + 1) + ": full " + summary(full) + "; incremental " + summary(incremental)
                                + "; load " + load + " → " + Machine.load());
            }
        }
        log.line("");
        log.line("| job | full ms (min / median / max) | incremental ms (min / median / max) | rows (full) |");
        log.line("|---|---|---|---|");
        for (Map.Entry<String, JobTimes> job : jobs.entrySet()) {
            log.line("| " + job.getKey() + " | " + Stats.spread(job.getValue().fullMs()).format("%,.0f") + " | "
                    + Stats.spread(job.getValue().incrementalMs()).format("%,.0f") + " | "
                    + job.getValue().rows().get(0) + " |");
        }
        return jobs;
    }

    private static void record(Map<String, JobTimes> jobs, JsonNode answer, boolean full) {
        for (JsonNode job : answer.path("jobs")) {
            if (!job.path("status").asText().matches("success|skipped")) {
                throw new IllegalStateException("job " + job.path("name").asText() + " ended " + job);
            }
            JobTimes times = jobs.computeIfAbsent(job.path("name").asText(),
                    name -> new JobTimes(new ArrayList<>(), new ArrayList<>(), new ArrayList<>()));
            (full ? times.fullMs() : times.incrementalMs()).add(job.path("duration_ms").asDouble());
            if (full) {
                times.rows().add(job.path("rows").asLong());
            }
        }
    }

    private static String summary(JsonNode answer) {
        List<String> parts = new ArrayList<>();
        for (JsonNode job : answer.path("jobs")) {
            parts.add(job.path("name").asText() + " " + job.path("duration_ms").asLong() + " ms");
        }
        return String.join(", ", parts);
    }
}
