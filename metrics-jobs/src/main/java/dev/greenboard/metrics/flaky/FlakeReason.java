package dev.greenboard.metrics.flaky;

/** Why a test is not healthy; a test may have several. */
public enum FlakeReason {

    /** It failed and then passed inside one job on one commit (a rerun, or another attempt of the job). */
    RERUN,
    /** On the default branch it went pass, fail (shorter than a breakage streak), pass in one job. */
    FLIP,
    /** Its newest default-branch results in some job are a breakage streak of failures. */
    CONSECUTIVE_FAILURES
}
