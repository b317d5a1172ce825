package dev.greenboard.api.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** A replica's lag from the primary's WAL positions sampled over time. */
class ReplicaProgressTest {

    private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");
    private static final Duration STALE = Duration.ofSeconds(2);

    @Test
    void aReplicaThatReplayedEverySampleHasNoLagEvenWhenThePrimaryIsIdle() {
        ReplicaProgress progress = new ReplicaProgress();
        progress.observed(T0, 100, 100);
        progress.observed(T0.plusSeconds(60), 100, 100); // nothing written for a minute: still no lag
        assertEquals(Optional.of(Duration.ZERO), progress.lag(T0.plusSeconds(60), Duration.ofMinutes(5)));
    }

    @Test
    void aPausedReplicaLagsSinceTheFirstPositionItHasNotReplayed() {
        ReplicaProgress progress = new ReplicaProgress();
        progress.observed(T0, 100, 100);
        progress.observed(T0.plusMillis(200), 150, 100); // the primary wrote; the replica is paused
        progress.observed(T0.plusMillis(400), 180, 100);
        progress.observed(T0.plusMillis(1400), 180, 100);
        assertEquals(Optional.of(Duration.ofMillis(1200)), progress.lag(T0.plusMillis(1400), STALE));

        progress.observed(T0.plusMillis(1600), 180, 160); // replayed past 150, not 180 yet
        assertEquals(Optional.of(Duration.ofMillis(1200)), progress.lag(T0.plusMillis(1600), STALE));
        progress.observed(T0.plusMillis(1800), 180, 180);
        assertEquals(Optional.of(Duration.ZERO), progress.lag(T0.plusMillis(1800), STALE));
    }

    @Test
    void aReplicaThatStoppedAnsweringHasNoKnownLag() {
        ReplicaProgress progress = new ReplicaProgress();
        assertEquals(Optional.empty(), progress.lag(T0, STALE), "never seen");
        progress.observed(T0, 100, 100);
        assertEquals(Optional.empty(), progress.lag(T0.plusSeconds(3), STALE), "not seen for longer than 2 s");
        progress.failed("Connection refused");
        assertEquals(Optional.empty(), progress.lag(T0, STALE), "its last probe failed");
        progress.observed(T0.plusSeconds(4), 100, 100);
        assertEquals(Optional.of(Duration.ZERO), progress.lag(T0.plusSeconds(4), STALE), "back");
    }

    @Test
    void walPositionsAreReadAsPostgreSqlWritesThem() {
        assertEquals(0x16_B374D848L, ReplicaProgress.parseLsn("16/B374D848"));
        assertEquals(0x3000148L, ReplicaProgress.parseLsn("0/3000148"));
        assertThrows(IllegalArgumentException.class, () -> ReplicaProgress.parseLsn("3000148"));
    }
}
