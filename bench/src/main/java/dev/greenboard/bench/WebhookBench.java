package dev.greenboard.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Measurement 2: signed webhook deliveries per second with {@code concurrency} senders. The job history is sent in
 * rounds (each a repeat) into the state Greenboard, which already holds the test workload, as a live instance would.
 * When the state already has the job history, the rounds go to a fresh scratch instance instead, so that a repeat
 * never measures the duplicate path. Before the rounds, deliveries of another repository warm the app up, untimed.
 */
final class WebhookBench {

    static final double TARGET = 3_000;

    private WebhookBench() {
    }

    static List<Double> run(BenchContext context) throws Exception {
        ResultLog log = context.log();
        log.section("2. Webhook throughput (" + context.concurrency() + " concurrent senders)");
        boolean intoState = !context.stateHas(BenchContext.LOADED_JOBS);
        if (intoState) {
            Loader.ensureTests(context);
        }
        Path dataDir = intoState ? context.state() : context.work().resolve("webhooks-scratch");
        if (!intoState) {
            Workload.deleteRecursively(dataDir);
            log.line("(the state already holds the job history: measuring on a fresh, empty instance)");
        }
        List<Double> rates = new ArrayList<>();
        try (GreenboardApp app = context.app(dataDir)) {
            Client client = new Client(app.baseUrl());
            // A freshly started JVM runs the delivery path interpreted at first: measured without a warm-up, the
            // first round was 2-4x slower than the third. A long-running instance has compiled it long ago.
            List<Workload.Delivery> warmUp = Workload.warmUp(context.scale().name().equals("small") ? 20 : 250);
            Loader.Outcome warm = Loader.sendWebhooks(client, warmUp, context.concurrency(), "warm-up");
            log.line(String.format("- warm-up, untimed: %,d deliveries of another repository in %.1f s", warm.results(),
                    warm.elapsed().toMillis() / 1000.0));
            for (int round = 0; round < Scale.JOB_ROUNDS; round++) {
                List<Workload.Delivery> deliveries = context.workload().jobRound(round);
                String load = Machine.load();
                Loader.Outcome outcome = Loader.sendWebhooks(client, deliveries, context.concurrency(), "webhooks");
                double rate = outcome.perSecond(outcome.results());
                rates.add(rate);
                log.line(String.format("- round %d: %,d deliveries (push, workflow_run, workflow_job) in %.1f s ="
                        + " **%,.0f deliveries/s**; load %s → %s", round + 1, outcome.results(),
                        outcome.elapsed().toMillis() / 1000.0, rate, load, Machine.load()));
            }
            if (intoState) {
                context.markState(BenchContext.LOADED_JOBS);
                Loader.ensureJobsAndDocuments(context, app);
            }
        } finally {
            if (!intoState) {
                Workload.deleteRecursively(dataDir);
            }
        }
        Stats.Spread spread = Stats.spread(rates);
        log.line("");
        log.line("| measurement | min / median / max | target | met |");
        log.line("|---|---|---|---|");
        log.line("| webhook deliveries/s | " + spread.format("%,.0f") + " | ≥ 3,000 | "
                + IngestBench.met(spread.median() >= TARGET) + " |");
        return rates;
    }
}
