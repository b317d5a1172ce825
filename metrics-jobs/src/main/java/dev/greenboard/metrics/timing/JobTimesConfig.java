package dev.greenboard.metrics.timing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the time metrics ({@code job_time_stats}, docs/metrics.md#granularity). */
@ConfigMapping(prefix = "greenboard.metrics.job-times")
public interface JobTimesConfig {

    /**
     * Days of hour buckets to keep, counted back from the current hour; older hour rows are deleted (day and week rows
     * stay). A range of 14 days or more is shown per day anyway, and an hour row per key and hour is the largest part
     * of the table. 0 keeps the current hour only.
     */
    @WithDefault("31")
    int hourHorizonDays();
}
