package dev.greenboard.api.read;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import dev.greenboard.model.database.DatabaseUrl;

/**
 * A PostgreSQL 15 primary and a streaming hot standby made with {@code pg_basebackup -R}, from Debian's
 * {@code postgresql-15} (the embedded binaries have no {@code pg_basebackup}), on loopback ports, for the tests of
 * reads on replicas. As root the servers run as the {@code postgres} account, as initdb demands. The application
 * writes to the primary and is given the standby as {@code GREENBOARD_DB_READ_URLS}.
 */
public class ReplicatedDatabase implements QuarkusTestResourceLifecycleManager {

    public static final Path BIN = Path.of(System.getenv().getOrDefault("PG_BIN", "/usr/lib/postgresql/15/bin"));
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    private static Path dir;
    private static int primaryPort;
    private static int standbyPort;

    /** Whether the servers can be made here; in CI they must ({@code .ci/run} installs postgresql-15). */
    public static boolean available() {
        return Files.isExecutable(BIN.resolve("pg_basebackup"));
    }

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("greenboard-replicas");
            primaryPort = freePort();
            standbyPort = freePort();
            Path primary = dir.resolve("primary");
            Path standby = dir.resolve("standby");
            if (ROOT) {
                run(List.of("chown", "postgres:postgres", dir.toString()), false);
            }
            run(List.of(BIN.resolve("initdb").toString(), "-D", primary.toString(), "--username=postgres",
                    "--auth=trust", "--encoding=UTF8", "--no-locale"), true);
            append(primary.resolve("postgresql.conf"), """
                    port = %d
                    listen_addresses = '127.0.0.1'
                    unix_socket_directories = '%s'
                    wal_level = replica
                    max_wal_senders = 4
                    hot_standby = on
                    fsync = off
                    """.formatted(primaryPort, dir));
            // Loopback only; the test cluster lives for one test JVM, in a private temporary directory.
            append(primary.resolve("pg_hba.conf"), "host replication all 127.0.0.1/32 trust\n");
            pgCtl(primary, "start");
            run(List.of(BIN.resolve("pg_basebackup").toString(), "-h", "127.0.0.1", "-p",
                    Integer.toString(primaryPort), "-U", "postgres", "-D", standby.toString(), "-R", "-X", "stream"),
                    true);
            append(standby.resolve("postgresql.conf"), "port = %d\n".formatted(standbyPort));
            pgCtl(standby, "start");
            Runtime.getRuntime().addShutdownHook(new Thread(ReplicatedDatabase::stopAll, "replicated-db-stop"));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start a PostgreSQL primary and standby from " + BIN, e);
        }
        Map<String, String> properties = DatabaseUrl.quarkusProperties(primaryUrl(), primaryUrl());
        properties.put("greenboard.read-replicas.urls", standbyUrl().withCredentials());
        properties.put("greenboard.read-replicas.max-lag", "1s");
        return properties;
    }

    /** The primary as the superuser (writes, Flyway). */
    public static DatabaseUrl primaryUrl() {
        return DatabaseUrl.of("127.0.0.1", primaryPort, "postgres", "postgres", null);
    }

    public static DatabaseUrl standbyUrl() {
        return DatabaseUrl.of("127.0.0.1", standbyPort, "postgres", "postgres", null);
    }

    /** A superuser's connection to the standby ({@code pg_wal_replay_pause()} and its kind). */
    public static Connection standby() throws SQLException {
        return DriverManager.getConnection(standbyUrl().jdbcUrl(), "postgres", "");
    }

    public static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** A fast restart of the primary: its clients lose their connections; the standby reconnects by itself. */
    public static void restartPrimary() throws IOException {
        pgCtl(dir.resolve("primary"), "restart");
    }

    static void stopStandby() throws IOException {
        pgCtl(dir.resolve("standby"), "stop");
    }

    static void startStandby() throws IOException {
        pgCtl(dir.resolve("standby"), "start");
    }

    @Override
    public void stop() {
        stopAll();
    }

    private static synchronized void stopAll() {
        if (dir == null) {
            return;
        }
        for (String server : List.of("standby", "primary")) {
            try {
                if (Files.exists(dir.resolve(server).resolve("postmaster.pid"))) {
                    run(List.of(BIN.resolve("pg_ctl").toString(), "-D", dir.resolve(server).toString(), "-m",
                            "immediate", "-w", "stop"), true);
                }
            } catch (IOException | RuntimeException e) {
                System.err.println("Stopping the test " + server + " failed: " + e.getMessage());
            }
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("Removing " + dir + " failed: " + e.getMessage());
        }
        dir = null;
    }

    private static void pgCtl(Path data, String action) throws IOException {
        List<String> command = new ArrayList<>(List.of(BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-w",
                "-t", "60", "-l", data.resolveSibling(data.getFileName() + ".log").toString()));
        if (!action.equals("start")) {
            command.addAll(List.of("-m", "fast"));
        }
        command.add(action);
        run(command, true);
    }

    private static void append(Path file, String text) throws IOException {
        if (ROOT) {
            run(List.of("sh", "-c", "cat >> '" + file + "' <<'GREENBOARD_EOF'\n" + text + "GREENBOARD_EOF"), true);
        } else {
            Files.writeString(file, text, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        }
    }

    /** Runs a command (as postgres when root and {@code asPostgres}), failing with its output. */
    private static void run(List<String> command, boolean asPostgres) throws IOException {
        List<String> full = new ArrayList<>();
        if (ROOT && asPostgres) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException(String.join(" ", full) + " failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted: " + String.join(" ", full), e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
