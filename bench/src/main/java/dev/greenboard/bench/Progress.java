package dev.greenboard.bench;

import java.util.concurrent.atomic.AtomicLong;

/** Prints how far a long step is, at most every five seconds, so that a run of many minutes is not silent. */
final class Progress {

    private static final long EVERY_NANOS = 5_000_000_000L;

    private final String step;
    private final String unit;
    private final long total;
    private final long started = System.nanoTime();
    private final AtomicLong done = new AtomicLong();
    private volatile long lastPrint = started;

    Progress(String step, String unit) {
        this(step, unit, -1);
    }

    Progress(String step, String unit, long total) {
        this.step = step;
        this.unit = unit;
        this.total = total;
    }

    void add(long amount) {
        long now = done.addAndGet(amount);
        long time = System.nanoTime();
        if (time - lastPrint >= EVERY_NANOS) {
            synchronized (this) {
                if (time - lastPrint >= EVERY_NANOS) {
                    lastPrint = time;
                    print(now, time);
                }
            }
        }
    }

    void done() {
        print(done.get(), System.nanoTime());
    }

    private void print(long now, long time) {
        double seconds = (time - started) / 1e9;
        System.out.printf("  [%s] %,d%s %s in %.0f s (%,.0f/s)%n", step, now, total > 0
                ? String.format(" of %,d",
                        total)
                : "", unit, seconds, seconds > 0 ? now / seconds : 0);
    }
}
