package dev.greenboard.api.hud;

import dev.greenboard.model.ci.CommitJobStatus;

/**
 * What one HUD cell shows: the public name of {@link CommitJobStatus}, whose values it repeats so that the API's
 * enum keeps its name whatever the model calls it.
 */
public enum HudStatus {

    SUCCESS,
    FAILURE,
    /** Failed, then succeeded on a rerun of the same job on the same commit. */
    FLAKY,
    CANCELLED,
    TIMED_OUT,
    SKIPPED,
    QUEUED,
    RUNNING,
    /** No job of that name ran on that commit. */
    NONE;

    private static final HudStatus[] BY_MODEL = new HudStatus[CommitJobStatus.values().length];

    static {
        for (CommitJobStatus status : CommitJobStatus.values()) {
            // Fails at start, not at the first HUD, if the model gains a status this enum lacks.
            BY_MODEL[status.ordinal()] = valueOf(status.name());
        }
    }

    public static HudStatus of(CommitJobStatus status) {
        return BY_MODEL[status.ordinal()];
    }
}
