package dev.greenboard.app;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import io.quarkus.runtime.Application;
import io.quarkus.runtime.ApplicationLifecycleManager;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

import dev.greenboard.model.database.DatabaseBootstrap;
import dev.greenboard.model.database.DatabaseBootstrap.Database;
import dev.greenboard.model.database.DatabaseBootstrap.StartupException;

/**
 * Greenboard's entry point. The database is settled before Quarkus starts, because Flyway and the connection pools
 * need its URL at start: an external server from {@code GREENBOARD_DB_URL}, or an embedded one. The embedded server
 * is stopped after Quarkus has stopped, so no request or pool sees it go away.
 */
@QuarkusMain
public final class GreenboardMain {

    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    private GreenboardMain() {
    }

    public static void main(String... args) {
        Database database;
        try {
            database = DatabaseBootstrap.startFromSettings();
        } catch (StartupException e) {
            System.err.println("Greenboard cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        database.quarkusProperties().forEach(System::setProperty);
        AtomicBoolean stopped = new AtomicBoolean();
        Runnable stopDatabase = () -> {
            if (stopped.compareAndSet(false, true)) {
                database.close();
            }
        };
        // On SIGTERM / Ctrl+C Quarkus stops in its own shutdown hook; this one waits for that, then stops the server.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            awaitQuarkusStopped();
            stopDatabase.run();
        }, "greenboard-database-stop"));
        Quarkus.run(null, (exitCode, failure) -> {
            if (failure != null) {
                // Quarkus may fail before its logging is set up (a setting it cannot read): say why all the same.
                System.err.println("Greenboard stopped: " + failure);
                failure.printStackTrace();
            }
            stopDatabase.run();
            System.exit(exitCode);
        }, args);
    }

    private static void awaitQuarkusStopped() {
        long deadline = System.nanoTime() + STOP_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Application application = ApplicationLifecycleManager.getCurrentApplication();
            if (application == null || !application.isStarted()) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
