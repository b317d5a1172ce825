package dev.greenboard.ingest.github;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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
        String text = value.asText();
        Instant utc = parseUtcSeconds(text);
        if (utc != null) {
            return utc;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * {@code yyyy-MM-ddTHH:mm:ssZ}, the form of nearly every time GitHub sends, read without {@link OffsetDateTime}'s
     * general parser (a tenth of the CPU of a job delivery went there); null for any other form.
     */
    static Instant parseUtcSeconds(String text) {
        if (text.length() != 20 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(19) != 'Z') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
                || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return null; // a day the month does not have
        }
    }

    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
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
