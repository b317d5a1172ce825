package dev.greenboard.api.namedquery;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;

import dev.greenboard.api.graphql.ApiException;

/**
 * How many named queries run at once, server-wide. Each one holds a pooled connection for up to its statement timeout;
 * without a bound, a few requests full of them (one anonymous query with 150 aliased {@code runNamedQuery} fields ran
 * for half a minute) took every connection of the read pool, and with it the readiness check and every other read.
 * Executions past the bound wait in line, in order; a full line is refused at once with {@link ApiException.Busy}.
 * Leaving the line (a cancelled request) frees the place; a running execution frees its slot when it ends, however.
 */
final class NamedQuerySlots {

    /** One execution's place: waiting, then holding a slot once {@code granted}. */
    private static final class Turn {

        final CompletableFuture<Void> start = new CompletableFuture<>();
        boolean granted;
    }

    private final int slots;
    private final int maxWaiting;
    private final ArrayDeque<Turn> line = new ArrayDeque<>();
    private int running;

    NamedQuerySlots(int slots, int maxWaiting) {
        if (slots < 1) {
            throw new IllegalArgumentException("greenboard.named-queries.max-concurrent must be at least 1, got "
                    + slots);
        }
        this.slots = slots;
        this.maxWaiting = maxWaiting;
    }

    /** {@code work} once a slot is free; the slot is held until it ends, fails or is cancelled. */
    <T> Uni<T> run(Supplier<Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            Turn turn = enter();
            return Uni.createFrom().completionStage(turn.start)
                    .chain(ignored -> work.get())
                    .onTermination().invoke(() -> leave(turn));
        });
    }

    /** Executions running now (for tests and metrics). */
    synchronized int running() {
        return running;
    }

    private Turn enter() {
        Turn turn = new Turn();
        synchronized (this) {
            if (running < slots) {
                running++;
                turn.granted = true;
            } else if (line.size() >= maxWaiting) {
                turn.start.completeExceptionally(new ApiException.Busy(running + " named queries are running and "
                        + line.size() + " are waiting, the most this server allows"
                        + " (greenboard.named-queries.max-concurrent, max-waiting); try again in a few seconds"));
                return turn;
            } else {
                line.add(turn);
                return turn;
            }
        }
        turn.start.complete(null);
        return turn;
    }

    private void leave(Turn turn) {
        Turn next;
        synchronized (this) {
            if (!turn.granted) {
                line.remove(turn); // left the line (or never got into it)
                return;
            }
            next = line.poll();
            if (next == null) {
                running--;
                return;
            }
            next.granted = true; // the slot passes on as it is
        }
        next.start.complete(null); // outside the lock: the next execution starts on this thread
    }
}
