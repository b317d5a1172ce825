package dev.greenboard.model.database;

import java.net.ConnectException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;

/**
 * Tells a failure caused by the database being away (stopped, restarting, unreachable) or out of disk from any other:
 * those are not the request's fault and pass, so clients are told to retry (503 or 507 with {@code Retry-After})
 * instead of getting a 500. What a client must wait is the supervisor's next restart attempt when Greenboard runs the
 * database itself, else a few seconds.
 */
public final class DatabaseOutage {

    /** What kind of outage a failure shows. */
    public enum Kind {
        /** The database cannot be reached or is starting or stopping. */
        UNAVAILABLE,
        /** The database has no space left to write. */
        DISK_FULL
    }

    private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(5);

    private DatabaseOutage() {
    }

    /** The outage {@code failure} (or one of its causes) shows, if any. */
    public static Optional<Kind> of(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause() == e ? null : e.getCause()) {
            String state = e instanceof SQLException sql
                    ? sql.getSQLState()
                    : e instanceof PgException pg ? pg.getSqlState() : null;
            if (state != null) {
                if (state.equals("53100")) {
                    return Optional.of(Kind.DISK_FULL);
                }
                // 08: connection exceptions; 57P01-57P03: admin/crash shutdown, cannot connect now; 53300: too many
                // connections (a restart's window)
                if (state.startsWith("08") || state.startsWith("57P") || state.equals("53300")) {
                    return Optional.of(Kind.UNAVAILABLE);
                }
            }
            if (e instanceof ConnectException || e instanceof VertxException && String.valueOf(e.getMessage())
                    .toLowerCase().contains("connection")) {
                return Optional.of(Kind.UNAVAILABLE);
            }
            if (e instanceof SQLException sql && sql.getMessage() != null
                    && sql.getMessage().contains("Acquisition timeout")) {
                return Optional.of(Kind.UNAVAILABLE); // Agroal: no connection could be opened in time
            }
        }
        return Optional.empty();
    }

    /** Whether the embedded database is known to be down right now (its supervisor says so). */
    public static boolean knownDown() {
        return DatabaseBootstrap.started().flatMap(DatabaseBootstrap.Database::supervisor)
                .map(supervisor -> !supervisor.state().isUp()).orElse(false);
    }

    /** Whether the embedded database is down for lack of disk. */
    public static boolean knownDiskFull() {
        return DatabaseBootstrap.started().flatMap(DatabaseBootstrap.Database::supervisor)
                .map(supervisor -> supervisor.state().diskFull()).orElse(false);
    }

    /** How long a client should wait before trying again. */
    public static Duration retryAfter() {
        return DatabaseBootstrap.started().flatMap(DatabaseBootstrap.Database::supervisor)
                .map(supervisor -> supervisor.state().retryAfter(Instant.now()))
                .filter(wait -> !wait.isZero()).orElse(DEFAULT_RETRY_AFTER);
    }
}
