package dev.greenboard.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Measurement 1 (and 6, memory during ingest): test results per second end to end over HTTP, several concurrent
 * uploaders, into a freshly started Greenboard; then, in the same run and database, the floor: {@code psql \copy} of
 * the very rows that were stored into the same {@code test_result} table with the same indexes (emptied first).
 * Every repeat starts from an empty data dir; the last one is kept as the state for the read measurements.
 */
final class IngestBench {

    static final double TARGET_RESULTS_PER_SECOND = 50_000;
    static final double TARGET_RATIO = 0.5;

    /** One repeat. */
    record Run(long results, double seconds, double httpPerSecond, double copySeconds, double copyPerSecond,
            long peakRssMb, long peakPostgresPssMb, String load) {

        double ratio() {
            return httpPerSecond / copyPerSecond;
        }
    }

    private IngestBench() {
    }

    static List<Run> run(BenchContext context) throws Exception {
        ResultLog log = context.log();
        log.section("1. Ingest throughput (HTTP, " + context.uploaders() + " uploaders) vs psql \\copy floor");
        List<Workload.ReportFile> reports = context.workload().reports();
        List<Run> runs = new ArrayList<>();
        int repeats = context.scale().repeats();
        for (int repeat = 0; repeat < repeats; repeat++) {
            boolean last = repeat == repeats - 1;
            Path dataDir = last ? context.state() : context.work().resolve("ingest-" + repeat);
            Workload.deleteRecursively(dataDir);
            Run run = once(context, dataDir, reports);
            runs.add(run);
            log.line(String.format("- repeat %d: %,d results in %.1f s = **%,.0f results/s** over HTTP; \\copy of the"
                    + " same rows %.1f s = %,.0f rows/s; ratio **%.2f**; app peak RSS %,d MB, PostgreSQL peak PSS %,d MB;"
                    + " load %s", repeat + 1, run.results(), run.seconds(), run.httpPerSecond(), run.copySeconds(),
                    run.copyPerSecond(), run.ratio(), run.peakRssMb(), run.peakPostgresPssMb(), run.load()));
            if (last) {
                context.markState(BenchContext.LOADED_TESTS);
            } else {
                Workload.deleteRecursively(dataDir);
            }
        }
        Stats.Spread http = Stats.spread(runs.stream().map(Run::httpPerSecond).toList());
        Stats.Spread copy = Stats.spread(runs.stream().map(Run::copyPerSecond).toList());
        Stats.Spread ratio = Stats.spread(runs.stream().map(Run::ratio).toList());
        Stats.Spread rss = Stats.spread(runs.stream().map(r -> (double) r.peakRssMb()).toList());
        log.line("");
        log.line("| measurement | min / median / max | target | met |");
        log.line("|---|---|---|---|");
        log.line("| ingest, test results/s over HTTP | " + http.format("%,.0f") + " | ≥ 50,000 | "
                + met(http.median() >= TARGET_RESULTS_PER_SECOND) + " |");
        log.line("| psql \\copy floor, rows/s | " + copy.format("%,.0f") + " | | |");
        log.line("| HTTP / \\copy ratio | " + ratio.format("%.2f") + " | ≥ 0.5 | " + met(ratio.median() >= TARGET_RATIO)
                + " |");
        log.line("| app peak RSS during ingest, MB | " + rss.format("%,.0f") + " | < 1,024 | "
                + met(rss.max() < 1024) + " |");
        return runs;
    }

    static String met(boolean met) {
        return met ? "yes" : "**no**";
    }

    private static Run once(BenchContext context, Path dataDir, List<Workload.ReportFile> reports) throws Exception {
        try (GreenboardApp app = context.app(dataDir)) {
            Client client = new Client(app.baseUrl());
            // The commits and jobs the reports belong to arrive first, as in CI; not part of the timing.
            Loader.sendWebhooks(client, context.workload().testWebhooks(), context.concurrency(), "test webhooks");
            String load = Machine.load();
            app.resetPeakMemory();
            MemorySampler sampler = MemorySampler.start(app);
            Loader.Outcome outcome = Loader.uploadReports(client, reports, context.uploaders(), "ingest");
            sampler.stop();
            long peakRss = app.peakRssMb();
            long expected = reports.stream().mapToLong(Workload.ReportFile::testCases).sum();
            check(app, expected, "after HTTP ingest");

            double copySeconds = Double.NaN;
            if (Psql.available()) {
                copySeconds = copyFloor(app, context.work().resolve("test_result.copy"));
                check(app, expected, "after \\copy");
            } else {
                context.log().line("  (psql not found: no \\copy floor)");
            }
            double seconds = outcome.elapsed().toNanos() / 1e9;
            return new Run(outcome.results(), seconds, outcome.results() / seconds, copySeconds,
                    expected / copySeconds, peakRss, sampler.peakPostgresPssMb(), load + " → " + Machine.load());
        }
    }

    /**
     * Exports the stored rows, empties the table (indexes stay), and times {@code \copy} of the same rows back in.
     * A checkpoint first, so that the copy does not pay for the truncation's dirty pages.
     */
    static double copyFloor(GreenboardApp app, Path file) throws Exception {
        Psql psql = new Psql(app.postgresPort(), app.superuserPassword());
        Files.deleteIfExists(file);
        psql.timed("\\copy (select * from test_result) to '" + file + "'");
        psql.timed("truncate test_result");
        psql.timed("checkpoint");
        double seconds = psql.timed("\\copy test_result from '" + file + "'");
        Files.deleteIfExists(file);
        return seconds;
    }

    /** N results generated = N results stored. */
    static void check(GreenboardApp app, long expected, String when) throws Exception {
        long stored = count(app, "select count(*) from test_result");
        if (stored != expected) {
            throw new IllegalStateException(when + ": " + stored + " test results stored, " + expected
                    + " generated");
        }
    }

    static long count(GreenboardApp app, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(app.jdbcUrl());
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
