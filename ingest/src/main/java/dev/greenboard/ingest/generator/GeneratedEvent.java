package dev.greenboard.ingest.generator;

import dev.greenboard.ingest.report.ReportSource;

/** What the generator emits, in the order CI would send it. */
public sealed interface GeneratedEvent {

    /** A webhook delivery: the body is the exact JSON GitHub would send (the sender signs it). */
    record Webhook(String event, String deliveryId, byte[] body) implements GeneratedEvent {
    }

    /** A test-report upload as JSON lines, with where it comes from. */
    record Report(ReportSource source, byte[] jsonLines, int testCases) implements GeneratedEvent {
    }
}
