package dev.greenboard.model.database;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

/**
 * One PostgreSQL server on one data directory and port, run through its own {@code initdb}, {@code pg_ctl} and
 * {@code postgres}. Every setting that makes it private and durable is passed on the command line at each start, so
 * it overrides {@code postgresql.conf} and {@code ALTER SYSTEM}: whatever is in the data directory, the server runs
 * with fsync on and listens on loopback only, without a Unix socket.
 */
final class PostgresServer implements DatabaseSupervisor.SupervisedServer {

    /** A start that failed; {@code diskFull} when the disk holding the data ran out of space. */
    static final class StartException extends IOException {

        private final boolean diskFull;

        StartException(String message, boolean diskFull) {
            super(message);
            this.diskFull = diskFull;
        }

        boolean diskFull() {
            return diskFull;
        }
    }

    /** Below this much free space a failed start is put down to a full disk: a WAL segment alone is 16 MB. */
    private static final long DISK_FULL_BYTES = 64L * 1024 * 1024;
    private static final Duration START_TIMEOUT = Duration.ofHours(1);
    /** How long a start may take on a full disk before it is taken for hung. */
    private static final Duration DISK_FULL_PATIENCE = Duration.ofSeconds(10);
    private static final Logger LOG = Logger.getLogger(PostgresServer.class);

    private final PostgresBinaries binaries;
    private final Path pgData;
    private final int port;
    private final Map<String, String> settings;
    private volatile long pid = -1;

    PostgresServer(PostgresBinaries binaries, Path pgData, int port) {
        this.binaries = binaries;
        this.pgData = pgData;
        this.port = port;
        this.settings = settings();
    }

