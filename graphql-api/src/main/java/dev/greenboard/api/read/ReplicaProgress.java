package dev.greenboard.api.read;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * How far behind the primary one replica is, from the primary's WAL positions sampled over time: the replica's lag is
 * the age of the oldest sample whose position it has not replayed yet (zero when it has replayed them all). Unlike
 * {@code now() - pg_last_xact_replay_timestamp()} this does not call an idle, up-to-date replica late, and unlike
 * comparing received with replayed WAL it sees a replica that stopped receiving.
 */
final class ReplicaProgress {

    private record Sample(Instant at, long primaryLsn) {
    }

    /** Bounds the samples kept for a replica that stays behind (paused) while the primary writes. */
    private static final int MAX_SAMPLES = 1024;

    private final Deque<Sample> unreplayed = new ArrayDeque<>();
    private Instant lastSeen;
    private String lastError;

    /** The primary was at {@code primaryLsn} at {@code at}; the replica had replayed up to {@code replayedLsn} after. */
    synchronized void observed(Instant at, long primaryLsn, long replayedLsn) {
        if (unreplayed.isEmpty() || unreplayed.peekLast().primaryLsn() != primaryLsn) {
            // At the bound the newest sample moves forward but keeps its older time: the lag is overstated, never
            // understated.
            Instant since = unreplayed.size() >= MAX_SAMPLES ? unreplayed.removeLast().at() : at;
            unreplayed.addLast(new Sample(since, primaryLsn));
        }
        while (!unreplayed.isEmpty() && unreplayed.peekFirst().primaryLsn() <= replayedLsn) {
            unreplayed.removeFirst();
        }
        lastSeen = at;
        lastError = null;
    }

    synchronized void failed(String error) {
        lastError = error;
    }

    /** The lag at {@code now}; empty when the replica has not answered a probe since {@code staleAfter}. */
    synchronized Optional<Duration> lag(Instant now, Duration staleAfter) {
        if (lastSeen == null || lastError != null || lastSeen.isBefore(now.minus(staleAfter))) {
            return Optional.empty();
        }
        return Optional.of(unreplayed.isEmpty() ? Duration.ZERO : Duration.between(unreplayed.peekFirst().at(), now));
    }

    synchronized String lastError() {
        return lastError;
    }

    /** PostgreSQL's text form of a WAL position, {@code 16/B374D848}, as one number. */
    static long parseLsn(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not a WAL position: " + text);
        }
        return (Long.parseLong(text.substring(0, slash), 16) << 32) | Long.parseLong(text.substring(slash + 1), 16);
    }
}
