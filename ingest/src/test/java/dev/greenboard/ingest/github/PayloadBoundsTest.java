package dev.greenboard.ingest.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Payload fields GitHub would never send are absent or a malformed payload, never a database error. */
class PayloadBoundsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode value(String json) throws Exception {
        return JSON.readTree("{\"v\": " + json + "}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"+99999-01-01T00:00:00Z\"", "\"-0001-01-01T00:00:00Z\"", "\"0000-06-01T00:00:00Z\"",
            "99999999999999", "-62135596801", "1e15", "1.5", "{}", "[\"2026-01-01T00:00:00Z\"]"})
    void timesOutsideTheYearsOneTo9999AreNoTime(String json) throws Exception {
        assertNull(Payload.instant(value(json), "v"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2147483648", "-2147483649", "99999999999999999999", "1.0", "\"7\"", "[]"})
    void integersOutOfRangeOrOfAnotherTypeAreNoInteger(String json) throws Exception {
        assertNull(Payload.integer(value(json), "v"));
    }

    @Test
    void containersAreNoText() throws Exception {
        assertNull(Payload.text(value("{\"a\": 1}"), "v"));
        assertNull(Payload.text(value("[1]"), "v"));
        assertEquals("12", Payload.text(value("12"), "v"));
    }

    @Test
    void namesOverTheLimitAreAMalformedPayloadNamingTheField() throws Exception {
        String name = "x".repeat(Payload.MAX_NAME_BYTES);
        assertEquals(name, Payload.name(value("\"" + name + "\""), "v"));
        Payload.MalformedPayloadException e = assertThrows(Payload.MalformedPayloadException.class,
                () -> Payload.name(value("\"\u00e9" + name + "\""), "v"));
        assertTrue(e.getMessage().contains("field v is 1026 bytes long"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"xyz\"", "\"123456\"",
            "\"" + "a" + "0000000000000000000000000000000000000000000000000000000000000000\"",
            "\"abc def0123\"", "42"})
    void shasThatAreNoShaAreAMalformedPayload(String json) throws Exception {
        JsonNode node = value(json);
        if (node.get("v").isNumber()) {
            assertEquals("42", Payload.text(node, "v"));
        }
        assertThrows(Payload.MalformedPayloadException.class, () -> Payload.sha(node, "v"));
    }

    @Test
    void shasAreLowerCased() throws Exception {
        assertEquals("abcdef0", Payload.sha(value("\"ABCDEF0\""), "v"));
    }
}
