package dev.greenboard.graphql.hud;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Merges every execution of one job name on one commit into the one cell the HUD shows (SPEC 6): the latest
 * execution decides, except that a success after a failure is {@link HudStatus#FLAKY}, a cancelled run loses to any
 * other result, and a skipped run loses to a real one. Queued and running stay apart.
 */
public final class HudCellMerger {

    /** One execution as the merge needs it. */
    public record Execution(long jobId, int runAttempt, Instant createdAt, String status, String conclusion) {
    }

    private static final Comparator<Execution> CHRONOLOGICAL = Comparator
            .comparing(Execution::createdAt, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparingInt(Execution::runAttempt)
            .thenComparingLong(Execution::jobId);

    private HudCellMerger() {
    }

    public static HudCell merge(List<Execution> executions) {
        if (executions.isEmpty()) {
            return HudCell.NONE;
        }
        List<Execution> considered = executions.stream().filter(e -> statusOf(e) != HudStatus.CANCELLED).toList();
        if (considered.isEmpty()) {
            considered = executions;
        }
        List<Execution> real = considered.stream().filter(e -> statusOf(e) != HudStatus.SKIPPED).toList();
        if (!real.isEmpty()) {
            considered = real;
        }
        Execution latest = considered.stream().max(CHRONOLOGICAL).orElseThrow();
        HudStatus status = statusOf(latest);
        if (status == HudStatus.SUCCESS && considered.stream().map(HudCellMerger::statusOf)
                .anyMatch(s -> s == HudStatus.FAILURE || s == HudStatus.TIMED_OUT)) {
            status = HudStatus.FLAKY;
        }
        return new HudCell(status, latest.jobId(), executions.size());
    }

    /** The status of one execution, from GitHub's status and conclusion. */
    public static HudStatus statusOf(Execution execution) {
        String status = lower(execution.status());
        if (!"completed".equals(status)) {
            return "in_progress".equals(status) ? HudStatus.RUNNING : HudStatus.QUEUED;
        }
        return switch (lower(execution.conclusion())) {
            case "success", "neutral" -> HudStatus.SUCCESS;
            case "cancelled" -> HudStatus.CANCELLED;
            case "timed_out" -> HudStatus.TIMED_OUT;
            case "skipped", "stale" -> HudStatus.SKIPPED;
            // failure, startup_failure, action_required, or a completed job with no conclusion: not a success
            default -> HudStatus.FAILURE;
        };
    }

    private static String lower(String text) {
        return text == null ? "" : text.toLowerCase(Locale.ROOT);
    }
}
