package dev.greenboard.metrics.logs;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a log's stream when the run's time is up: the HTTP client's timeout covers the wait for an answer's headers,
 * not its body, so a download host that stalls half-way would otherwise hold the run (and its transaction) for good.
 * A read blocked on the closed stream ends (the JDK's response stream then reports the end of the body, as if the log
 * were whole), so the caller asks {@link #fired()} before trusting what it read, and tries the log again later.
 */
final class Watchdog implements AutoCloseable {

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "log-download-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    private final java.util.concurrent.atomic.AtomicBoolean fired = new java.util.concurrent.atomic.AtomicBoolean();
    private ScheduledFuture<?> closing;

    /** Closes {@code in} at {@code deadlineNanos} (of {@link System#nanoTime()}) unless closed before. */
    static Watchdog closing(InputStream in, long deadlineNanos) {
        Watchdog watchdog = new Watchdog();
        watchdog.closing = TIMER.schedule(() -> {
            watchdog.fired.set(true);
            try {
                in.close();
            } catch (IOException e) {
                // Closing is all that is wanted; the reader's read ends.
            }
        }, Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        return watchdog;
    }

    /** Whether the stream was closed because the time was up: what was read of it is not the whole log. */
    boolean fired() {
        return fired.get();
    }

    @Override
    public void close() {
        closing.cancel(false);
    }
}
