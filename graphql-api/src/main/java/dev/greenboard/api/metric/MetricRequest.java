package dev.greenboard.api.metric;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import dev.greenboard.api.graphql.ApiException;
import dev.greenboard.metrics.timing.JobTimesConfig;
import dev.greenboard.metrics.timing.JobTimesRollup;

/**
 * The arguments of one {@code metric} call, checked: a known metric, a bounded range widened to whole buckets (for
 * hourly time metrics, within the hours job-time-stats keeps), and only the filters that apply to it.
 *
 * @param statistic for time metrics the stored column to read ({@code mean_s}, {@code p90_s}, ...), else null
 * @param key the job, workflow or label filter, or null for every key
 */
record MetricRequest(Metric metric, Granularity granularity, Instant from, Instant to, String statistic, String key,
        String branch) {

    /** The most buckets one series may span (1000 hours is about 6 weeks, 1000 days about 2.7 years). */
    static final int MAX_BUCKETS = 1000;
    static final Duration DEFAULT_SPAN = Duration.ofDays(30);
    /** The setting that bounds hourly time metrics, as a refusal names it. */
    static final String HOUR_HORIZON_SETTING = "greenboard.metrics.job-times.hour-horizon-days"
            + " (GREENBOARD_METRICS_JOB_TIMES_HOUR_HORIZON_DAYS)";

    /** 100 is the largest sample of a bucket: PyTorch's "max" beside its percentiles. */
    private static final Map<Double, String> PERCENTILES = Map.of(50.0, "p50", 90.0, "p90", 95.0, "p95", 99.0,
            "p99", 100.0, "max");

    /**
     * @param hourHorizonDays how many days of hour buckets job-time-stats keeps ({@link JobTimesConfig}): an hourly
     *        time metric may not start before them
     */
    static MetricRequest of(String name, Instant from, Instant to, Granularity granularity, Double percentile,
            String job, String workflow, String label, String branch, Instant now, int hourHorizonDays) {
        Metric metric = Metric.byName(name).orElseThrow(() -> ApiException.badInput("Unknown metric '" + name
                + "'; known metrics: " + Metric.knownNames()));
        Granularity width = granularity == null ? Granularity.DAY : granularity;
        Instant end = to == null ? now : to;
        Instant start = from == null ? end.minus(DEFAULT_SPAN) : from;
        if (!start.isBefore(end)) {
            throw ApiException.badInput("'from' must be before 'to'");
        }
        start = width.floor(start);
        end = width.ceil(end);
        long buckets = Duration.between(start, end).dividedBy(width.length());
        if (buckets > MAX_BUCKETS) {
            throw ApiException.badInput("The range spans " + buckets + " " + width.sqlUnit() + "s; at most "
                    + MAX_BUCKETS + " buckets per series: narrow from/to or use a wider granularity");
        }
        if (width == Granularity.HOUR && metric.source() == Metric.Source.TIME_STATS) {
            // Refused rather than cut short: a chart of part of the range would look like a quiet start.
            Instant firstHourKept = JobTimesRollup.firstHourKept(now, hourHorizonDays).toInstant();
            if (start.isBefore(firstHourKept)) {
                throw ApiException.badInput("Metric " + name + " is kept per hour for the last " + hourHorizonDays
                        + " days only (since " + firstHourKept + "; setting " + HOUR_HORIZON_SETTING + "), and 'from' "
                        + start + " is earlier: ask for granularity DAY or WEEK, or a later 'from'");
            }
        }
        String statistic = null;
        if (metric == Metric.PR_LANDING_TIME || metric == Metric.COMMIT_TTS
                || metric == Metric.COMMIT_WORKFLOW_DURATION) {
            // Computed when read from the facts (pull requests, runs, jobs): any percentile the time metrics offer.
            statistic = percentile == null ? "mean" : percentileName(percentile);
        } else if (metric.source() == Metric.Source.TIME_STATS) {
            statistic = percentile == null ? "mean" : percentileName(percentile);
        } else if (percentile != null) {
            throw ApiException.badInput("'percentile' applies to the time metrics (tts, ttrs, job_duration,"
                    + " workflow_duration, queue_time, pr_landing_time, commit_tts, commit_workflow_duration), not to "
                    + name);
        }
        String key = switch (metric.key()) {
            case JOB -> only(name, job, "job", workflow, "workflow", label, "label");
            case WORKFLOW -> only(name, workflow, "workflow", job, "job", label, "label");
            case LABEL -> only(name, label, "label", job, "job", workflow, "workflow");
            case NONE -> only(name, null, null, job, "job", workflow, "workflow", label, "label");
        };
        if (branch != null && metric.source() != Metric.Source.COMMIT_HEALTH) {
            throw ApiException.badInput("'branch' applies to red_rate, broken_rate, flaky_rate, commits and"
                    + " time_since_green; "
                    + name + " is kept for the default branch or the whole repository");
        }
        return new MetricRequest(metric, width, start, end, statistic, key, branch);
    }

    /** The same request for a branch: the repository's default branch, when the caller named none. */
    MetricRequest onBranch(String defaultBranch) {
        return new MetricRequest(metric, granularity, from, to, statistic, key, branch == null
                ? defaultBranch
                : branch);
    }

    /**
     * The SQL aggregate of the statistic over {@code column}, for the metrics computed when read. The statistic comes
     * from a fixed set ({@link #percentileName}), never from the caller's text.
     */
    String aggregate(String column) {
        return switch (statistic) {
            case "mean" -> "avg(" + column + ")";
            case "max" -> "max(" + column + ")";
            default -> "percentile_cont(0." + statistic.substring(1) + ") within group (order by " + column + ")";
        };
    }

    /** The stored column of a statistic. */
    String statisticColumn() {
        return statistic + "_s";
    }

    private static String percentileName(double percentile) {
        // 0.9 and 90 both mean the 90th percentile.
        double percent = percentile <= 1 ? Math.round(percentile * 1000) / 10.0 : percentile;
        String found = PERCENTILES.get(percent);
        if (found == null) {
            throw ApiException.badInput("percentile must be 50, 90, 95, 99 or 100 (the largest sample; or 0.5, 0.9,"
                    + " 0.95, 0.99, 1); got " + percentile);
        }
        return found;
    }

    /** The value of the filter that applies; any other filter given is an error. */
    private static String only(String metric, String value, String argument, String... others) {
        for (int i = 0; i < others.length; i += 2) {
            if (others[i] != null) {
                throw ApiException.badInput("'" + others[i + 1] + "' does not apply to " + metric
                        + (argument == null ? "" : "; filter it with '" + argument + "'"));
            }
        }
        return value == null || value.isBlank() ? null : value;
    }
}
