package dev.greenboard.api.graphql;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A second client that polls {@code /q/health/ready} while a test sends hostile requests, each poll with a 1 s socket
 * timeout (connect and read), as a load balancer would: the service must keep answering UP within it.
 */
public final class ReadinessWatch implements AutoCloseable {

    private static final int SOCKET_TIMEOUT_MS = 1_000;
    private static final long PAUSE_MS = 100;

    /** One poll: the status and body, or why there was none. */
    public record Poll(int status, String body, String failure) {

        boolean up() {
            return status == 200 && body.contains("\"UP\"");
        }
    }

    private final URL ready;
    private final List<Poll> polls = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    private ReadinessWatch(URL ready) {
        this.ready = ready;
        this.thread = new Thread(this::poll, "readiness-watch");
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts polling {@code ready} (the app's {@code /q/health/ready}). */
    public static ReadinessWatch start(URL ready) {
        return new ReadinessWatch(ready);
    }

    private void poll() {
        while (running.get()) {
            Poll poll = once();
            synchronized (polls) {
                polls.add(poll);
            }
            try {
                Thread.sleep(PAUSE_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private Poll once() {
        HttpURLConnection connection = null;
        try {
            connection = (HttpURLConnection) ready.openConnection();
            connection.setConnectTimeout(SOCKET_TIMEOUT_MS);
            connection.setReadTimeout(SOCKET_TIMEOUT_MS);
            int status = connection.getResponseCode();
            try (InputStream body = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                return new Poll(status, body == null ? "" : new String(body.readAllBytes(), StandardCharsets.UTF_8),
                        null);
            }
        } catch (IOException e) {
            return new Poll(0, "", e.toString());
        } finally {
            if (connection != null) {
                connection.disconnect();
            }
        }
    }

    /**
     * Waits for {@code minimum} polls in all (at most 30 s), stops polling and asserts that each poll was answered UP
     * within the socket timeout.
     */
    public List<Poll> assertAlwaysUp(int minimum) throws InterruptedException {
        long giveUp = System.nanoTime() + 30_000_000_000L;
        while (count() < minimum && System.nanoTime() < giveUp) {
            Thread.sleep(PAUSE_MS);
        }
        close();
        List<Poll> all;
        synchronized (polls) {
            all = List.copyOf(polls);
        }
        List<Poll> down = all.stream().filter(p -> !p.up()).toList();
        assertTrue(down.isEmpty(), () -> down.size() + " of " + all.size() + " readiness polls were not UP within "
                + SOCKET_TIMEOUT_MS + " ms, e.g. " + down.get(0));
        assertTrue(all.size() >= minimum, () -> "only " + all.size() + " readiness polls, expected " + minimum);
        return all;
    }

    private int count() {
        synchronized (polls) {
            return polls.size();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(5 * SOCKET_TIMEOUT_MS);
    }
}
