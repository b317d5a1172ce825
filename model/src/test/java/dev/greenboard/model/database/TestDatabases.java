package dev.greenboard.model.database;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.flywaydb.core.Flyway;

/** What the embedded-database tests share: connecting as a role, one-value queries, Flyway, running a command. */
final class TestDatabases {

    private TestDatabases() {
    }

    static Connection connect(DatabaseUrl url) throws SQLException {
        return EmbeddedDatabase.connect(url);
    }

    /** A connection attempt with {@code password} (null: none at all). */
    static Connection connect(DatabaseUrl url, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", url.user());
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("connectTimeout", "10");
        return DriverManager.getConnection(url.jdbcUrl(), properties);
    }

    static String queryOne(DatabaseUrl url, String sql) throws SQLException {
        try (Connection connection = connect(url);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    static void execute(DatabaseUrl url, String... sql) throws SQLException {
        try (Connection connection = connect(url); Statement statement = connection.createStatement()) {
            for (String command : sql) {
                statement.execute(command);
            }
        }
    }

    /** Greenboard's own migrations, run as {@code url}'s role, as the app does at start. */
    static void migrate(DatabaseUrl url) {
        Flyway.configure().dataSource(url.jdbcUrl(), url.user(), url.password())
                .locations("classpath:db/migration").load().migrate();
    }

    /** The first state from {@code states} that matches, waiting at most {@code limit} for it. */
    static DatabaseSupervisor.State awaitState(BlockingQueue<DatabaseSupervisor.State> states, Duration limit,
            Predicate<DatabaseSupervisor.State> wanted, List<DatabaseSupervisor.State> seen)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            DatabaseSupervisor.State state = states.poll(100, TimeUnit.MILLISECONDS);
            if (state != null) {
                seen.add(state);
                if (wanted.test(state)) {
                    return state;
                }
            }
        }
        throw new AssertionError("No such state within " + limit + "; states seen: " + seen);
    }

    record CommandResult(int exitCode, String output) {
    }

    static CommandResult run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(command + " did not finish");
        }
        return new CommandResult(process.exitValue(), output);
    }

    static boolean isRoot() {
        return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    }
}
