package dev.greenboard.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged Greenboard ({@code quarkus-run.jar}) as a user starts it, on its own data dir (embedded PostgreSQL),
 * with known ingest token and webhook secret. The scheduler is off so that no scheduled rollup runs in the middle of
 * a measurement; the rollup measurement runs the jobs by hand.
 */
final class GreenboardApp implements AutoCloseable {

    static final String TOKEN = "bench-token";
    static final String SECRET = "bench-webhook-secret";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    private final Process process;
    private final Path dataDir;
    private final Path log;
    private final int port;
    /** False for a handle on an instance someone else started: closing it leaves the instance running. */
    private final boolean owned;

    private GreenboardApp(Process process, Path dataDir, Path log, int port, boolean owned) {
        this.process = process;
        this.dataDir = dataDir;
        this.log = log;
        this.port = port;
        this.owned = owned;
    }

    /** A handle on this running instance whose {@link #close} does not stop it. */
    GreenboardApp borrowed() {
        return new GreenboardApp(process, dataDir, log, port, false);
    }

    boolean alive() {
        return process.isAlive();
    }

    /** The jar: {@code -Dgreenboard.app.jar}, else graphql-api's build output next to this module. */
    static Path jar() {
        String configured = System.getProperty("greenboard.app.jar");
        Path jar = configured != null
                ? Path.of(configured)
                : Path.of("graphql-api/target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            jar = Path.of("../graphql-api/target/quarkus-app/quarkus-run.jar");
        }
        return jar.toAbsolutePath().normalize();
    }

    /** Starts the app on {@code dataDir} (created if missing) and waits for its ready line. */
    static GreenboardApp start(Path dataDir, List<String> jvmOptions) throws IOException, InterruptedException {
        Path jar = jar();
        if (!Files.exists(jar)) {
            throw new IllegalStateException("Packaged app not found at " + jar
                    + "; build it first: ./mvnw -B -q package -DskipTests");
        }
        Files.createDirectories(dataDir);
        int port = freePort();
        Path log = dataDir.resolveSibling(dataDir.getFileName() + ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().remove("GREENBOARD_DB_URL");
        builder.environment().remove("GREENBOARD_DEMO");
        builder.environment().put("GREENBOARD_DATA_DIR", dataDir.toAbsolutePath().toString());
        builder.environment().put("GREENBOARD_INGEST_TOKENS", TOKEN);
        builder.environment().put("GREENBOARD_GITHUB_WEBHOOK_SECRET", SECRET);
        builder.environment().put("GREENBOARD_METRICS_SCHEDULER_ENABLED", "false");
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        builder.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
        long logStart = Files.exists(log) ? Files.size(log) : 0;
        GreenboardApp app = new GreenboardApp(builder.start(), dataDir, log, port, true);
        app.awaitReady(logStart);
        return app;
    }

    private void awaitReady(long logStart) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            String output = output();
            if (output.length() > logStart && output.substring((int) logStart).contains("Greenboard ready at")) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("Greenboard exited with " + process.exitValue()
                        + " before it was ready; see " + log);
            }
            Thread.sleep(200);
        }
        close();
        throw new IllegalStateException("Greenboard not ready within " + START_TIMEOUT + "; see " + log);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    long pid() {
        return process.pid();
    }

    Path dataDir() {
        return dataDir;
    }

    String output() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    /** The embedded PostgreSQL's port: line 4 of its {@code postmaster.pid}. */
    int postgresPort() throws IOException {
        return Integer.parseInt(Files.readAllLines(dataDir.resolve("pgdata/postmaster.pid")).get(3).trim());
    }

    long postgresPid() throws IOException {
        return Long.parseLong(Files.readAllLines(dataDir.resolve("pgdata/postmaster.pid")).get(0).trim());
    }

    String jdbcUrl() throws IOException {
        return "jdbc:postgresql://localhost:" + postgresPort() + "/greenboard?user=postgres&password="
                + java.net.URLEncoder.encode(superuserPassword(), StandardCharsets.UTF_8);
    }

    /** The embedded server's superuser password, generated by the app into its data dir. */
    String superuserPassword() throws IOException {
        return Files.readString(dataDir.resolve("postgres-credentials/postgres.password"), StandardCharsets.UTF_8)
                .strip();
    }

    /** Peak resident memory of the app's JVM since start or the last {@link #resetPeakMemory}, in MB. */
    long peakRssMb() throws IOException {
        return statusKb(pid(), "VmHWM:") / 1024;
    }

    long rssMb() throws IOException {
        return statusKb(pid(), "VmRSS:") / 1024;
    }

    /** Resets VmHWM ({@code echo 5 > /proc/PID/clear_refs}) so that the next peak belongs to the next step. */
    void resetPeakMemory() {
        try {
            Files.writeString(Path.of("/proc/" + pid() + "/clear_refs"), "5");
        } catch (IOException e) {
            System.out.println("  (cannot reset the peak RSS: " + e.getMessage() + ")");
        }
    }

    /** Proportional set size of the embedded PostgreSQL (postmaster and its backends), in MB. */
    long postgresPssMb() {
        try {
            long total = 0;
            ProcessHandle postmaster = ProcessHandle.of(postgresPid()).orElse(null);
            if (postmaster == null) {
                return -1;
            }
            List<ProcessHandle> all = new ArrayList<>(postmaster.children().toList());
            all.add(postmaster);
            for (ProcessHandle handle : all) {
                Path rollup = Path.of("/proc/" + handle.pid() + "/smaps_rollup");
                try {
                    for (String line : Files.readAllLines(rollup)) {
                        if (line.startsWith("Pss:")) {
                            total += Long.parseLong(line.replaceAll("\\D", ""));
                        }
                    }
                } catch (IOException e) {
                    // the backend exited meanwhile
                }
            }
            return total / 1024;
        } catch (IOException e) {
            return -1;
        }
    }

    private static long statusKb(long pid, String key) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(key)) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    /** Stops an instance this handle owns; a borrowed handle leaves it running. */
    @Override
    public void close() throws InterruptedException {
        if (owned) {
            stop();
        }
    }

    /** SIGTERM and wait: Quarkus stops, then the embedded PostgreSQL. */
    void stop() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
