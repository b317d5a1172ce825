package dev.greenboard.model.database;

import static dev.greenboard.model.database.TestDatabases.awaitState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.greenboard.model.database.DatabaseSupervisor.Phase;
import dev.greenboard.model.database.DatabaseSupervisor.State;

/** The supervisor's states and retries, on a server whose failures the test decides. */
class DatabaseSupervisorStateTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    /** A server that is down until a restart succeeds; each restart takes the next planned failure, if any. */
    private static final class ScriptedServer implements DatabaseSupervisor.SupervisedServer {

        final Deque<IOException> failures = new ArrayDeque<>();
        final AtomicInteger restarts = new AtomicInteger();
        volatile boolean running = true;

        @Override
        public boolean isRunning() {
            return running;
        }

        @Override
        public synchronized void restart() throws IOException {
            restarts.incrementAndGet();
            IOException failure = failures.poll();
            if (failure != null) {
                throw failure;
            }
            running = true;
        }

        @Override
        public String description() {
            return "scripted server";
        }
    }

    @Test
    void aFullDiskIsRetriedWithBackoffUntilTheServerStarts() throws Exception {
        ScriptedServer server = new ScriptedServer();
        server.failures.add(new PostgresServer.StartException("the disk holding [/data] is full ([0 MB] free)", true));
        server.failures.add(new PostgresServer.StartException("the disk holding [/data] is full ([0 MB] free)", true));
        server.failures.add(new PostgresServer.StartException("FATAL: could not bind IPv4 address", false));
        BlockingQueue<State> states = new LinkedBlockingQueue<>();
        try (DatabaseSupervisor supervisor = new DatabaseSupervisor(server,
                new RestartBackoff(Duration.ofMillis(5), Duration.ofMillis(20)), Duration.ofMillis(5),
                Clock.systemUTC())) {
            supervisor.addListener(states::add);
            supervisor.watch();
            assertTrue(supervisor.state().isUp());

            server.running = false;
            List<State> seen = new ArrayList<>();
            awaitState(states, PATIENCE, s -> s.phase() == Phase.UP, seen);

            assertEquals(List.of(Phase.RESTARTING, Phase.RESTARTING, Phase.RESTARTING, Phase.RESTARTING, Phase.UP),
                    seen.stream().map(State::phase).toList());
            assertEquals(List.of(false, true, true, false, false), seen.stream().map(State::diskFull).toList());
            assertEquals(List.of(0, 1, 2, 3, 0), seen.stream().map(State::failedAttempts).toList());
            assertEquals("the server process exited", seen.get(0).reason());
            assertTrue(seen.get(1).reason().contains("is full"), seen.get(1).reason());
            assertEquals("FATAL: could not bind IPv4 address", seen.get(3).reason());
            for (State restarting : seen.subList(0, 4)) {
                assertNotNull(restarting.nextAttempt());
                assertEquals(seen.get(0).since(), restarting.since(), "down since the first failure");
            }
            assertNull(seen.get(4).reason());
            assertEquals(4, server.restarts.get());
        }
    }

    @Test
    void afterCloseTheStateIsStoppedAndNothingIsRestarted() throws Exception {
        ScriptedServer server = new ScriptedServer();
        DatabaseSupervisor supervisor = new DatabaseSupervisor(server, RestartBackoff.DEFAULT,
                Duration.ofMillis(5), Clock.systemUTC()).watch();
        BlockingQueue<State> states = new LinkedBlockingQueue<>();
        supervisor.addListener(states::add);
        supervisor.close();
        server.running = false;

        assertEquals(Phase.STOPPED, supervisor.state().phase());
        assertEquals(Phase.STOPPED, states.take().phase());
        assertTrue(states.isEmpty());
        assertEquals(0, server.restarts.get());
    }

    @Test
    void retryAfterCountsWholeSecondsToTheNextAttemptAndAtLeastOne() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        State restarting = new State(Phase.RESTARTING, now, "down", false, 3, now.plusMillis(2300));
        assertEquals(Duration.ofSeconds(3), restarting.retryAfter(now));
        assertEquals(Duration.ofSeconds(1), restarting.retryAfter(now.plusSeconds(10)), "an attempt is overdue");
        assertEquals(Duration.ZERO, State.up(now).retryAfter(now));
        assertFalse(restarting.isUp());
    }
}
