package dev.greenboard.metrics.flaky;

/** The health of a test over a window, in order of precedence: the first that applies wins. */
public enum TestState {

    /** On the disabled list (any platform). */
    DISABLED,
    /** Its newest default-branch results in some job are a breakage streak of failures. */
    BROKEN,
    /** Rerun-flaky or flip-flaky. */
    FLAKY,
    HEALTHY
}
