package dev.greenboard.model.database;

import java.time.Duration;

/**
 * How long the supervisor waits before each restart attempt: {@code first}, doubled after every failed attempt, never
 * more than {@code max}. A server that dies again and again, or a disk that stays full, costs one attempt per
 * {@code max} instead of a busy loop.
 */
public record RestartBackoff(Duration first, Duration max) {

    public static final RestartBackoff DEFAULT = new RestartBackoff(Duration.ofMillis(500), Duration.ofSeconds(30));

    public RestartBackoff {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("Back-off needs 0 < first <= max, got first[" + first + "] max[" + max
                    + "]");
        }
    }

    /** The wait before the next attempt, after {@code failedAttempts} attempts failed in a row. */
    public Duration delay(int failedAttempts) {
        Duration delay = first;
        for (int i = 0; i < failedAttempts && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(max) > 0 ? max : delay;
    }
}
