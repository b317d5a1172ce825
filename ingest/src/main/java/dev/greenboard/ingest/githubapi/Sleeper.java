package dev.greenboard.ingest.githubapi;

import java.time.Duration;

/** How the client waits out rate limits and back-offs; tests pass one that only advances a fake clock. */
@FunctionalInterface
public interface Sleeper {

    Sleeper SYSTEM = duration -> Thread.sleep(duration.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
