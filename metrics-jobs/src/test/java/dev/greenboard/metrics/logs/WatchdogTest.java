package dev.greenboard.metrics.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** A log whose sender stalls half-way is closed when the run's time is up; one read in time is left alone. */
class WatchdogTest {

    /**
     * A download that sends one line and then nothing, as a stalled host does; like the JDK's response stream, a read
     * blocked on it ends with the end of the body when another thread closes it.
     */
    private static final class StalledDownload extends InputStream {

        private final InputStream first = new ByteArrayInputStream(
                "2026-12-05T10:15:30.1234567Z first line\n".getBytes(StandardCharsets.UTF_8));
        private final CountDownLatch closed = new CountDownLatch(1);

        @Override
        public int read() throws IOException {
            int b = first.read();
            if (b >= 0) {
                return b;
            }
            try {
                assertTrue(closed.await(30, TimeUnit.SECONDS), "closed by the watchdog");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return -1;
        }

        @Override
        public void close() {
            closed.countDown();
        }
    }

    @Test
    void aStalledDownloadIsClosedAtTheDeadlineAndSaysSo() throws IOException {
        StalledDownload in = new StalledDownload();
        try (LogLines lines = new LogLines(in, 1 << 20);
                Watchdog watchdog = Watchdog.closing(in, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200))) {
            assertEquals("first line", lines.next());
            assertNull(lines.next(), "the read ends when the time is up");
            assertTrue(watchdog.fired(), "what was read is not the whole log");
        }
    }

    @Test
    void aLogReadInTimeIsNotClosed() throws IOException {
        InputStream in = new ByteArrayInputStream("only line\n".getBytes(StandardCharsets.UTF_8));
        try (LogLines lines = new LogLines(in, 1 << 20);
                Watchdog watchdog = Watchdog.closing(in, System.nanoTime() + TimeUnit.SECONDS.toNanos(30))) {
            assertEquals("only line", lines.next());
            assertNull(lines.next());
            assertFalse(watchdog.fired());
        }
    }
}
