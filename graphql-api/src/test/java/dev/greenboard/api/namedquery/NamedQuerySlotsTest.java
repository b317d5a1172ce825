package dev.greenboard.api.namedquery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;

import dev.greenboard.api.graphql.ApiException;

/** The server-wide bound on running named queries: who runs, who waits, and what a cancellation frees. */
class NamedQuerySlotsTest {

    /** Executions whose work the test finishes by hand; {@code started} lists those that got a slot. */
    private final List<CompletableFuture<String>> started = new ArrayList<>();

    private Uni<String> work() {
        CompletableFuture<String> result = new CompletableFuture<>();
        started.add(result);
        return Uni.createFrom().completionStage(result);
    }

    private static final class Outcome {

        String item;
        Throwable failure;
    }

    private Outcome subscribe(NamedQuerySlots slots, List<Cancellable> cancels) {
        Outcome outcome = new Outcome();
        cancels.add(slots.run(this::work).subscribe().with(item -> outcome.item = item,
                failure -> outcome.failure = failure));
        return outcome;
    }

    @Test
    void runsAtMostTheSlotsAndStartsWaitersInOrder() {
        NamedQuerySlots slots = new NamedQuerySlots(2, 10);
        List<Cancellable> cancels = new ArrayList<>();
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            outcomes.add(subscribe(slots, cancels));
        }
        assertEquals(2, started.size());
        assertEquals(2, slots.running());
        started.get(0).complete("first");
        assertEquals("first", outcomes.get(0).item);
        assertEquals(3, started.size()); // the first waiter took the freed slot
        started.get(1).completeExceptionally(new IllegalStateException("failed"));
        assertEquals(4, started.size()); // a failure frees the slot as well
        started.get(2).complete("third");
        started.get(3).complete("fourth");
        started.get(4).complete("fifth");
        assertEquals("fifth", outcomes.get(4).item);
        assertEquals(0, slots.running());
    }

    @Test
    void cancellingAWaiterLeavesTheLineAndCancellingARunnerFreesItsSlot() {
        NamedQuerySlots slots = new NamedQuerySlots(1, 10);
        List<Cancellable> cancels = new ArrayList<>();
        subscribe(slots, cancels); // runs
        subscribe(slots, cancels); // waits
        Outcome third = subscribe(slots, cancels); // waits
        cancels.get(1).cancel();
        started.get(0).complete("done");
        assertEquals(2, started.size()); // the cancelled waiter never started: the third did
        cancels.get(2).cancel();
        assertEquals(0, slots.running());
        assertEquals(null, third.item);
        subscribe(slots, cancels);
        assertEquals(3, started.size());
    }

    @Test
    void aFullLineIsRefusedAsBusy() {
        NamedQuerySlots slots = new NamedQuerySlots(1, 1);
        List<Cancellable> cancels = new ArrayList<>();
        subscribe(slots, cancels);
        subscribe(slots, cancels);
        Outcome refused = subscribe(slots, cancels);
        ApiException.Busy busy = assertInstanceOf(ApiException.Busy.class, refused.failure);
        assertTrue(busy.getMessage().startsWith("1 named queries are running and 1 are waiting"), busy.getMessage());
        assertEquals(1, started.size());
    }
}
