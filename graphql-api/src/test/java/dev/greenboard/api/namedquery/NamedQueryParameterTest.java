package dev.greenboard.api.namedquery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;

import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.data.Interval;

import dev.greenboard.api.graphql.ApiException;
import dev.greenboard.api.namedquery.NamedQueryDefinition.Source;

/** Parameter values from JSON (GraphQL) and from URL text (REST) bind as their declared type, or fail naming it. */
class NamedQueryParameterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            string    | "main"                        | main
            string    | 42                            | 42
            int       | 14                            | 14
            int       | "14"                          | 14
            int       | 9007199254740993              | 9007199254740993
            float     | 0.25                          | 0.25
            float     | "1e3"                         | 1000.0
            bool      | true                          | true
            bool      | "FALSE"                       | false
            timestamp | "2026-01-31T12:00:00+02:00"   | 2026-01-31T10:00Z
            timestamp | "2026-01-31T12:00:00"         | 2026-01-31T12:00Z
            timestamp | "2026-01-31"                  | 2026-01-31T00:00Z
            """)
    void parses(String type, String value, String expected) {
        Object parsed = ParameterType.of(type).parse(json(value));
        assertEquals(expected, parsed.toString());
        if (parsed instanceof OffsetDateTime time) {
            assertEquals(0, time.getOffset().getTotalSeconds(), "timestamps bind in UTC");
        }
    }

    @Test
    void intervalsTakeDurationSyntax() {
        assertEquals(Interval.of(Duration.ofDays(7)), ParameterType.INTERVAL.parse(TextNode.valueOf("7d")));
        assertEquals(Interval.of(Duration.ofMinutes(90)), ParameterType.INTERVAL.parse(TextNode.valueOf("PT1H30M")));
        assertEquals(Interval.of(Duration.ofMillis(100)), ParameterType.INTERVAL.parse(TextNode.valueOf("100ms")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            int       | "abc"        | an int
            int       | 1.5          | an int
            int       | true         | an int
            float     | "NaN"        | a float
            float     | "x"          | a float
            bool      | "yes"        | a bool
            timestamp | 1700000000   | a timestamp
            timestamp | "yesterday"  | a timestamp
            interval  | "soon"       | an interval
            string    | [1]          | a string
            string    | {"a": 1}     | a string
            """)
    void refuses(String type, String value, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ParameterType.of(type).parse(json(value)));
        assertTrue(e.getMessage().startsWith("must be " + expected), e.getMessage());
        assertTrue(e.getMessage().endsWith("got " + json(value)), e.getMessage());
    }

    private static final NamedQueryDefinition QUERY = new NamedQueryDefinition("q", Source.SHIPPED, null,
            List.of(new ParameterSpec("repo", ParameterType.STRING, true, null, null, null),
                    new ParameterSpec("branch", ParameterType.STRING, false, null, null, null),
                    new ParameterSpec("days", ParameterType.INT, false, 14L, "14", null)),
            "select", List.of("days", "repo", "branch"), Optional.empty());

    @Test
    void bindsInPlaceholderOrderWithDefaults() {
        Tuple tuple = QUERY.bind(Map.of("repo", TextNode.valueOf("o/r")));
        assertEquals(14L, tuple.getValue(0));
        assertEquals("o/r", tuple.getValue(1));
        assertNull(tuple.getValue(2));
        Tuple given = QUERY.bind(Map.of("repo", TextNode.valueOf("o/r"), "days", json("3"), "branch",
                json("null")));
        assertEquals(3L, given.getValue(0));
        assertNull(given.getValue(2));
    }

    @Test
    void bindErrorsNameTheParameter() {
        assertEquals("Parameter 'repo' (string) of named query 'q' is required",
                assertThrows(ApiException.BadInput.class, () -> QUERY.bind(Map.of())).getMessage());
        assertEquals("Named query 'q' has no parameter 'dayz'; it takes repo, branch, days",
                assertThrows(ApiException.BadInput.class,
                        () -> QUERY.bind(Map.of("repo", json("\"o/r\""), "dayz", json("3")))).getMessage());
        assertEquals("Parameter 'days' of named query 'q' must be an int (a whole number), got \"two\"",
                assertThrows(ApiException.BadInput.class,
                        () -> QUERY.bind(Map.of("repo", json("\"o/r\""), "days", json("\"two\"")))).getMessage());
    }
}
