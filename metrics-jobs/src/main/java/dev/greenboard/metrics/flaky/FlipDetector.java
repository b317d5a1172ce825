package dev.greenboard.metrics.flaky;

import java.time.Instant;
import java.util.List;

/**
 * Reads one job's default-branch history of a test, one outcome per commit in commit order, for flips and for a
 * breakage at its head.
 * <p>
 * A flip is a run of failures shorter than the breakage streak with a pass on both sides (pass → fail → pass). A run
 * of at least the streak is a breakage that was fixed, not flakiness, and is not counted. Failures at the start of
 * the window have no pass before them and are not counted; failures at the end are either a breakage (when at least
 * the streak: the test is broken) or undecided yet.
 */
public final class FlipDetector {

    /** A test's outcome on one commit: failed when no execution passed; ranAt is when its latest execution ran. */
    public record CommitOutcome(boolean failed, Instant ranAt) {
    }

    /**
     * @param count the flips
     * @param lastAt when the newest flip's last failure ran; null without flips
     * @param trailingFailures consecutive failures at the head of the history
     */
    public record Flips(int count, Instant lastAt, int trailingFailures) {
    }

    private FlipDetector() {
    }

    public static Flips detect(List<CommitOutcome> oldestFirst, int breakageStreak) {
        int count = 0;
        Instant lastAt = null;
        boolean passSeen = false;
        int failures = 0;
        Instant failuresLastAt = null;
        for (CommitOutcome outcome : oldestFirst) {
            if (outcome.failed()) {
                failures++;
                failuresLastAt = later(failuresLastAt, outcome.ranAt());
                continue;
            }
            if (failures > 0 && passSeen && failures < breakageStreak) {
                count++;
                lastAt = later(lastAt, failuresLastAt);
            }
            failures = 0;
            failuresLastAt = null;
            passSeen = true;
        }
        return new Flips(count, lastAt, failures);
    }

    static Instant later(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}
