package dev.greenboard.metrics.changes;

/** What the detector concluded about the newest change of a series, and why it does not alert when it does not. */
public enum Verdict {
    /** A lasting step change, significant, large enough and (when a recent window is set) recent: alert. */
    CHANGE,
    /** Fewer days than the minimum stretches before and after a change together. */
    TOO_SHORT,
    /** Every day has the same value. */
    CONSTANT,
    /** No split of the days is significant at the chosen level. */
    NOT_SIGNIFICANT,
    /** The days change, but a straight line fits them at least as well as a step: a drift, not a step. */
    GRADUAL,
    /** Significant steps exist, but none moves the level by the minimum relative and absolute change. */
    TOO_SMALL,
    /** The newest large enough change is older than the recent window. */
    NOT_RECENT
}
