package dev.greenboard.api.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.greenboard.api.graphql.ApiException;

class MetricRequestTest {

    private static final Instant NOW = Instant.parse("2026-11-29T13:45:10Z");
    /** Hours of time metrics are kept from 2026-10-29T13:00:00Z. */
    private static final int HOUR_HORIZON_DAYS = 31;

    private static MetricRequest request(String name, Instant from, Instant to, Granularity granularity,
            Double percentile, String job, String workflow, String label, String branch) {
        return MetricRequest.of(name, from, to, granularity, percentile, job, workflow, label, branch, NOW,
                HOUR_HORIZON_DAYS);
    }

    @ParameterizedTest(name = "{0} {1}: [{2}, {3}) -> [{4}, {5})")
    @CsvSource(delimiter = '|', textBlock = """
            HOUR | 2026-11-02T10:20:00Z | 2026-11-02T12:00:00Z | 2026-11-02T10:00:00Z | 2026-11-02T12:00:00Z
            HOUR | 2026-11-02T10:00:00Z | 2026-11-02T12:00:01Z | 2026-11-02T10:00:00Z | 2026-11-02T13:00:00Z
            DAY  | 2026-11-02T10:20:00Z | 2026-11-03T00:00:00Z | 2026-11-02T00:00:00Z | 2026-11-03T00:00:00Z
            DAY  | 2026-11-02T00:00:00Z | 2026-11-03T00:00:01Z | 2026-11-02T00:00:00Z | 2026-11-04T00:00:00Z
            WEEK | 2026-11-04T10:00:00Z | 2026-11-09T00:00:00Z | 2026-11-02T00:00:00Z | 2026-11-09T00:00:00Z
            WEEK | 2026-11-08T23:59:59Z | 2026-11-09T00:00:01Z | 2026-11-02T00:00:00Z | 2026-11-16T00:00:00Z
            """)
    void widensTheRangeToWholeBuckets(Granularity granularity, Instant from, Instant to, Instant start,
            Instant end) {
        MetricRequest request = request("commits", from, to, granularity, null, null, null, null, null);
        assertEquals(start, request.from());
        assertEquals(end, request.to());
    }

    @Test
    void defaultsToTheLast30DaysPerDay() {
        MetricRequest request = request("red_rate", null, null, null, null, null, null, null, null);
        assertEquals(Granularity.DAY, request.granularity());
        assertEquals(Instant.parse("2026-10-30T00:00:00Z"), request.from());
        assertEquals(Instant.parse("2026-11-30T00:00:00Z"), request.to());
        assertNull(request.statistic());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"50, p50", "90, p90", "95, p95", "99, p99", "0.5, p50", "0.9, p90", "0.95, p95", "0.99, p99",
            "100, max",
            "1, max"})
    void percentilesPickAStoredColumn(double percentile, String statistic) {
        MetricRequest request = request("tts", null, null, Granularity.WEEK, percentile, "pull / build", null, null,
                null);
        assertEquals(statistic, request.statistic());
        assertEquals(statistic + "_s", request.statisticColumn());
        assertEquals("pull / build", request.key());
    }

    @Test
    void theMeanWithoutAPercentile() {
        assertEquals("mean_s", request("queue_time", null, null, null, null, null, null, "linux.2xlarge", null)
                .statisticColumn());
    }

    @Test
    void refusals() {
        assertRefused("Unknown metric 'nope'; known metrics: red_rate, broken_rate, flaky_rate, commits, tts,"
                + " job_duration, workflow_duration, queue_time, reverts, live_queue, live_queue_age, ttrs, workflow_load,"
                + " new_disabled_tests, open_disabled_tests, pr_landing_time, merge_retries, force_merges,"
                + " time_since_green, commit_tts, commit_workflow_duration",
                () -> request("nope", null, null, null, null, null, null, null, null));
        assertRefused("Metric workflow_duration is kept per hour for the last 31 days only (since"
                + " 2026-10-29T13:00:00Z; setting greenboard.metrics.job-times.hour-horizon-days"
                + " (GREENBOARD_METRICS_JOB_TIMES_HOUR_HORIZON_DAYS)), and 'from' 2026-10-29T12:00:00Z is earlier: ask"
                + " for granularity DAY or WEEK, or a later 'from'",
                () -> request("workflow_duration", Instant.parse("2026-10-29T12:59:59Z"), null, Granularity.HOUR,
                        null, null, null, null, null));
        assertRefused("percentile must be 50, 90, 95, 99 or 100 (the largest sample; or 0.5, 0.9, 0.95, 0.99, 1);"
                + " got 75.0",
                () -> request("tts", null, null, null, 75.0, null, null, null, null));
        assertRefused("'workflow' does not apply to tts; filter it with 'job'",
                () -> request("tts", null, null, null, null, null, "pull", null, null));
        assertRefused("'label' does not apply to commits",
                () -> request("commits", null, null, null, null, null, null, "x", null));
        assertRefused("'branch' applies to red_rate, broken_rate, flaky_rate, commits and time_since_green;"
                + " live_queue is kept for"
                + " the default branch or the whole repository",
                () -> request("live_queue", null, null, Granularity.HOUR, null, null, null, null, "main"));
        // 1001 hours
        assertRefused("The range spans 1001 hours; at most 1000 buckets per series: narrow from/to or use a wider"
                + " granularity",
                () -> request("live_queue", NOW.minusSeconds(1000 * 3600), NOW, Granularity.HOUR,
                        null, null, null, null, null));
    }

    @Test
    void hourlyWorksForEveryMetricAndTimesWithinTheHorizon() {
        // Counted from facts when read: any two days, however old.
        Instant longAgo = NOW.minus(Duration.ofDays(300));
        for (String name : List.of("red_rate", "live_queue", "reverts", "workflow_load")) {
            assertEquals(Granularity.HOUR, request(name, longAgo, longAgo.plus(Duration.ofDays(2)), Granularity.HOUR,
                    null, null, null, null, null).granularity(), name);
        }
        // The default range, 30 days, is within the 31 days of hours; so is the horizon's first hour.
        assertEquals(Instant.parse("2026-10-30T13:00:00Z"),
                request("tts", null, null, Granularity.HOUR, null, null, null, null, null).from());
        assertEquals(Instant.parse("2026-10-29T13:00:00Z"), request("queue_time",
                Instant.parse("2026-10-29T13:00:00Z"), null, Granularity.HOUR, null, null, null, null, null).from());
    }

    private static void assertRefused(String message, org.junit.jupiter.api.function.Executable call) {
        ApiException e = assertThrows(ApiException.BadInput.class, call);
        assertEquals(message, e.getMessage());
    }
}
