package dev.greenboard.model.ci;

import java.util.Locale;

/**
 * Orders the statuses GitHub gives a job, run or check, so that an update that arrives late never moves a record
 * back: queued < waiting < in_progress < completed. The rank is stored next to the status and compared in SQL.
 */
public final class RunStatus {

    private RunStatus() {
    }

    public static short rank(String status) {
        if (status == null) {
            return 0;
        }
        return switch (status.toLowerCase(Locale.ROOT)) {
            case "requested", "pending", "queued" -> 1;
            case "waiting", "action_required" -> 2;
            case "in_progress" -> 3;
            case "completed" -> 4;
            default -> 0;
        };
    }
}
