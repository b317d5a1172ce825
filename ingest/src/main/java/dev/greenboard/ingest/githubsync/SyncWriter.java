package dev.greenboard.ingest.githubsync;

import java.sql.SQLException;

import dev.greenboard.ingest.github.WebhookIngestService;

/**
 * Stores the sync's webhook-shaped payloads through the webhook receiver's service: the same claim, raw body,
 * normalizer and retries as a delivery over HTTP.
 */
final class SyncWriter {

    private final WebhookIngestService webhooks;

    SyncWriter(WebhookIngestService webhooks) {
        this.webhooks = webhooks;
    }

    /** @return true when it was new (false: the same object was stored before, and nothing changed) */
    boolean store(SyncPayloads.Delivery delivery) throws SQLException {
        String body = delivery.payload().toString();
        WebhookIngestService.Result result = webhooks.ingest(delivery.id(), delivery.event(), delivery.payload(),
                body);
        return !result.duplicate();
    }
}
