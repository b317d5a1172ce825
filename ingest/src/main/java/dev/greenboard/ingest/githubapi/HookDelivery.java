package dev.greenboard.ingest.githubapi;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One delivery of a repository webhook, as {@code GET /repos/{o}/{r}/hooks/{id}/deliveries} lists it.
 *
 * @param id the delivery's id, used to ask for a redelivery
 * @param guid the {@code X-GitHub-Delivery} header the delivery carried (what Greenboard stores); a redelivery
 *        carries the same guid
 * @param deliveredAt when GitHub sent it
 * @param redelivery true for a redelivery
 * @param status GitHub's description of the outcome ({@code OK}, {@code Invalid HTTP Response: 503}, ...)
 * @param statusCode the receiver's HTTP status; 0 when no answer came
 * @param event the {@code X-GitHub-Event} value
 * @param action the payload's {@code action}, or null
 * @param json the whole listed object
 */
public record HookDelivery(long id, String guid, Instant deliveredAt, boolean redelivery, String status,
        int statusCode, String event, String action, JsonNode json) {

    public static HookDelivery of(JsonNode json) {
        return new HookDelivery(json.path("id").asLong(), json.path("guid").asText(null),
                instant(json.path("delivered_at").asText(null)), json.path("redelivery").asBoolean(false),
                json.path("status").asText(null), json.path("status_code").asInt(0), json.path("event").asText(null),
                json.path("action").isTextual() ? json.path("action").asText() : null, json);
    }

    /** The receiver did not accept it (no answer, or an answer other than 2xx). */
    public boolean failed() {
        return statusCode < 200 || statusCode >= 300;
    }

    static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
