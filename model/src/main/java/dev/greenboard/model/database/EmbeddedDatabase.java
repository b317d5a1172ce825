package dev.greenboard.model.database;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import org.jboss.logging.Logger;
import org.postgresql.util.PasswordUtil;

/**
 * A PostgreSQL server that Greenboard runs itself, from the binaries shipped on Maven Central, with its data in
 * {@code <dataDir>/pgdata} and its generated passwords in {@code <dataDir>/postgres-credentials}. It is private (loopback
 * TCP only, no Unix socket, a SCRAM password for every role, Greenboard connecting as an owner that is not a
 * superuser), durable (fsync and full-page writes on) and supervised (restarted when it dies). It survives restarts;
 * after the JVM was killed (SIGKILL) the orphaned server still holds {@code postmaster.pid}, so it is stopped before a
 * new one starts on the same data. A data directory made by an older Greenboard (trust authentication, everything
 * owned by the superuser) is converted at start.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    public static final String DATABASE_NAME = "greenboard";
    /** The superuser: used at start only, to set up roles and ownership. */
    public static final String SUPERUSER = "postgres";
    /** Greenboard's own role: owns the database and its objects, not a superuser. */
    public static final String OWNER_ROLE = "greenboard";
    /** The read-only role: named queries and document reads. */
    public static final String READER_ROLE = "greenboard_reader";
    private static final Duration POLL_INTERVAL = Duration.ofMillis(500);
    private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class);

    private final Path dataDir;
    private final FileLock ownership;
    private final PostgresServer server;
    private final DatabaseCredentials credentials;
    private final DatabaseSupervisor supervisor;

    private EmbeddedDatabase(Path dataDir, FileLock ownership, PostgresServer server, DatabaseCredentials credentials,
            RestartBackoff backoff) {
        this.dataDir = dataDir;
        this.ownership = ownership;
        this.server = server;
        this.credentials = credentials;
        this.supervisor = new DatabaseSupervisor(server, backoff, POLL_INTERVAL, Clock.systemUTC()).watch();
    }

    /** Starts the server on {@code dataDir/pgdata} (creating it on first use) and its supervisor. */
    public static EmbeddedDatabase start(Path dataDir) throws IOException {
        return start(dataDir, RestartBackoff.DEFAULT);
    }

    /** As {@link #start(Path)}, with another back-off between restart attempts. */
    public static EmbeddedDatabase start(Path dataDir, RestartBackoff backoff) throws IOException {
        Path pgData = dataDir.resolve("pgdata").toAbsolutePath();
        Files.createDirectories(dataDir);
        FileLock ownership = lockDataDir(dataDir);
        PostgresServer server = null;
        try {
            DatabaseCredentials credentials = DatabaseCredentials.loadOrGenerate(dataDir);
            PostgresBinaries binaries = PostgresBinaries.prepare(dataDir.resolve("postgres-binaries"));
            // Holding the lock proves no live Greenboard uses this data dir: a server still running on it is an orphan.
            PostgresServer.stopOrphan(pgData);
            server = new PostgresServer(binaries, pgData, freePort());
            if (!server.initialized()) {
                server.initialize(credentials.file(SUPERUSER));
            }
            server.writeHostBasedAuthentication();
            server.start();
            setUp(server, credentials);
            return new EmbeddedDatabase(dataDir, ownership, server, credentials, backoff);
        } catch (IOException | RuntimeException e) {
            if (server != null) {
                server.stop();
            }
            release(ownership);
            throw e;
        }
    }

    /**
     * Roles, ownership and grants, as the superuser. When the superuser's password from the credentials file is
     * refused (a data directory from an older Greenboard, whose superuser had none, or a lost file), the server is
     * stopped and the password set in single-user mode, where no connection is possible.
     */
    private static void setUp(PostgresServer server, DatabaseCredentials credentials) throws IOException {
        DatabaseUrl superuser = DatabaseUrl.of("localhost", server.port(), "postgres", SUPERUSER,
                credentials.superuser());
        try {
            setUpAs(superuser, credentials);
            return;
        } catch (SQLException e) {
            if (!"28P01".equals(e.getSQLState())) {
                throw new IOException("Setting up the roles of the embedded PostgreSQL failed: " + e.getMessage(), e);
            }
        }
        LOG.infof("The superuser of the embedded PostgreSQL in [%s] has no password yet (a data directory from an"
                + " older Greenboard); setting it in single-user mode", server.pgData());
        server.stop();
        server.setSuperuserPassword(PasswordUtil.encodeScramSha256(credentials.superuser().toCharArray()));
        server.start();
        try {
            setUpAs(superuser, credentials);
        } catch (SQLException e) {
            throw new IOException("Setting up the roles of the embedded PostgreSQL failed: " + e.getMessage(), e);
        }
    }

    private static void setUpAs(DatabaseUrl superuser, DatabaseCredentials credentials) throws SQLException {
        try (Connection connection = connect(superuser)) {
            DatabaseRoles.applyToCluster(connection, credentials);
        }
        try (Connection connection = connect(superuser.withDatabase(DATABASE_NAME))) {
            DatabaseRoles.applyToDatabase(connection);
        }
    }

    static Connection connect(DatabaseUrl url) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", url.user());
        properties.setProperty("password", url.password());
        properties.setProperty("connectTimeout", "10");
        return DriverManager.getConnection(url.jdbcUrl(), properties);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
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

    /** Greenboard's connection: the owner role, with its password. */
    public DatabaseUrl url() {
        return DatabaseUrl.of("localhost", server.port(), DATABASE_NAME, OWNER_ROLE, credentials.owner());
    }

    /** The read-only role's connection, for named queries and document reads. */
    public DatabaseUrl readerUrl() {
        return DatabaseUrl.of("localhost", server.port(), DATABASE_NAME, READER_ROLE, credentials.reader());
    }

    /** The superuser's connection to the application database: for maintenance and benchmarks, not for the app. */
    public DatabaseUrl superuserUrl() {
        return DatabaseUrl.of("localhost", server.port(), DATABASE_NAME, SUPERUSER, credentials.superuser());
    }

    /** The Quarkus settings for the owner's datasource and the reader's URL. */
    public Map<String, String> quarkusProperties() {
        return DatabaseUrl.quarkusProperties(url(), readerUrl());
    }

    public DatabaseSupervisor supervisor() {
        return supervisor;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The postmaster's pid as last started (changes when the supervisor restarts it). */
    public long pid() {
        return server.pid();
    }

    @Override
    public void close() {
        try {
            supervisor.close();
            server.stop();
        } finally {
            release(ownership);
        }
    }
}
