package dev.greenboard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Everything a measurement needs: the scale, the workload files, where Greenboard's data lives and the options.
 * {@code <work>/state} is the data dir of the Greenboard that the read measurements use: the test workload (kept from
 * the last ingest repeat) plus the job history and documents; marker files in it say what it holds.
 */
public record BenchContext(Scale scale, Path work, Workload workload, int uploaders, int concurrency,
        List<String> appJvmOptions, ResultLog log, AppKeeper apps) {

    static final String LOADED_TESTS = "bench-loaded-tests";
    static final String LOADED_JOBS = "bench-loaded-jobs";
    static final String LOADED_DOCUMENTS = "bench-loaded-documents";

    public static BenchContext parse(String scaleName, String[] options) throws IOException {
        Scale scale = Scale.named(scaleName);
        Path work = Path.of("bench/target/bench-" + scaleName);
        int uploaders = 4;
        int concurrency = 16;
        // The README's start command; --app-jvm-opts replaces it.
        List<String> jvm = new ArrayList<>(List.of("-Xmx512m"));
        boolean jvmGiven = false;
        for (int i = 0; i < options.length; i += 2) {
            if (i + 1 >= options.length) {
                throw new IllegalArgumentException("option " + options[i] + " needs a value");
            }
            String value = options[i + 1];
            switch (options[i]) {
                case "--commits" -> scale = scale.withCommits(Integer.parseInt(value));
                case "--tests-per-file" -> scale = scale.withTestsPerFile(Integer.parseInt(value));
                case "--job-days" -> scale = scale.withJobDays(Integer.parseInt(value));
                case "--repeats" -> scale = scale.withRepeats(Integer.parseInt(value));
                case "--uploaders" -> uploaders = Integer.parseInt(value);
                case "--concurrency" -> concurrency = Integer.parseInt(value);
                case "--work" -> work = Path.of(value);
                case "--app-jvm-opts" -> {
                    if (!jvmGiven) {
                        jvm.clear();
                        jvmGiven = true;
                    }
                    jvm.addAll(Arrays.asList(value.trim().split("\\s+")));
                }
                default -> throw new IllegalArgumentException("unknown option " + options[i]);
            }
        }
        return of(scale, work, uploaders, concurrency, jvm);
    }

    public static BenchContext of(Scale scale, Path work, int uploaders, int concurrency, List<String> jvm)
            throws IOException {
        Path absolute = work.toAbsolutePath().normalize();
        Files.createDirectories(absolute);
        return new BenchContext(scale, absolute, new Workload(absolute.resolve("workload")), uploaders, concurrency,
                List.copyOf(jvm), new ResultLog(absolute.resolve("results")), new AppKeeper());
    }

    Path state() {
        return work.resolve("state");
    }

    boolean stateHas(String marker) {
        return Files.exists(state().resolve(marker));
    }

    void markState(String marker) throws IOException {
        Files.writeString(state().resolve(marker), java.time.Instant.now().toString());
    }

    GreenboardApp startState() throws IOException, InterruptedException {
        return app(state());
    }

    /**
     * A Greenboard on {@code dataDir}: a new process that the caller closes; or, once {@link AppKeeper#keep} is on,
     * one instance per data dir that every step shares and {@link AppKeeper#close} stops (the smoke test saves its
     * start-ups this way).
     */
    GreenboardApp app(Path dataDir) throws IOException, InterruptedException {
        return apps.open(dataDir, appJvmOptions);
    }

    /** Keeps started instances running between steps when asked to. */
    public static final class AppKeeper implements AutoCloseable {

        private boolean keep;
        private GreenboardApp kept;

        public void keep() {
            keep = true;
        }

        GreenboardApp open(Path dataDir, List<String> jvmOptions) throws IOException, InterruptedException {
            if (kept != null && kept.alive() && kept.dataDir().equals(dataDir)) {
                return kept.borrowed();
            }
            GreenboardApp started = GreenboardApp.start(dataDir, jvmOptions);
            if (!keep) {
                return started;
            }
            close();
            kept = started;
            return started.borrowed();
        }

        @Override
        public void close() throws InterruptedException {
            if (kept != null) {
                kept.stop();
                kept = null;
            }
        }
    }
}
