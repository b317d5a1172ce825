package dev.greenboard.metrics.rollup;

import java.sql.SQLException;
import java.util.List;

/**
 * One stage of the metrics pipeline: stored facts in, rollup rows out. A rollup must be idempotent (running it twice on
 * the same facts changes nothing) and incremental (it reads only what changed since its watermark, unless asked for
 * a full run). It runs inside one transaction that {@link RollupRunner} commits.
 */
public interface Rollup {

    /** A stable name: URL path segment, config key and lock key ({@code [a-z0-9-]+}). */
    String name();

    /** What it computes, for people listing the rollups. */
    String description();

    /** The rollups whose output this one reads; run-all runs those first. */
    default List<String> dependsOn() {
        return List.of();
    }

    /** Quartz cron expression used unless {@code greenboard.rollups.schedule."<name>"} says otherwise. */
    String defaultSchedule();

    RollupOutcome run(RollupContext context) throws SQLException;
}
