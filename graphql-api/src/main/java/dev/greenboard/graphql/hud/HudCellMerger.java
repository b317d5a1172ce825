package dev.greenboard.graphql.hud;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Merges every execution of one job name on one commit into the one cell the HUD shows (SPEC 6): the latest
 * execution decides, except that a success after a failure is {@link HudStatus#FLAKY}, a cancelled run loses to any
 * other result, and a skipped run loses to a real one. Queued and running stay apart.
 * <p>
 * The merge is a fold over the executions in chronological order ({@link Fold}).
 */
public final class HudCellMerger {

    /** One execution as the merge needs it. */
    public record Execution(long jobId, int runAttempt, Instant createdAt, String status, String conclusion) {
    }

    /** The order in which executions happened: creation time (unknown first), then attempt, then id. */
    static final Comparator<Execution> CHRONOLOGICAL = Comparator
            .comparing(Execution::createdAt, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparingInt(Execution::runAttempt)
            .thenComparingLong(Execution::jobId);

    private HudCellMerger() {
    }

    /** The cell of these executions, in any order. */
    public static HudCell merge(List<Execution> executions) {
        if (executions.isEmpty()) {
            return HudCell.NONE;
        }
        if (executions.size() == 1) {
            return merge(executions.get(0));
        }
        List<Execution> chronological = new ArrayList<>(executions);
        chronological.sort(CHRONOLOGICAL);
        Fold fold = new Fold();
        for (Execution execution : chronological) {
            fold.add(execution.jobId(), statusOf(execution));
        }
        return fold.cell();
    }

    /** The cell of a single execution. */
    public static HudCell merge(Execution execution) {
        Fold fold = new Fold();
        fold.add(execution.jobId(), statusOf(execution));
        return fold.cell();
    }

    /** The status of one execution, from GitHub's status and conclusion. */
    public static HudStatus statusOf(Execution execution) {
        return statusOf(execution.status(), execution.conclusion());
    }

    /** The status of one execution, from GitHub's status and conclusion (any case). */
    public static HudStatus statusOf(String status, String conclusion) {
        HudStatus exact = exactStatusOf(status, conclusion);
        // GitHub spells them in lower case; anything else is read as its lower case would be.
        return exact != null ? exact : exactStatusOf(lower(status), lower(conclusion));
    }

    private static HudStatus exactStatusOf(String status, String conclusion) {
        if (!"completed".equals(status)) {
            if ("in_progress".equals(status)) {
                return HudStatus.RUNNING;
            }
            return status == null || status.equals(lower(status)) ? HudStatus.QUEUED : null;
        }
        if (conclusion == null) {
            return HudStatus.FAILURE; // a completed job with no conclusion: not a success
        }
        return switch (conclusion) {
            case "success", "neutral" -> HudStatus.SUCCESS;
            case "cancelled" -> HudStatus.CANCELLED;
            case "timed_out" -> HudStatus.TIMED_OUT;
            case "skipped", "stale" -> HudStatus.SKIPPED;
            // failure, startup_failure, action_required: not a success
            default -> conclusion.equals(lower(conclusion)) ? HudStatus.FAILURE : null;
        };
    }

    private static String lower(String text) {
        return text == null ? "" : text.toLowerCase(Locale.ROOT);
    }

    /**
     * The merge of one cell, fed its executions oldest first (ties on the creation time broken by attempt, then id,
     * as {@link #CHRONOLOGICAL}). A cancelled execution counts only when all were cancelled, a skipped one only when
     * none had a real result; of those that count, the latest decides, and a success is FLAKY when one of them failed
     * or timed out.
     */
    static final class Fold {

        private int attempts;
        private HudStatus latestReal;
        private long latestRealJob;
        private boolean realFailed;
        private boolean skipped;
        private long latestSkippedJob;
        private long latestCancelledJob;

        /** Adds the next execution (none may be older than one added before). */
        void add(long jobId, HudStatus status) {
            attempts++;
            switch (status) {
                case CANCELLED -> latestCancelledJob = jobId;
                case SKIPPED -> {
                    skipped = true;
                    latestSkippedJob = jobId;
                }
                default -> {
                    latestReal = status;
                    latestRealJob = jobId;
                    if (status == HudStatus.FAILURE || status == HudStatus.TIMED_OUT) {
                        realFailed = true;
                    }
                }
            }
        }

        HudCell cell() {
            if (attempts == 0) {
                return HudCell.NONE;
            }
            if (latestReal != null) {
                HudStatus status = latestReal == HudStatus.SUCCESS && realFailed ? HudStatus.FLAKY : latestReal;
                return new HudCell(status, latestRealJob, attempts);
            }
            if (skipped) {
                return new HudCell(HudStatus.SKIPPED, latestSkippedJob, attempts);
            }
            return new HudCell(HudStatus.CANCELLED, latestCancelledJob, attempts);
        }
    }
}
