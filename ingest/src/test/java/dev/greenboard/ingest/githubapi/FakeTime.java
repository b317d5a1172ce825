package dev.greenboard.ingest.githubapi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** A clock that only moves when the client sleeps (or a test advances it); every sleep is recorded. */
public final class FakeTime extends Clock implements Sleeper {

    private Instant now;
    private final List<Duration> sleeps = new ArrayList<>();
    private Consumer<Duration> onSleep = duration -> {
    };

    public FakeTime(Instant start) {
        this.now = start;
    }

    @Override
    public synchronized void sleep(Duration duration) {
        onSleep.accept(duration);
        sleeps.add(duration);
        now = now.plus(duration);
    }

    /** Runs before each sleep takes effect, e.g. to look at the client's state while it waits. */
    public synchronized FakeTime onSleep(Consumer<Duration> action) {
        this.onSleep = action;
        return this;
    }

    public synchronized List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }

    public synchronized void advance(Duration duration) {
        now = now.plus(duration);
    }

    @Override
    public synchronized Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("FakeTime is UTC only");
    }
}
