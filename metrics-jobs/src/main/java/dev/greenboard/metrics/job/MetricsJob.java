package dev.greenboard.metrics.job;

import java.sql.SQLException;
import java.util.List;

/**
 * One stage of the metrics pipeline: stored facts in, rollup rows out. A job must be idempotent (running it twice on
 * the same facts changes nothing) and incremental (it reads only what changed since its watermark, unless asked for
 * a full run). It runs inside one transaction that {@link JobRunner} commits.
 */
public interface MetricsJob {

    /** A stable name: URL path segment, config key and lock key ({@code [a-z0-9-]+}). */
    String name();

    /** What it computes, for people listing the jobs. */
    String description();

    /** The jobs whose output this one reads; run-all runs those first. */
    default List<String> dependsOn() {
        return List.of();
    }

    /** Quartz cron expression used unless {@code greenboard.metrics.schedule."<name>"} says otherwise. */
    String defaultSchedule();

    JobOutcome run(JobContext context) throws SQLException;
}
