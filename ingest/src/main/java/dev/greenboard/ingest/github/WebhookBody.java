package dev.greenboard.ingest.github;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A delivery's body: the bytes GitHub signed, and the payload read from them with every string made storable.
 *
 * @param exact whether the bytes, as UTF-8 text, are the payload exactly (no byte order mark, nothing made storable),
 *        so that the text itself can be kept as the raw delivery
 */
record WebhookBody(byte[] bytes, JsonNode payload, boolean exact) {
}