    private static Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        // Private: TCP on loopback only, and no Unix socket at all (a socket's path is limited to ~100 bytes, and
        // one in a shared directory is reachable by every local account). pg_hba asks every role for its password.
        settings.put("listen_addresses", "localhost");
        settings.put("unix_socket_directories", "");
        settings.put("password_encryption", "scram-sha-256");
        // Durable: a commit acknowledged before the 2xx survives an OS crash or a power cut.
        settings.put("fsync", "on");
        settings.put("full_page_writes", "on");
        settings.put("synchronous_commit", "on");
        settings.put("timezone", "UTC");
        settings.put("max_connections", "200");
        settings.put("shared_buffers", "256MB");
        settings.put("max_wal_size", "2GB");
        // A week of logs at most, one file a weekday, in <pgdata>/log.
        settings.put("logging_collector", "on");
        settings.put("log_directory", "log");
        settings.put("log_filename", "postgresql-%a.log");
        settings.put("log_truncate_on_rotation", "on");
        settings.put("log_rotation_age", "1d");
        settings.put("log_rotation_size", "0");
        return settings;
    }

    int port() {
        return port;
    }

    Path pgData() {
        return pgData;
    }

    boolean initialized() {
        return Files.exists(pgData.resolve("PG_VERSION"));
    }

    /** Creates the cluster with the superuser's password from {@code passwordFile}; no role is ever trusted. */
    void initialize(Path passwordFile) throws IOException {
        LOG.infof("Creating the embedded PostgreSQL data directory [%s]", pgData);
        run(binaries.command("initdb", "--auth=scram-sha-256", "--username=" + EmbeddedDatabase.SUPERUSER,
                "--pwfile=" + passwordFile, "--encoding=UTF-8", "--pgdata=" + pgData), null, Duration.ofMinutes(10),
                "initdb");
    }

    /**
     * Rewrites {@code pg_hba.conf} at every start: loopback TCP only, a SCRAM password for every role, the two
     * application roles only into their database. A data directory from an older Greenboard (everything trusted) is
     * closed by this.
     */
    void writeHostBasedAuthentication() throws IOException {
        String roles = EmbeddedDatabase.OWNER_ROLE + "," + EmbeddedDatabase.READER_ROLE;
        StringBuilder hba = new StringBuilder("""
                # Written by Greenboard at every start of its embedded PostgreSQL; edits here are overwritten.
                # Loopback TCP only (there is no Unix socket), and every role proves its password (SCRAM).
                # The passwords are in the postgres-credentials directory next to this data directory.
                """);
        for (String address : List.of("127.0.0.1/32", "::1/128")) {
            hba.append("host  ").append(EmbeddedDatabase.DATABASE_NAME).append("  ").append(roles).append("  ")
                    .append(address).append("  scram-sha-256\n");
            hba.append("host  all  ").append(EmbeddedDatabase.SUPERUSER).append("  ").append(address)
                    .append("  scram-sha-256\n");
        }
        Path target = pgData.resolve("pg_hba.conf");
        Path temporary = Files.createTempFile(pgData, "pg_hba", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temporary, hba, StandardCharsets.UTF_8);
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Sets the superuser's password with the server stopped, in single-user mode: no network is involved, so an older
     * data directory whose superuser had no password never accepts a connection without one.
     */
    void setSuperuserPassword(String scramVerifier) throws IOException {
        String sql = "ALTER ROLE " + EmbeddedDatabase.SUPERUSER + " WITH PASSWORD '" + scramVerifier + "';\n";
        String output = run(binaries.command("postgres", "--single", "-D", pgData.toString(), "postgres"), sql,
                Duration.ofMinutes(30), "postgres --single");
        if (output.contains("ERROR:") || output.contains("FATAL:")) {
            throw new IOException("Setting the superuser's password in single-user mode failed: " + output.strip());
        }
    }

    /** Starts the server and waits until it accepts connections (after crash recovery, if it needs one). */
    void start() throws IOException {
        Path logDir = pgData.resolve("log");
        Files.createDirectories(logDir);
        Path startLog = logDir.resolve("startup.log");
        // Only this attempt's messages: what the server says before its logging collector takes over.
        Files.write(startLog, new byte[0]);
        Map<Path, Long> logSizes = logSizes(logDir);
        List<String> options = new ArrayList<>(List.of("-p", Integer.toString(port)));
        settings.forEach((name, value) -> options.add("-c " + name + "=" + value));
        List<String> command = binaries.command("pg_ctl", "start", "-D", pgData.toString(), "-l",
                startLog.toString(), "-w", "-t", Long.toString(START_TIMEOUT.toSeconds()), "-o",
                String.join(" ", options));
        Process pgCtl = new ProcessBuilder(command).redirectErrorStream(true).start();
        pgCtl.getOutputStream().close();
        long started = System.nanoTime();
        try {
            boolean stopped = false;
            while (!pgCtl.waitFor(250, TimeUnit.MILLISECONDS)) {
                Duration waited = Duration.ofNanos(System.nanoTime() - started);
                // Crash recovery on a full disk can hang instead of failing; a hung start would keep the supervisor
                // from trying again once space is back. Long recoveries on a disk with room are waited for.
                if (!stopped && waited.compareTo(DISK_FULL_PATIENCE) > 0 && usableSpace() < DISK_FULL_BYTES) {
                    LOG.warnf("The embedded PostgreSQL in [%s] is not up after [%d s] and its disk is full;"
                            + " stopping this attempt", pgData, waited.toSeconds());
                    stopImmediately();
                    stopped = true;
                }
            }
        } catch (InterruptedException e) {
            stopImmediately();
            pgCtl.destroy();
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while starting PostgreSQL in " + pgData, e);
        }
        String output = new String(pgCtl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (pgCtl.exitValue() != 0) {
            throw startFailure(output, startLog, logSizes);
        }
        pid = readPid().orElseThrow(() -> new StartException("PostgreSQL started but wrote no postmaster.pid in "
                + pgData, false));
    }

    /** Stops a server that is still starting: no checkpoint, crash recovery at the next start. */
    private void stopImmediately() {
        try {
            run(binaries.command("pg_ctl", "stop", "-D", pgData.toString(), "-m", "immediate", "-w", "-t", "60"),
                    null, Duration.ofMinutes(2), "pg_ctl stop");
        } catch (IOException e) {
            LOG.warnf("Stopping the embedded PostgreSQL in [%s] failed: %s", pgData, e.getMessage());
        }
    }

    /** Stops the server (fast shutdown: open transactions are rolled back, then a checkpoint). */
    void stop() {
        try {
            run(binaries.command("pg_ctl", "stop", "-D", pgData.toString(), "-m", "fast", "-w", "-t", "300"), null,
                    Duration.ofMinutes(6), "pg_ctl stop");
        } catch (IOException e) {
            if (readPid().flatMap(ProcessHandle::of).map(ProcessHandle::isAlive).orElse(false)) {
                LOG.warnf("Embedded PostgreSQL in [%s] did not stop cleanly: %s", pgData, e.getMessage());
            }
        }
    }

    /** The supervisor's view: the postmaster process is alive (a zombie is not). */
    @Override
    public boolean isRunning() {
        return pid > 0 && isLive(pid);
    }

    @Override
    public void restart() throws IOException {
        stopOrphan(pgData);
        start();
    }

    @Override
    public String description() {
        return "embedded PostgreSQL [pid " + pid + "] on port [" + port + "]";
    }

    long pid() {
        return pid;
    }

    private Optional<Long> readPid() {
        try {
            List<String> lines = Files.readAllLines(pgData.resolve("postmaster.pid"));
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private StartException startFailure(String pgCtlOutput, Path startLog, Map<Path, Long> logSizesBefore) {
        List<String> messages = new ArrayList<>(newMessages(startLog, 0));
        // What the server logged after its logging collector took over (crash recovery, say), from this attempt only.
        logSizes(startLog.getParent()).keySet().forEach(log -> messages.addAll(newMessages(log,
                logSizesBefore.getOrDefault(log, 0L))));
        long free = usableSpace();
        boolean diskFull = free < DISK_FULL_BYTES
                || messages.stream().anyMatch(m -> m.contains("No space left on device"))
                || pgCtlOutput.contains("No space left on device");
        String detail = messages.isEmpty() ? pgCtlOutput.strip() : String.join(" | ", messages);
        if (detail.length() > 600) {
            detail = detail.substring(0, 600) + "...";
        }
        String message = diskFull
                ? "the disk holding [" + pgData + "] is full ([" + free / (1024 * 1024) + " MB] free): " + detail
                : detail;
        return new StartException(message, diskFull);
    }

    private static Map<Path, Long> logSizes(Path logDir) {
        Map<Path, Long> sizes = new LinkedHashMap<>();
        try (var logs = Files.list(logDir)) {
            for (Path log : logs.filter(p -> p.getFileName().toString().startsWith("postgresql-")).toList()) {
                sizes.put(log, Files.size(log));
            }
        } catch (IOException e) {
            // No log to read (a full disk may not have let the server write one): the free space decides.
        }
        return sizes;
    }

    private long usableSpace() {
        try {
            return Files.getFileStore(pgData).getUsableSpace();
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }

    /** The FATAL/PANIC and out-of-space lines a log got after {@code offset}: why the server did not come up. */
    private static List<String> newMessages(Path log, long offset) {
        try (var channel = Files.newByteChannel(log)) {
            long size = channel.size();
            // A log truncated meanwhile (weekly rotation) is read from its start; at most its last 64 KB either way.
            long from = Math.max(offset <= size ? offset : 0, size - 64 * 1024);
            channel.position(from);
            ByteBuffer buffer = ByteBuffer.allocate((int) (size - from));
            while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                // reads the tail whole
            }
            return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).lines()
                    .filter(line -> line.contains("FATAL:") || line.contains("PANIC:")
                            || line.contains("No space left on device"))
                    .map(line -> line.replaceFirst("^.*?(FATAL|PANIC|ERROR|LOG|WARNING):\\s*", "$1: "))
                    .distinct()
                    .collect(Collectors.toList());
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /**
     * A process that exited but was not yet reaped by its parent (PostgreSQL started by pg_ctl is re-parented to
     * init) still has a pid; on Linux its state in {@code /proc/<pid>/stat} is Z.
     */
    static boolean isLive(long pid) {
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String afterName = stat.substring(stat.lastIndexOf(')') + 1).trim();
            return !afterName.startsWith("Z") && !afterName.startsWith("X");
        } catch (IOException | RuntimeException e) {
            return true;
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
        long orphanPid = orphan.get().pid();
        LOG.infof("Stopping orphaned embedded PostgreSQL [pid %d] that still holds [%s]", orphanPid, pgData);
        try {
            new ProcessBuilder(List.of("kill", "-INT", Long.toString(orphanPid))).inheritIO().start().waitFor();
        } catch (IOException e) {
            orphan.get().destroy(); // SIGTERM: a smart shutdown, enough once its clients are gone
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while stopping orphaned PostgreSQL", e);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (isLive(orphanPid) && Files.exists(pidFile)) {
            if (System.nanoTime() > deadline) {
                throw new IOException("Orphaned PostgreSQL [pid " + orphanPid + "] holding " + pgData
                        + " did not stop within 60 s; stop it by hand (kill -INT " + orphanPid + ")");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("Interrupted while stopping orphaned PostgreSQL", e);
            }
        }
        // A pid file left behind by a killed server is removed by postgres itself at its next start; it is never
        // deleted here, because postgres reads it to refuse a start while old backends still use the shared memory.
    }

    private static Optional<ProcessHandle> orphanServer(Path pidFile) throws IOException {
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        long orphanPid;
        try {
            orphanPid = Long.parseLong(lines.get(0).trim());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return ProcessHandle.of(orphanPid)
                .filter(handle -> isLive(orphanPid))
                .filter(handle -> handle.info().command().map(command -> command.contains("postgres")).orElse(true));
    }

    /**
     * Runs a command to its end with {@code input} on stdin and returns its output; non-zero exit is an IOException
     * carrying that output. The server's own output goes to its log file, never to this pipe, so the pipe closes when
     * the command exits.
     */
    private static String run(List<String> command, String input, Duration timeout, String name)
            throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (var stdin = process.getOutputStream()) {
            if (input != null) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException(name + " did not finish within " + timeout.toMinutes() + " min");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while waiting for " + name, e);
        }
        if (process.exitValue() != 0) {
            throw new IOException(name + " failed (exit code " + process.exitValue() + "): " + output.strip());
        }
        return output;
    }
}
