package dev.greenboard.ingest.githubsync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/** The ETA a backfill shows, on hand-computed progress. */
class BackfillEtaTest {

    private static final Instant STARTED = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant SINCE = Instant.parse("2026-11-01T00:00:00Z");

    private static Backfill running(long pages, Long runsTotal, long runsRead, Long remaining, Instant reset) {
        return new Backfill(1, "acme/app", SINCE, "running", "runs", "main", pages, 0, 0, 0, 0, 0, runsTotal,
                runsRead, remaining, reset, null, STARTED, STARTED, null, STARTED);
    }

    @Test
    void theTimeTheRunsSoFarTookScaledToTheRunsLeft() {
        // 100 of 400 runs in 10 minutes: 300 left take 30 more minutes.
        Backfill backfill = running(110, 400L, 100, 4000L, Instant.parse("2026-12-01T11:00:00Z"));
        assertEquals(Instant.parse("2026-12-01T10:40:00Z"), backfill.eta(Instant.parse("2026-12-01T10:10:00Z")));
    }

    @Test
    void noSoonerThanTheRateLimitsResetWhenTooFewRequestsAreLeft() {
        // 1.1 requests per run so far; 300 runs left need ~330 requests, only 50 are left until 11:30.
        Backfill backfill = running(110, 400L, 100, 50L, Instant.parse("2026-12-01T11:30:00Z"));
        assertEquals(Instant.parse("2026-12-01T11:30:00Z"), backfill.eta(Instant.parse("2026-12-01T10:10:00Z")));
    }

    @Test
    void noEtaWithoutABasisOrOnceFinished() {
        assertNull(running(2, null, 0, null, null).eta(Instant.parse("2026-12-01T10:10:00Z")));
        assertNull(running(2, 400L, 0, null, null).eta(Instant.parse("2026-12-01T10:10:00Z")));
        Backfill done = new Backfill(1, "acme/app", SINCE, "done", "done", "main", 10, 0, 0, 0, 0, 0, 10L, 10, null,
                null, null, STARTED, STARTED, STARTED, STARTED);
        assertNull(done.eta(Instant.parse("2026-12-01T10:10:00Z")));
    }
}
