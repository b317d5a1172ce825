package dev.greenboard.model.database;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.jboss.logging.Logger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A PostgreSQL server that Greenboard runs itself, from the binaries shipped on Maven Central, with its data in
 * {@code <dataDir>/pgdata}. It survives restarts; after the JVM was killed (SIGKILL) the orphaned server still holds
 * {@code postmaster.pid}, so it is stopped before a new one starts on the same data.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    public static final String DATABASE_NAME = "greenboard";
    private static final String SUPERUSER = "postgres";
    private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class);

    private final Path dataDir;
    private final FileLock ownership;
    private final EmbeddedPostgres postgres;
    private final DatabaseUrl url;

    private EmbeddedDatabase(Path dataDir, FileLock ownership, EmbeddedPostgres postgres) {
        this.dataDir = dataDir;
        this.ownership = ownership;
        this.postgres = postgres;
        this.url = DatabaseUrl.of("localhost", postgres.getPort(), DATABASE_NAME, SUPERUSER, null);
    }

    /** Starts the server on {@code dataDir/pgdata} (creating it on first use) and makes sure the database exists. */
    public static EmbeddedDatabase start(Path dataDir) throws IOException {
        Path pgData = dataDir.resolve("pgdata").toAbsolutePath();
        Files.createDirectories(pgData.getParent());
        FileLock ownership = lockDataDir(dataDir);
        // Holding the lock proves no live Greenboard uses this data dir: a server still running on it is an orphan.
        stopOrphan(pgData);
        EmbeddedPostgres postgres;
        try {
            postgres = startServer(pgData);
        } catch (IOException | RuntimeException e) {
            release(ownership);
            throw e;
        }
        EmbeddedDatabase database = new EmbeddedDatabase(dataDir, ownership, postgres);
        try {
            database.createDatabaseIfMissing();
        } catch (IOException e) {
            database.close();
            throw e;
        }
        return database;
    }

    private static EmbeddedPostgres startServer(Path pgData) throws IOException {
        return EmbeddedPostgres.builder()
                .setDataDirectory(pgData)
                .setCleanDataDirectory(false)
                // Zonky unpacks the binaries once per machine and version; keep them out of the data dir.
                .setOverrideWorkingDirectory(Path.of(System.getProperty("java.io.tmpdir"), "greenboard-embedded-pg")
                        .toFile())
                .setPGStartupWait(Duration.ofSeconds(60))
                // Greenboard stops the server itself, after Quarkus has closed its pools.
                .setRegisterShutdownHook(false)
                .setServerConfig("max_connections", "200")
                .setServerConfig("shared_buffers", "256MB")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("max_wal_size", "2GB")
                .setOutputRedirector(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    /**
     * An OS file lock: released by the kernel when the process dies, even by SIGKILL, so it tells a live owner from
     * a dead one where a pid file cannot.
     */
    private static FileLock lockDataDir(Path dataDir) throws IOException {
        FileChannel channel = FileChannel.open(dataDir.resolve("greenboard.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock();
        if (lock == null) {
            channel.close();
            throw new IOException("Another Greenboard process is using the data directory " + dataDir.toAbsolutePath()
                    + "; stop it or set GREENBOARD_DATA_DIR to another directory");
        }
        return lock;
    }

    private static void release(FileLock lock) {
        try {
            lock.release();
            lock.channel().close();
        } catch (IOException e) {
            LOG.debugf("Releasing the data dir lock failed: %s", e.getMessage());
        }
    }

    public DatabaseUrl url() {
        return url;
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.warnf("Embedded PostgreSQL in [%s] did not stop cleanly: %s", dataDir, e.getMessage());
        } finally {
            release(ownership);
        }
    }

    private void createDatabaseIfMissing() throws IOException {
        String adminUrl = "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
        try (Connection connection = DriverManager.getConnection(adminUrl, SUPERUSER, null);
                Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement
                    .executeQuery("select 1 from pg_database where datname = '" + DATABASE_NAME + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            statement.execute("create database " + DATABASE_NAME);
        } catch (SQLException e) {
            throw new IOException("Cannot create database[" + DATABASE_NAME + "] in embedded PostgreSQL", e);
        }
    }

    /**
     * A server left running by a killed JVM keeps the data directory locked. Its pid is the first line of
     * {@code postmaster.pid}; stop it (fast shutdown, SIGINT) when that process is really a postgres.
     */
    static void stopOrphan(Path pgData) throws IOException {
        Path pidFile = pgData.resolve("postmaster.pid");
        Optional<ProcessHandle> orphan = orphanServer(pidFile);
        if (orphan.isEmpty()) {
            return;
        }
        long pid = orphan.get().pid();
        LOG.infof("Stopping orphaned embedded PostgreSQL [pid %d] that still holds [%s]", pid, pgData);
        try {
            new ProcessBuilder(List.of("kill", "-INT", Long.toString(pid))).inheritIO().start().waitFor();
        } catch (IOException e) {
            orphan.get().destroy(); // SIGTERM: a smart shutdown, enough once its clients are gone
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while stopping orphaned PostgreSQL", e);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (orphan.get().isAlive() || Files.exists(pidFile)) {
            if (System.nanoTime() > deadline) {
                throw new IOException("Orphaned PostgreSQL [pid " + pid + "] holding " + pgData
                        + " did not stop within 60 s; stop it by hand (kill -INT " + pid + ")");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("Interrupted while stopping orphaned PostgreSQL", e);
            }
            if (!orphan.get().isAlive() && Files.exists(pidFile)) {
                // The process is gone but left its pid file (it was killed too): postgres itself
                // removes a stale file at start, so nothing more to wait for.
                break;
            }
        }
    }

    private static Optional<ProcessHandle> orphanServer(Path pidFile) throws IOException {
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).trim());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(handle -> handle.info().command().map(command -> command.contains("postgres")).orElse(true));
    }
}
