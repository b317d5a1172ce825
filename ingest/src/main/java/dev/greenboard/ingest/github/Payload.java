package dev.greenboard.ingest.github;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import dev.greenboard.ingest.input.StorableText;

/**
 * Null-tolerant reads of GitHub payload fields: a missing or JSON-null field is Java null, and so is a value of the
 * wrong JSON type or out of range (an object where text belongs, a number beyond a long, a time outside the years 1 to
 * 9999). Required fields and identifiers that go into indexes are checked here, so that a payload GitHub would never
 * send is kept raw with a sentence saying which field is wrong instead of failing deep in the database.
 */
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

    /**
     * Identifiers that go into B-tree indexes (branch, ref, job and workflow names, runner labels, statuses) are kept
     * up to this many UTF-8 bytes: GitHub's own are far shorter (a branch name at most 255 bytes), and an index entry
     * holds at most about 2.7 KB.
     */
    static final int MAX_NAME_BYTES = 1024;

    /** A commit sha as git writes it: SHA-1 (40) or SHA-256 (64) hex digits, or an abbreviation of at least 7. */
    private static final Pattern SHA = Pattern.compile("[0-9a-fA-F]{7,64}");

    /** Longest excerpt of a wrong value quoted in a message. */
    private static final int QUOTED_CHARS = 64;

    /** A scalar's text; null when missing, JSON null, an object or an array. */
    static String text(JsonNode node, String... path) {
        JsonNode value = at(node, path);
        return value == null || value.isContainerNode() ? null : value.asText();
    }

    /**
     * An identifier that goes into an index: like {@link #text}, and over {@link #MAX_NAME_BYTES} the payload is
     * malformed.
     */
    static String name(JsonNode node, String... path) {
        return checkedName(text(node, path), String.join(".", path));
    }

    /** {@code value} of {@code field} when it is at most {@link #MAX_NAME_BYTES} long; else a malformed payload. */
    static String checkedName(String value, String field) {
        if (value != null && StorableText.utf8Length(value) > MAX_NAME_BYTES) {
            throw new MalformedPayloadException("field " + field + " is " + StorableText.utf8Length(value)
                    + " bytes long; names are kept up to " + MAX_NAME_BYTES + " bytes");
        }
        return value;
    }

    static String requireName(JsonNode node, String... path) {
        String value = name(node, path);
        if (value == null) {
            throw new MalformedPayloadException("field " + String.join(".", path) + " is missing");
        }
        return value;
    }

    /** A commit sha, lower case; null when missing, and a malformed payload when it is not a sha. */
    static String sha(JsonNode node, String... path) {
        String value = text(node, path);
        if (value == null) {
            return null;
        }
        if (!SHA.matcher(value).matches()) {
            throw new MalformedPayloadException("field " + String.join(".", path)
                    + " is not a commit sha (7 to 64 hex digits), got '"
                    + StorableText.excerpt(value, QUOTED_CHARS) + "'");
        }
        return value.toLowerCase(Locale.ROOT);
    }

    static String requireSha(JsonNode node, String... path) {
        String value = sha(node, path);
        if (value == null) {
            throw new MalformedPayloadException("field " + String.join(".", path) + " is missing");
        }
        return value;
    }

    static Long number(JsonNode node, String... path) {
        JsonNode value = at(node, path);
        return value == null || !value.isIntegralNumber() || !value.canConvertToLong() ? null : value.asLong();
    }

    /** An integer in Java's (and PostgreSQL's) {@code integer} range, else null. */
    static Integer integer(JsonNode node, String... path) {
        Long value = number(node, path);
        return value == null || value < Integer.MIN_VALUE || value > Integer.MAX_VALUE ? null : value.intValue();
    }

    static int requireInteger(JsonNode node, String... path) {
        Integer value = integer(node, path);
        if (value == null) {
            throw new MalformedPayloadException("field " + String.join(".", path)
                    + " is missing or not an integer of at most 10 digits");
        }
        return value;
    }

    static boolean flag(JsonNode node, String... path) {
        JsonNode value = at(node, path);
        return value != null && value.asBoolean(false);
    }

    /**
     * ISO-8601 text, or epoch seconds (push payloads give the repository's times as numbers). Null for anything else,
     * and for a time outside the years 1 to 9999, which no GitHub event has and not every reader can handle.
     */
    static Instant instant(JsonNode node, String... path) {
        JsonNode value = at(node, path);
        if (value == null || value.isContainerNode()) {
            return null;
        }
        if (value.isNumber()) {
            if (!value.isIntegralNumber() || !value.canConvertToLong()) {
                return null;
            }
            long seconds = value.asLong();
            return seconds < EARLIEST.getEpochSecond() || seconds > LATEST.getEpochSecond()
                    ? null
                    : Instant.ofEpochSecond(seconds);
        }
        String text = value.asText();
        Instant utc = parseUtcSeconds(text);
        if (utc != null) {
            return utc;
        }
        try {
            Instant parsed = OffsetDateTime.parse(text).toInstant();
            return parsed.isBefore(EARLIEST) || parsed.isAfter(LATEST) ? null : parsed;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

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
        if (year < 1 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
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

        /** The same problem, said to be in the payload of {@code event}. */
        MalformedPayloadException in(String event) {
            return new MalformedPayloadException("in the " + event + " payload, " + getMessage());
        }
    }
}
