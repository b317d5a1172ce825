package dev.greenboard.ingest.github;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.databind.JsonNode;

/** Null-tolerant reads of GitHub payload fields: a missing or JSON-null field is Java null. */
final class Payload {

    private Payload() {
    }

    static JsonNode at(JsonNode node, String... path) {
        JsonNode current = node;
        for (String field : path) {
            if (current == null || current.isNull() || current.isMissingNode()) {
                return null;
            }
            current = current.get(field);
        }
        return current == null || current.isNull() || current.isMissingNode() ? null : current;
    }

    static String text(JsonNode node, String... path) {
        JsonNode value = at(node, path);
        return value == null ? null : value.asText();
    }

    static Long number(JsonNode node, String... path) {
        JsonNode value = at(node, path);
        return value == null || !value.canConvertToLong() ? null : value.asLong();
    }

    static Integer integer(JsonNode node, String... path) {
        Long value = number(node, path);
        return value == null ? null : value.intValue();
    }

    static boolean flag(JsonNode node, String... path) {
        JsonNode value = at(node, path);
        return value != null && value.asBoolean(false);
    }

    /** ISO-8601 text, or epoch seconds (push payloads give the repository's times as numbers). */
    static Instant instant(JsonNode node, String... path) {
        JsonNode value = at(node, path);
        if (value == null) {
            return null;
        }
        if (value.isNumber()) {
            return Instant.ofEpochSecond(value.asLong());
        }
        try {
            return OffsetDateTime.parse(value.asText()).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Required fields: a payload without them cannot be normalized. */
    static String requireText(JsonNode node, String... path) {
        String value = text(node, path);
        if (value == null) {
            throw new MalformedPayloadException("field " + String.join(".", path) + " is missing");
        }
        return value;
    }

    static long requireNumber(JsonNode node, String... path) {
        Long value = number(node, path);
        if (value == null) {
            throw new MalformedPayloadException("field " + String.join(".", path) + " is missing or not a number");
        }
        return value;
    }

    /** A delivery that is valid JSON but lacks what its event needs; it is kept raw with this message. */
    static final class MalformedPayloadException extends RuntimeException {

        MalformedPayloadException(String message) {
            super(message);
        }
    }
}
