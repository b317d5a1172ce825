package dev.greenboard.api.metric;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The metrics the {@code metric} field serves, where each comes from, and which arguments apply (docs/metrics.md). */
enum Metric {

    RED_RATE(Source.COMMIT_HEALTH, "ratio", Key.NONE,
            "Share of the branch's finished commits (green, flaky or broken) that failed at some point:"
                    + " (broken + flaky) / finished; count is the number of finished commits"),
    BROKEN_RATE(Source.COMMIT_HEALTH, "ratio", Key.NONE,
            "Share of the branch's finished commits on which a blocking job's latest attempt failed"),
    FLAKY_RATE(Source.COMMIT_HEALTH, "ratio", Key.NONE,
            "Share of the branch's finished commits on which a blocking job failed, then passed on a rerun"),
    COMMITS(Source.COMMIT_HEALTH, "commits", Key.NONE,
            "Commits placed on the branch, whatever their state"),
    TTS(Source.TIME_STATS, "seconds", Key.JOB,
            "Time to signal per job: completed_at of the job - created_at of its workflow run, for successful jobs"
                    + " of first attempts of push-triggered runs; bucketed by the run's creation"),
    JOB_DURATION(Source.TIME_STATS, "seconds", Key.JOB,
            "Job duration: completed_at - started_at of every completed job execution that ran (not skipped);"
                    + " bucketed by the job's creation"),
    WORKFLOW_DURATION(Source.TIME_STATS, "seconds", Key.WORKFLOW,
            "Workflow duration: updated_at - created_at of successful first attempts of workflow runs; bucketed by"
                    + " the run's creation"),
    QUEUE_TIME(Source.TIME_STATS, "seconds", Key.LABEL,
            "Queue time per runner label: started_at - created_at of every job that started (a job asking for"
                    + " several labels counts in each); bucketed by the job's creation"),
    REVERTS(Source.REVERTS, "commits", Key.NONE,
            "Reverts landed on the default branch: commits whose message starts with 'Revert' pushed in a push whose"
                    + " head commit's message starts with 'Revert'; count is the number of commits landed"),
    LIVE_QUEUE(Source.QUEUE_SNAPSHOT, "jobs", Key.LABEL,
            "Jobs waiting for a runner per label: the most seen by a quarter-hour snapshot in the bucket; count is the"
                    + " number of snapshots with jobs waiting"),
    LIVE_QUEUE_AGE(Source.QUEUE_SNAPSHOT, "seconds", Key.LABEL,
            "How long the oldest waiting job had waited per runner label: the most seen by a quarter-hour snapshot"
                    + " in the bucket"),
    TTRS(Source.TIME_STATS, "seconds", Key.JOB,
            "Time to red signal per job: from the job's start to the completion of its first failing step, for failed"
                    + " first attempts of jobs of pull-request runs; bucketed by the job's creation"),
    WORKFLOW_LOAD(Source.WORKFLOW_RUNS, "runs", Key.WORKFLOW,
            "Workflow runs started per bucket, by workflow name: first attempts, by their creation time"),
    NEW_DISABLED_TESTS(Source.DISABLED_TESTS, "tests", Key.NONE,
            "Tests disabled for the first time: disabled_test rows by the time Greenboard first saw the test disabled"
                    + " (an issue read by the disabled-tests rollup, or the disableTest mutation)"),
    OPEN_DISABLED_TESTS(Source.DISABLED_TESTS, "tests", Key.NONE,
            "Disabled-list entries open at the end of each bucket (now for the current one), from their recorded"
                    + " changes (disabled, enabled again); count is the changes in the bucket"),
    PR_LANDING_TIME(Source.PULL_REQUESTS, "seconds", Key.NONE,
            "Pull request landing time: merged_at minus the earlier of the merge bot's first merge attempt (a"
                    + " comment of the configured bot with its 'started' marker) and the first approving review before the"
                    + " merge, for merged pull requests with either, bucketed by merged_at; only 0 < t < 168 h"),
    MERGE_RETRIES(Source.PULL_REQUESTS, "attempts", Key.NONE,
            "Merge attempts per merged pull request: the merge bot's 'started' comments up to the merge, for merged"
                    + " pull requests with at least one, bucketed by merged_at"),
    FORCE_MERGES(Source.PULL_REQUESTS, "pull requests", Key.NONE,
            "Forced merges: merged pull requests (bucketed by merged_at) with a comment before the merge, not by the"
                    + " merge bot, in which greenboard.metrics.merge-bot.force-pattern is found (PyTorch: '@pytorchbot"
                    + " merge -f'); count is every merged pull request of the bucket, so value / count is the share"
                    + " of merges forced"),
    TIME_SINCE_GREEN(Source.COMMIT_HEALTH, "seconds", Key.NONE,
            "Time since the branch was last green, as of the end of each bucket (or now): the newest commit placed"
                    + " by then minus the newest green or flaky commit placed by then; count is the commits placed"
                    + " in the bucket"),
    COMMIT_TTS(Source.WORKFLOW_RUNS, "seconds", Key.NONE,
            "Time to signal end to end per commit: for commits whose push-triggered first attempts of the blocking"
                    + " workflows all succeeded, the longest of those runs (updated_at - created_at); bucketed by"
                    + " the commit's first run; count is the commits"),
    COMMIT_WORKFLOW_DURATION(Source.RUN_JOBS, "seconds", Key.WORKFLOW,
            "Workflow duration per commit of the default branch, from the jobs of first attempts of completed runs,"
                    + " bucketed by the run's creation, one series per measure: wall_clock (first job start to last"
                    + " job completion), longest_job (the longest job), build_test (per config, the job-name prefix"
                    + " before ' / ', its longest build job plus its longest test job; the largest over configs);"
                    + " count is the runs");

    /** The rollup table a metric is read from. */
    enum Source {
        /** commit_health, per commit: any granularity, any branch. */
        COMMIT_HEALTH,
        /** job_time_stats, per day and week, and per hour for a recent horizon. */
        TIME_STATS,
        /** revert_stats, per day of the default branch; hours are counted when read from the commits. */
        REVERTS,
        /** queue_snapshot, per quarter hour. */
        QUEUE_SNAPSHOT,
        /** workflow_run, counted when read (an index on repository and creation time): any granularity. */
        WORKFLOW_RUNS,
        /**
         * disabled_test, counted when read by creation time, and disabled_test_change, the open entries at each
         * bucket's end: any granularity.
         */
        DISABLED_TESTS,
        /**
         * pull_request with the merge bot's and people's issue_comment rows and pull_request_review, read by merge
         * time: any granularity.
         */
        PULL_REQUESTS,
        /**
         * workflow_run with the jobs of each run (index on repository and creation time, then the jobs' run index),
         * read when asked: any granularity.
         */
        RUN_JOBS
    }

    /** What the points of a metric are kept per, and so which filter argument applies. */
    enum Key {
        NONE, JOB, WORKFLOW, LABEL
    }

    private final Source source;
    private final String unit;
    private final Key key;
    private final String description;

    Metric(Source source, String unit, Key key, String description) {
        this.source = source;
        this.unit = unit;
        this.key = key;
        this.description = description;
    }

    /** The name callers pass, e.g. {@code red_rate}. */
    String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    Source source() {
        return source;
    }

    String unit() {
        return unit;
    }

    Key key() {
        return key;
    }

    String description() {
        return description;
    }

    static Optional<Metric> byName(String name) {
        return Arrays.stream(values()).filter(m -> m.apiName().equals(name)).findFirst();
    }

    static String knownNames() {
        return Arrays.stream(values()).map(Metric::apiName).collect(Collectors.joining(", "));
    }
}
