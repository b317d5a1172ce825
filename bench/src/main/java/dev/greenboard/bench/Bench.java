package dev.greenboard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The benchmark harness: {@code Bench <command> <scale> [options]}. Commands: {@code generate}, {@code ingest},
 * {@code webhooks}, {@code freshness}, {@code rollups}, {@code queries}, {@code compare}, {@code stats},
 * {@code all}. See
 * {@code bench/README.md}.
 */
public final class Bench {

    private static final List<String> COMMANDS = List.of("generate", "ingest", "webhooks", "freshness", "rollups",
            "queries", "compare", "stats", "all");

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || !COMMANDS.contains(args[0])) {
            System.err.println("usage: Bench <" + String.join("|", COMMANDS) + "> <small|hour|day> [--commits N]"
                    + " [--tests-per-file N] [--job-days N] [--repeats N] [--uploaders N] [--concurrency N]"
                    + " [--work DIR] [--app-jvm-opts '...']");
            System.exit(2);
        }
        BenchContext context = BenchContext.parse(args[1], Arrays.copyOfRange(args, 2, args.length));
        run(args[0], context);
    }

    /** Runs one command (or all of them in order) and writes the results log. */
    public static void run(String command, BenchContext context) throws Exception {
        context.log().header(command, context);
        List<String> steps = command.equals("all")
                ? COMMANDS.subList(1, COMMANDS.size() - 1)
                : List.of(command);
        prepareWorkload(context);
        List<String> failures = new ArrayList<>();
        for (String step : steps) {
            try {
                switch (step) {
                    case "generate" -> {
                        // done above
                    }
                    case "ingest" -> IngestBench.run(context);
                    case "webhooks" -> WebhookBench.run(context);
                    case "freshness" -> FreshnessBench.run(context);
                    case "rollups" -> RollupBench.run(context);
                    case "queries" -> QueryBench.run(context);
                    case "compare" -> CompareBench.run(context);
                    case "stats" -> StatsBench.run(context);
                    default -> throw new IllegalArgumentException(step);
                }
            } catch (Exception e) {
                if (!command.equals("all")) {
                    throw e;
                }
                // In "all", one failed measurement must not hide the others: note it and go on.
                e.printStackTrace();
                context.log().line("**" + step + " failed**: " + e);
                failures.add(step);
            }
        }
        Path written = context.log().write();
        System.out.println("Results: " + written);
        if (!failures.isEmpty()) {
            throw new IllegalStateException("failed: " + failures);
        }
    }

    private static void prepareWorkload(BenchContext context) throws IOException {
        Workload.Counts counts = context.workload().generate(context.scale());
        context.log().line(String.format("Workload `%s`: %,d test results in %,d reports over %d commits"
                + " (%,d tests per file), %,d webhook deliveries with them; job history %d days in %d rounds of"
                + " %s deliveries. Files: `%s` (%,d MB).", counts.scale(), counts.testResults(), counts.reports(),
                counts.commits(), counts.testsPerFile(), counts.testWebhooks(), counts.jobDays(), Scale.JOB_ROUNDS,
                counts.jobRoundDeliveries(), context.workload().dir(), sizeMb(context.workload().dir())));
    }

    static long sizeMb(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum() / (1024 * 1024);
        }
    }
}
