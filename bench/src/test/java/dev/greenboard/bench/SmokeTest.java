package dev.greenboard.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code small} scale as a CI smoke test: the generator and the harness produce correct counts against the
 * packaged app (N results generated = N results stored, every delivery accepted once, every probe seen, every rollup
 * job succeeds, DuckDB and the gzip-files approach give the same answers). No timing is asserted: CI machines vary.
 */
class SmokeTest {

    @TempDir
    Path work;

    @Test
    void smallScaleRunsEndToEndWithCorrectCounts() throws Exception {
        assertTrue(Files.exists(GreenboardApp.jar()), "the packaged app is built before this module: "
                + GreenboardApp.jar());
        BenchContext context = BenchContext.of(Scale.named("small"), work, 2, 4, List.of("-Xmx512m"));
        // One instance for all steps: six start-ups would take most of the minute this test may use.
        context.apps().keep();
        try (BenchContext.AppKeeper apps = context.apps()) {
            runEverySmallStep(context);
        }
    }

    private static void runEverySmallStep(BenchContext context) throws Exception {
        Workload.Counts counts = context.workload().generate(context.scale());
        long generated = context.workload().reports().stream().mapToLong(Workload.ReportFile::testCases).sum();
        assertEquals(counts.testResults(), generated);
        assertTrue(generated > 2000, "small still has thousands of results: " + generated);

        // Ingest checks stored == generated after the HTTP upload and again after the \copy floor.
        List<IngestBench.Run> ingest = IngestBench.run(context);
        assertEquals(1, ingest.size());
        assertEquals(generated, ingest.get(0).results());
        assertTrue(context.stateHas(BenchContext.LOADED_TESTS));

        List<Double> webhookRates = WebhookBench.run(context);
        assertEquals(Scale.JOB_ROUNDS, webhookRates.size());
        assertTrue(context.stateHas(BenchContext.LOADED_JOBS) && context.stateHas(BenchContext.LOADED_DOCUMENTS));

        List<FreshnessBench.Probe> probes = FreshnessBench.run(context);
        assertFalse(probes.isEmpty());
        assertTrue(probes.stream().anyMatch(FreshnessBench.Probe::underLoad));

        Map<String, RollupBench.JobTimes> jobs = RollupBench.run(context);
        assertTrue(jobs.containsKey("test-times"), jobs.keySet().toString());

        // Queries are checked for error-free, non-empty answers (and timed only where hey is installed).
        QueryBench.run(context);

        Map<String, Object> compared = CompareBench.run(context);
        assertEquals(true, compared.get("agree"), context.log().text());

        Path written = context.log().write();
        assertTrue(Files.readString(written).contains("## 7. Side by side"));
    }
}
