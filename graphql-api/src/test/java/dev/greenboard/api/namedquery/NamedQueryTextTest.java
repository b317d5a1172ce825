package dev.greenboard.api.namedquery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.data.Interval;
import io.vertx.sqlclient.data.Numeric;

/** How values read from PostgreSQL become text, and how a result becomes RFC 4180 CSV. */
class NamedQueryTextTest {

    @Test
    void valuesAsText() {
        assertNull(CellText.of(null));
        assertEquals("2026-01-31T10:00:00Z",
                CellText.of(OffsetDateTime.of(2026, 1, 31, 12, 0, 0, 0, ZoneOffset.ofHours(2))));
        assertEquals("2026-01-31T10:00:00", CellText.of(LocalDateTime.of(2026, 1, 31, 10, 0)));
        assertEquals("2026-01-31", CellText.of(LocalDate.of(2026, 1, 31)));
        assertEquals("0.5000", CellText.of(Numeric.parse("0.5000")));
        assertEquals("1200", CellText.of(Numeric.parse("1.2E+3")));
        assertEquals("600", CellText.of(600.0));
        assertEquals("5.125", CellText.of(5.125));
        assertEquals("1.0E20", CellText.of(1e20));
        assertEquals("42", CellText.of(42L));
        assertEquals("true", CellText.of(true));
        assertEquals("P1Y2DT3H0.5S", CellText.of(new Interval(1, 0, 2, 3, 0, 0, 500_000)));
        assertEquals("PT0S", CellText.of(new Interval()));
        assertEquals("{\"a\":1}", CellText.of(new JsonObject().put("a", 1)));
        assertEquals("[\"linux\",null,\"gpu\"]", CellText.of(new String[]{"linux", null, "gpu"}));
        assertEquals("[1,2]", CellText.of(new Long[]{1L, 2L}));
        assertEquals("\\x00ff", CellText.of(Buffer.buffer(new byte[]{0, (byte) 0xff})));
    }

    @Test
    void csvQuotesOnlyWhatMustBeQuotedAndKeepsNullApartFromEmpty() {
        String csv = CsvText.of(List.of("name", "note"), List.of(
                List.of("plain", "a, b"),
                Arrays.asList("say \"hi\"", null),
                List.of("two\nlines", "")));
        assertEquals("name,note\r\n"
                + "plain,\"a, b\"\r\n"
                + "\"say \"\"hi\"\"\",\r\n"
                + "\"two\nlines\",\"\"\r\n", csv);
    }
}
