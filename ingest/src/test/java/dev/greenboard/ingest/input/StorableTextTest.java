package dev.greenboard.ingest.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StorableTextTest {

    /** Input and expected output, as Java escapes: NUL removed, a lone surrogate replaced, pairs kept. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "plain | plain",
            "a\\u0000b | ab",
            "\\u0000 | ''",
            "x\\ud800y | x\\ufffdy",
            "x\\udc00 | x\\ufffd",
            "\\ud83d\\ude00 | \\ud83d\\ude00",
            "\\ude00\\ud83d | \\ufffd\\ufffd",
            "end\\ud83d | end\\ufffd"})
    void makesTextStorable(String input, String expected) {
        assertEquals(unescape(expected), StorableText.of(unescape(input)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"ascii", "caf\\u00e9", "\\u4e2d\\u6587", "\\ud83d\\ude00", "x\\ud800"})
    void countsUtf8BytesAsPostgresqlStoresThem(String input) {
        String text = unescape(input);
        assertEquals(StorableText.of(text).getBytes(StandardCharsets.UTF_8).length,
                StorableText.utf8Length(StorableText.of(text)));
    }

    @org.junit.jupiter.api.Test
    void storableTextIsReturnedAsItIs() {
        String text = "nothing to do \ud83d\ude00";
        assertSame(text, StorableText.of(text));
        assertEquals("ab\u2026", StorableText.excerpt("abc", 2));
        assertEquals("a\u2026", StorableText.excerpt("a\ud83d\ude00", 2), "never half a pair");
    }

    private static String unescape(String escaped) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < escaped.length(); i++) {
            if (escaped.startsWith("\\u", i)) {
                out.append((char) Integer.parseInt(escaped.substring(i + 2, i + 6), 16));
                i += 5;
            } else {
                out.append(escaped.charAt(i));
            }
        }
        return out.toString();
    }
}
