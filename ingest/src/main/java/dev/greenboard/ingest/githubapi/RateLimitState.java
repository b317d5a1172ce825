package dev.greenboard.ingest.githubapi;

import java.time.Duration;
import java.time.Instant;

/**
 * GitHub's last word on one rate-limit resource ({@code core}, {@code search}, ...), from the {@code X-RateLimit-*}
 * headers of the latest answer, for progress and ETA shown to users.
 *
 * @param resource {@code X-RateLimit-Resource}
 * @param limit requests allowed per window ({@code X-RateLimit-Limit})
 * @param remaining requests left in the window ({@code X-RateLimit-Remaining})
 * @param used requests made in the window ({@code X-RateLimit-Used})
 * @param reset when the window starts again ({@code X-RateLimit-Reset})
 * @param observedAt when the answer carrying these headers came
 */
public record RateLimitState(String resource, long limit, long remaining, long used, Instant reset,
        Instant observedAt) {

    /** Time left until the reset, seen from {@code now}; zero once it has passed. */
    public Duration untilReset(Instant now) {
        Duration left = Duration.between(now, reset);
        return left.isNegative() ? Duration.ZERO : left;
    }

    public boolean exhausted() {
        return remaining <= 0;
    }
}
