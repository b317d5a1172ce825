package dev.greenboard.model.database;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * Decides, before Quarkus starts, which PostgreSQL Greenboard uses: the server named by {@code GREENBOARD_DB_URL},
 * or an embedded one in {@code GREENBOARD_DATA_DIR}. It runs first because the datasource URLs must be known before
 * Flyway and the connection pools start, and a wrong setting must fail with one sentence, not a stack trace wall.
 */
public final class DatabaseBootstrap {

    public static final String DB_URL_PROPERTY = "greenboard.db-url";
    public static final String DATA_DIR_PROPERTY = "greenboard.data-dir";
    public static final String DEFAULT_DATA_DIR = "./greenboard-data";

    private DatabaseBootstrap() {
    }

    private static volatile Database started;

    /**
     * The database Greenboard will use, and how to release it at exit: {@code url} for Greenboard itself,
     * {@code readerUrl} for named queries and document reads (the same as {@code url} on an external server).
     */
    public record Database(DatabaseUrl url, DatabaseUrl readerUrl, String description,
            Optional<EmbeddedDatabase> embedded)
            implements
                AutoCloseable {

        /** The owner's datasource and the {@code greenboard.db.reader-*} settings (see {@link DatabaseUrl}). */
        public Map<String, String> quarkusProperties() {
            return DatabaseUrl.quarkusProperties(url, readerUrl);
        }

        /** The embedded server's supervisor (its state backs readiness); none for an external server. */
        public Optional<DatabaseSupervisor> supervisor() {
            return embedded.map(EmbeddedDatabase::supervisor);
        }

        @Override
        public void close() {
            embedded.ifPresent(EmbeddedDatabase::close);
        }
    }

    /** Reads the settings from the environment, system properties and {@code application.properties}. */
    public static Database startFromSettings() {
        SmallRyeConfig config = new SmallRyeConfigBuilder().addDefaultSources().addDefaultInterceptors().build();
        Optional<String> dbUrl = config.getOptionalValue(DB_URL_PROPERTY, String.class).filter(s -> !s.isBlank());
        Path dataDir = Path.of(config.getOptionalValue(DATA_DIR_PROPERTY, String.class).orElse(DEFAULT_DATA_DIR));
        Database database = dbUrl.isPresent() ? external(dbUrl.get()) : embedded(dataDir);
        started = database;
        return database;
    }

    /**
     * The database that {@link #startFromSettings()} started in this JVM, for beans that need its supervisor: the
     * database is settled before Quarkus and CDI exist.
     */
    public static Optional<Database> started() {
        return Optional.ofNullable(started);
    }

    public static Database external(String dbUrl) {
        DatabaseUrl url;
        try {
            url = DatabaseUrl.parse(dbUrl);
        } catch (IllegalArgumentException e) {
            throw new StartupException("GREENBOARD_DB_URL is not a valid PostgreSQL URL: " + e.getMessage());
        }
        checkReachable(url);
        return new Database(url, url, "PostgreSQL at " + url.redacted(), Optional.empty());
    }

    public static Database embedded(Path dataDir) {
        try {
            EmbeddedDatabase embedded = EmbeddedDatabase.start(dataDir);
            return new Database(embedded.url(), embedded.readerUrl(), "embedded PostgreSQL in " + dataDir,
                    Optional.of(embedded));
        } catch (IOException | RuntimeException e) {
            throw new StartupException("The embedded PostgreSQL could not start in GREENBOARD_DATA_DIR="
                    + dataDir.toAbsolutePath() + ": " + rootMessage(e)
                    + " (set GREENBOARD_DATA_DIR to a writable directory, or GREENBOARD_DB_URL to use your own server)");
        }
    }

    /** One connection attempt, so that an unreachable server or a wrong password is named before anything starts. */
    private static void checkReachable(DatabaseUrl url) {
        Properties properties = new Properties();
        properties.setProperty("user", url.user());
        if (url.password() != null) {
            properties.setProperty("password", url.password());
        }
        properties.setProperty("connectTimeout", "10");
        properties.setProperty("loginTimeout", "15");
        try (Connection connection = DriverManager.getConnection(url.jdbcUrl(), properties)) {
            int major = connection.getMetaData().getDatabaseMajorVersion();
            if (major < 15) {
                throw new StartupException("GREENBOARD_DB_URL points at PostgreSQL " + major + " (" + url.redacted()
                        + "); Greenboard needs PostgreSQL 15 or newer");
            }
        } catch (SQLException e) {
            throw new StartupException("Cannot connect to the database in GREENBOARD_DB_URL (" + url.redacted() + "): "
                    + rootMessage(e));
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = e.getMessage();
        if (cause != e && cause.getMessage() != null && (message == null || !message.contains(cause.getMessage()))) {
            message = (message == null ? "" : message + ": ") + cause.getMessage();
        }
        return message == null ? e.getClass().getSimpleName() : message;
    }

    /** A start-up failure whose message alone tells the user what to change. */
    public static final class StartupException extends RuntimeException {

        public StartupException(String message) {
            super(message);
        }
    }
}
