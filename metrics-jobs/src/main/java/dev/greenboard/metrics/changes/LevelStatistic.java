package dev.greenboard.metrics.changes;

/** How the level of a stretch of days is summarized, each day weighted by its samples. */
public enum LevelStatistic {
    /**
     * The weighted median of the daily values: robust to a few odd days, the right choice for durations and queue
     * times.
     */
    MEDIAN,
    /**
     * The weighted mean of the daily values: for rates, with the daily denominators as samples, this is the pooled
     * rate of the stretch (all broken commits over all finished commits), which is what a reader expects of "red %".
     */
    MEAN
}
