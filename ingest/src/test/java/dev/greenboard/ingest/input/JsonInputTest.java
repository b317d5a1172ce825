package dev.greenboard.ingest.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class JsonInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @CsvSource({"UTF-8, false, UTF_8", "UTF-8, true, UTF_8_BOM", "UTF-16BE, false, UTF_16BE",
            "UTF-16BE, true, UTF_16BE", "UTF-16LE, false, UTF_16LE", "UTF-16LE, true, UTF_16LE",
            "UTF-32BE, false, UTF_32BE", "UTF-32BE, true, UTF_32BE", "UTF-32LE, false, UTF_32LE",
            "UTF-32LE, true, UTF_32LE"})
    void detectsTheEncodingsJsonMayBeIn(String charset, boolean bom, JsonInput.Encoding expected) {
        byte[] body = ((bom ? "\uFEFF" : "") + "{\"a\": 1}").getBytes(Charset.forName(charset));
        assertEquals(expected, JsonInput.detect(body, body.length));
    }

    @Test
    void aShortBodyIsUtf8() {
        assertEquals(JsonInput.Encoding.UTF_8, JsonInput.detect(new byte[]{'1'}, 1));
        assertEquals(JsonInput.Encoding.UTF_8, JsonInput.detect(new byte[0], 0));
    }

    @Test
    void makesEveryStringAndFieldNameStorableInPlace() throws Exception {
        JsonNode node = JSON.readTree("{\"a\\u0000\": [\"x\\u0000\", {\"b\": \"\\ud800\"}], \"keep\": \"ok\"}");
        assertTrue(JsonInput.makeStorable(node));
        assertEquals("{\"a\":[\"x\",{\"b\":\"\uFFFD\"}],\"keep\":\"ok\"}", node.toString());
        JsonNode twice = JSON.readTree("{\"a\\u0000\": 0, \"a\": 1}");
        assertTrue(JsonInput.makeStorable(twice));
        assertEquals("{\"a\":1}", twice.toString(), "two names that become one keep the later value, as jsonb does");
        JsonNode clean = JSON.readTree("{\"a\": [\"b\", {\"c\": \"\\ud83d\\ude00\"}]}");
        assertFalse(JsonInput.makeStorable(clean));
    }

    @Test
    void findsTheNumberJsonbCannotHold() throws Exception {
        assertEquals("/a/b~1c/1", JsonInput.nonFiniteNumberAt(JSON.readTree("{\"a\": {\"b/c\": [1, -1e999]}}")));
        assertNull(JsonInput.nonFiniteNumberAt(JSON.readTree("{\"a\": 1e300, \"b\": 123456789012345678901234567890}")));
        assertEquals(StandardCharsets.UTF_8.name(), JsonInput.Encoding.UTF_8_BOM.label());
    }
}
