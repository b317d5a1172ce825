package dev.greenboard.api.namedquery;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.configuration.DurationConverter;
import io.vertx.pgclient.data.Interval;

/**
 * The types a named-query parameter can have. Each one turns what a caller sent (a JSON value from GraphQL, or the
 * text of a URL parameter) into the Java value the PostgreSQL client binds, and names the SQL type the placeholder is
 * cast to, so that PostgreSQL never has to guess a parameter's type from its context.
 */
public enum ParameterType {

    STRING("string", "text"),
    INT("int", "bigint"),
    FLOAT("float", "double precision"),
    BOOL("bool", "boolean"),
    TIMESTAMP("timestamp", "timestamptz"),
    INTERVAL("interval", "interval");

    private final String spelling;
    private final String sqlType;

    ParameterType(String spelling, String sqlType) {
        this.spelling = spelling;
        this.sqlType = sqlType;
    }

    /** The name used in params.json and shown to callers. */
    public String spelling() {
        return spelling;
    }

    public String sqlType() {
        return sqlType;
    }

    public static ParameterType of(String spelling) {
        return Arrays.stream(values()).filter(t -> t.spelling.equals(spelling)).findFirst()
                .orElseThrow(
                        () -> new IllegalArgumentException("type '" + spelling + "' is not one of " + spellings()));
    }

    public static String spellings() {
        return Arrays.stream(values()).map(ParameterType::spelling).collect(Collectors.joining(", "));
    }

    /**
     * The value to bind for {@code value}, never null (absent and null values take the parameter's default before
     * this is called).
     *
     * @throws IllegalArgumentException with a sentence that says what was expected
     */
    public Object parse(JsonNode value) {
        if (value.isContainerNode()) {
            throw expected(value);
        }
        String text = value.asText().trim();
        return switch (this) {
            case STRING -> value.asText();
            case INT -> {
                if (value.isIntegralNumber() && value.canConvertToLong()) {
                    yield value.longValue();
                }
                try {
                    yield Long.parseLong(text);
                } catch (NumberFormatException e) {
                    throw expected(value);
                }
            }
            case FLOAT -> {
                try {
                    double number = value.isNumber() ? value.doubleValue() : Double.parseDouble(text);
                    if (!Double.isFinite(number)) {
                        throw expected(value);
                    }
                    yield number;
                } catch (NumberFormatException e) {
                    throw expected(value);
                }
            }
            case BOOL -> {
                if (value.isBoolean()) {
                    yield value.booleanValue();
                }
                yield switch (text.toLowerCase(Locale.ROOT)) {
                    case "true" -> true;
                    case "false" -> false;
                    default -> throw expected(value);
                };
            }
            case TIMESTAMP -> timestamp(value, text);
            case INTERVAL -> interval(value, text);
        };
    }

    /** An ISO-8601 date-time with an offset; without one, or a bare date, it is taken as UTC. */
    private OffsetDateTime timestamp(JsonNode value, String text) {
        if (value.isTextual()) {
            try {
                return OffsetDateTime.parse(text).withOffsetSameInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                // try the forms without an offset
            }
            try {
                return LocalDateTime.parse(text).atOffset(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                // try a bare date
            }
            try {
                return LocalDate.parse(text).atStartOfDay().atOffset(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                // not a timestamp in any accepted form
            }
        }
        throw expected(value);
    }

    private Interval interval(JsonNode value, String text) {
        try {
            Duration duration = DurationConverter.parseDuration(text);
            if (duration == null) {
                throw expected(value);
            }
            return Interval.of(duration);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw expected(value);
        }
    }

    private IllegalArgumentException expected(JsonNode value) {
        String what = switch (this) {
            case STRING -> "a string";
            case INT -> "an int (a whole number)";
            case FLOAT -> "a float (a finite number)";
            case BOOL -> "a bool (true or false)";
            case TIMESTAMP -> "a timestamp (ISO-8601 such as 2026-01-31T12:00:00Z; without an offset, or a bare date"
                    + " such as 2026-01-31, it is UTC)";
            case INTERVAL -> "an interval (e.g. 90s, 15m, 12h, 7d, 100ms or ISO-8601 PT1H30M)";
        };
        return new IllegalArgumentException("must be " + what + ", got " + value);
    }
}
