package dev.greenboard.metrics.logs;

import java.time.Duration;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The log classification of failed jobs (docs/metrics.md#failed-jobs-log-classifications-log-classifications). Every key has an
 * environment form: {@code greenboard.log-classification.max-jobs-per-run} is
 * {@code GREENBOARD_LOG_CLASSIFICATION_MAX_JOBS_PER_RUN}.
 */
@ConfigMapping(prefix = "greenboard.log-classification")
public interface LogClassificationConfig {

    /**
     * Logs read per run at most; the rest wait for the next run (every 10 minutes). Each costs one request of the
     * GitHub rate limit (5,000 an hour with a token), shared with the sync.
     */
    @WithDefault("50")
    int maxJobsPerRun();

    /** A run stops taking new logs after this long, so it never holds its transaction for long. */
    @WithDefault("2m")
    Duration maxRunTime();

    /** Bytes of a log read at most; the failure is nearly always in the first megabytes, and the rest is skipped. */
    @WithDefault("4194304")
    long maxLogBytes();

    /** Only jobs completed within this many days are classified: GitHub keeps logs for 90 days at most. */
    @WithDefault("14")
    int horizonDays();

    /**
     * Tries before a log that keeps failing (5xx, no answer, 404, a body that broke off) is stored as unavailable;
     * the waits between them double from {@link #retryAfter()}.
     */
    @WithDefault("5")
    int maxAttempts();

    /** The wait after a log's first failed try; each later one waits twice as long (at most 12 hours). */
    @WithDefault("10m")
    Duration retryAfter();

    /**
     * A job's log is asked for only this long after it completed: GitHub finishes writing a log shortly after the
     * job, and a 404 before that would mark a log as gone that is not.
     */
    @WithDefault("5m")
    Duration logDelay();

    /** Stored captures and lines are cut to this many characters. */
    @WithDefault("300")
    int maxLineChars();

    /** Whether the built-in rules ({@link DefaultRules}) apply; rules set below add to them or replace one by name. */
    @WithDefault("true")
    boolean defaultRules();

    /**
     * Rules by name: {@code greenboard.log-classification.rules."oom-killer".pattern=Killed process \d+} and
     * {@code ....priority=97}. A pattern that is not valid RE2 stops the start.
     */
    Map<String, Rule> rules();

    interface Rule {

        /** RE2 pattern searched for in each line; its first group, when it has one, is what is captured. */
        String pattern();

        /** Higher wins when several rules match one log. */
        @WithDefault("50")
        int priority();
    }
}
