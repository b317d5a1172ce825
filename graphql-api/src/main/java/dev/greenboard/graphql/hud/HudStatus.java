package dev.greenboard.graphql.hud;

/** What one HUD cell shows (SPEC 5.2). */
public enum HudStatus {
    SUCCESS, FAILURE,
    /** Failed, then succeeded on a rerun of the same job on the same commit. */
    FLAKY, CANCELLED, TIMED_OUT, SKIPPED, QUEUED, RUNNING,
    /** No job of that name ran on that commit. */
    NONE
}
