package dev.greenboard.model.database;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

/**
 * Keeps the embedded PostgreSQL running: it checks every {@code pollInterval} that the postmaster is alive, and when
 * it is gone (killed, crashed, a PANIC on a full disk) starts it again on the same port and data directory, stopping
 * an orphan first, with {@link RestartBackoff back-off} between failed attempts. A full disk is retried until space
 * returns. Its {@link State} is what readiness and the 503 + {@code Retry-After} answers are made of; listeners are
 * told of every change, on the supervisor's own thread.
 */
public final class DatabaseSupervisor implements AutoCloseable {

    /** What the supervisor runs: started once by its owner, then watched and restarted here. */
    public interface SupervisedServer {

        boolean isRunning();

        /** Stops any orphan left on the data directory and starts the server again. */
        void restart() throws IOException;

        String description();
    }

    public enum Phase {
        /** The server runs and accepts connections. */
        UP,
        /** The server is down; the next attempt to start it is at {@link State#nextAttempt()}. */
        RESTARTING,
        /** Supervision ended: Greenboard is stopping. */
        STOPPED
    }

    /**
     * The server's state. For {@link Phase#RESTARTING}: why it is down ({@code reason}, {@code diskFull}), how many
     * attempts failed since it went down, and when the next one is.
     */
    public record State(Phase phase, Instant since, String reason, boolean diskFull, int failedAttempts,
            Instant nextAttempt) {

        static State up(Instant now) {
            return new State(Phase.UP, now, null, false, 0, null);
        }

        public boolean isUp() {
            return phase == Phase.UP;
        }

        /** How long a client should wait before trying again: until the next attempt, at least one second. */
        public Duration retryAfter(Instant now) {
            if (nextAttempt == null) {
                return phase == Phase.UP ? Duration.ZERO : Duration.ofSeconds(1);
            }
            Duration wait = Duration.between(now, nextAttempt);
            long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
            return Duration.ofSeconds(seconds);
        }
    }

    private static final Logger LOG = Logger.getLogger(DatabaseSupervisor.class);

    private final SupervisedServer server;
    private final RestartBackoff backoff;
    private final Duration pollInterval;
    private final Clock clock;
    private final ScheduledExecutorService executor;
    private final List<Consumer<State>> listeners = new CopyOnWriteArrayList<>();
    private volatile State state;
    private volatile boolean closed;

    public DatabaseSupervisor(SupervisedServer server, RestartBackoff backoff, Duration pollInterval, Clock clock) {
        this.server = server;
        this.backoff = backoff;
        this.pollInterval = pollInterval;
        this.clock = clock;
        this.state = State.up(clock.instant());
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "greenboard-database-supervisor");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Begins watching a server that its owner has just started. */
    public DatabaseSupervisor watch() {
        executor.scheduleWithFixedDelay(this::check, pollInterval.toMillis(), pollInterval.toMillis(),
                TimeUnit.MILLISECONDS);
        return this;
    }

    public State state() {
        return state;
    }

    /** {@code listener} is called with each new state, on the supervisor's thread; it must not block. */
    public void addListener(Consumer<State> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<State> listener) {
        listeners.remove(listener);
    }

    /** Stops watching, after a restart in progress has finished; the server itself is stopped by its owner. */
    @Override
    public void close() {
        closed = true;
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(2, TimeUnit.MINUTES)) {
                LOG.warn("The database supervisor did not stop within 2 min");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        change(new State(Phase.STOPPED, clock.instant(), "Greenboard is stopping", false, 0, null));
    }

    private void check() {
        if (closed || state.phase() != Phase.UP || server.isRunning()) {
            return;
        }
        Duration delay = backoff.delay(0);
        String reason = "the server process exited";
        LOG.warnf("The %s is gone; restarting it in [%d ms]", server.description(), delay.toMillis());
        Instant now = clock.instant();
        change(new State(Phase.RESTARTING, now, reason, false, 0, now.plus(delay)));
        executor.schedule(this::attempt, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void attempt() {
        if (closed) {
            return;
        }
        State before = state;
        int attempt = before.failedAttempts() + 1;
        try {
            server.restart();
            LOG.infof("The %s is up again after [%d] attempt(s) (it was down because %s)", server.description(),
                    attempt, before.reason());
            change(State.up(clock.instant()));
        } catch (IOException | RuntimeException e) {
            if (closed) {
                return;
            }
            boolean diskFull = e instanceof PostgresServer.StartException start && start.diskFull();
            Duration delay = backoff.delay(attempt);
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            LOG.warnf("Restart attempt [%d] of the embedded PostgreSQL failed: %s; next attempt in [%d ms]", attempt,
                    reason, delay.toMillis());
            change(new State(Phase.RESTARTING, before.since(), reason, diskFull, attempt,
                    clock.instant().plus(delay)));
            executor.schedule(this::attempt, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void change(State next) {
        state = next;
        for (Consumer<State> listener : listeners) {
            try {
                listener.accept(next);
            } catch (RuntimeException e) {
                LOG.warnf("A database state listener failed on state [%s]: %s", next.phase(), e.getMessage());
            }
        }
    }
}
