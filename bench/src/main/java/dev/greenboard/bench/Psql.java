package dev.greenboard.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code psql} against the app's embedded PostgreSQL (user postgres, database greenboard). */
final class Psql {

    private final int port;
    private final String password;

    Psql(int port, String password) {
        this.port = port;
        this.password = password;
    }

    static Path binary() {
        for (String candidate : List.of("/usr/bin/psql", "/usr/local/bin/psql")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        return null;
    }

    static boolean available() {
        return binary() != null;
    }

    /** Runs one command ({@code -c}), fails on any error, and returns how long the psql process took in seconds. */
    double timed(String command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(binary().toString(), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h",
                "localhost", "-p", Integer.toString(port), "-U", "postgres", "-d", "greenboard", "-c", command)
                .redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", password);
        Process process = builder.start();
        long started = System.nanoTime();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(2, TimeUnit.HOURS) || process.exitValue() != 0) {
            throw new IllegalStateException("psql -c " + command + " failed: " + output);
        }
        return (System.nanoTime() - started) / 1e9;
    }

    /** Runs one query and returns its rows unaligned, without headers ({@code -A -t}), columns separated by "|". */
    String query(String sql) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(binary().toString(), "-X", "-q", "-A", "-t", "-v",
                "ON_ERROR_STOP=1", "-h", "localhost", "-p", Integer.toString(port), "-U", "postgres", "-d",
                "greenboard", "-c", sql);
        builder.environment().put("PGPASSWORD", password);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(1, TimeUnit.HOURS) || process.exitValue() != 0) {
            throw new IllegalStateException("psql -c " + sql + " failed: " + errors + output);
        }
        return output.strip();
    }
}
