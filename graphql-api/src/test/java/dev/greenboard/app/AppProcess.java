package dev.greenboard.app;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The packaged application ({@code quarkus-run.jar}) run as a real process, the way a user starts it. */
final class AppProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Process process;
    private final Path log;
    private final int port;

    private AppProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    static AppProcess start(Map<String, String> env) throws IOException {
        return start(env, freePort());
    }

    /** On a given port: an instance restarted behind a load balancer comes back where it was. */
    static AppProcess start(Map<String, String> env, int port) throws IOException {
        String jar = System.getProperty("greenboard.app.jar");
        if (jar == null || !Files.exists(Path.of(jar))) {
            throw new IllegalStateException("Packaged app not found at " + jar + "; run through 'mvnw verify'");
        }
        Path log = Files.createTempFile("greenboard-app", ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx512m", "-jar", jar));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().remove("GREENBOARD_DB_URL");
        builder.environment().remove("GREENBOARD_INGEST_TOKENS");
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        builder.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
        builder.environment().putAll(env);
        return new AppProcess(builder.start(), log, port);
    }

    /** Waits for the ready line; fails with the output when the process exits or takes too long. */
    AppProcess awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (output().contains("Greenboard ready at")) {
                return this;
            }
            if (!process.isAlive()) {
                throw new AssertionError("App exited with " + process.exitValue() + " before it was ready:\n"
                        + output());
            }
            Thread.sleep(200);
        }
        throw new AssertionError("App not ready within " + START_TIMEOUT + ":\n" + output());
    }

    int awaitExit() throws InterruptedException, IOException {
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            throw new AssertionError("App did not exit:\n" + output());
        }
        return process.exitValue();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    String output() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    /** SIGTERM: the orderly stop a user gets with Ctrl+C or a service manager. */
    void stop() throws InterruptedException, IOException {
        process.destroy();
        awaitExit();
    }

    /** SIGKILL: nothing runs on the way out; the embedded server is left orphaned. */
    void kill() throws InterruptedException, IOException {
        process.destroyForcibly();
        awaitExit();
    }

    @Override
    public void close() throws InterruptedException, IOException {
        if (process.isAlive()) {
            stop();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
