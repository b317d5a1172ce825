package dev.greenboard.api.namedquery;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.data.Interval;
import io.vertx.sqlclient.data.Numeric;

/**
 * A named query's values as text, the one form that JSON, CSV and GraphQL ({@code [[String]]}) can all carry for a
 * column of any type. SQL NULL stays null. Times are ISO-8601 ({@code timestamptz} in UTC with a {@code Z}), numbers
 * are plain decimals (never exponents for everyday magnitudes), JSON is JSON, arrays are JSON arrays, intervals are
 * ISO-8601 durations and bytea is PostgreSQL's {@code \x} hex.
 */
final class CellText {

    private CellText() {
    }

    static String of(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof String text) {
            return text;
        }
        if (value instanceof OffsetDateTime time) {
            return time.toInstant().toString();
        }
        if (value instanceof LocalDateTime time) {
            return time.format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
        }
        if (value instanceof LocalDate date) {
            return date.toString();
        }
        if (value instanceof LocalTime time) {
            return time.format(DateTimeFormatter.ISO_LOCAL_TIME);
        }
        if (value instanceof OffsetTime time) {
            return time.format(DateTimeFormatter.ISO_OFFSET_TIME);
        }
        if (value instanceof Numeric numeric) {
            return numeric.isNaN() ? "NaN" : numeric.bigDecimalValue().toPlainString();
        }
        if (value instanceof Double || value instanceof Float) {
            return floating(((Number) value).doubleValue());
        }
        if (value instanceof Interval interval) {
            return interval(interval);
        }
        if (value instanceof JsonObject json) {
            return json.encode();
        }
        if (value instanceof JsonArray json) {
            return json.encode();
        }
        if (value instanceof Buffer bytes) {
            return "\\x" + HexFormat.of().formatHex(bytes.getBytes());
        }
        if (value instanceof Object[] array) {
            List<Object> elements = new ArrayList<>(array.length);
            for (Object element : array) {
                elements.add(arrayElement(element));
            }
            return new JsonArray(elements).encode();
        }
        return value.toString();
    }

    /** Numbers and booleans stay JSON numbers and booleans inside an array; everything else is its text. */
    private static Object arrayElement(Object element) {
        if (element == null || element instanceof Boolean) {
            return element;
        }
        if (element instanceof Numeric numeric) {
            return numeric.isNaN() ? "NaN" : numeric.bigDecimalValue();
        }
        if (element instanceof Number number && Double.isFinite(number.doubleValue())) {
            return number;
        }
        return of(element);
    }

    private static String floating(double number) {
        if (!Double.isFinite(number)) {
            return Double.isNaN(number) ? "NaN" : number > 0 ? "Infinity" : "-Infinity";
        }
        double magnitude = Math.abs(number);
        if (magnitude != 0 && (magnitude >= 1e15 || magnitude < 1e-6)) {
            return Double.toString(number);
        }
        String plain = BigDecimal.valueOf(number).toPlainString();
        return plain.endsWith(".0") ? plain.substring(0, plain.length() - 2) : plain;
    }

    private static String interval(Interval interval) {
        StringBuilder text = new StringBuilder("P");
        part(text, interval.getYears(), 'Y');
        part(text, interval.getMonths(), 'M');
        part(text, interval.getDays(), 'D');
        long micros = interval.getSeconds() * 1_000_000L + interval.getMicroseconds();
        if (interval.getHours() != 0 || interval.getMinutes() != 0 || micros != 0) {
            text.append('T');
            part(text, interval.getHours(), 'H');
            part(text, interval.getMinutes(), 'M');
            if (micros != 0) {
                text.append(BigDecimal.valueOf(micros, 6).stripTrailingZeros().toPlainString()).append('S');
            }
        }
        return text.length() == 1 ? "PT0S" : text.toString();
    }

    private static void part(StringBuilder text, int amount, char unit) {
        if (amount != 0) {
            text.append(amount).append(unit);
        }
    }
}
