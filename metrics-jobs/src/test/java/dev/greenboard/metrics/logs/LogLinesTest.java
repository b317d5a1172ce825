package dev.greenboard.metrics.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogLinesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "2026-12-05T10:15:30.1234567Z ##[group]Run pytest|##[group]Run pytest",
            "2026-12-05T10:15:30Z FAILED test_a.py::test_b|FAILED test_a.py::test_b",
            "\uFEFF2026-12-05T10:15:30.0000000Z Current runner version: 2.321.0|Current runner version: 2.321.0",
            "no timestamp here: 2026-12-05T10:15:30Z stays|no timestamp here: 2026-12-05T10:15:30Z stays",
            "2026-12-05T10:15:30.1Z \u001B[31mERROR\u001B[0m: red|ERROR: red"})
    void cleansTimestampsMarksAndColours(String raw, String clean) {
        assertEquals(clean, LogLines.clean(raw));
    }

    @Test
    void readsLineByLineWithNumbers() throws IOException {
        LogLines lines = lines("2026-12-05T10:00:00.0Z one\n2026-12-05T10:00:01.0Z two\r\nthree", 1 << 20);
        assertEquals("one", lines.next());
        assertEquals(1, lines.lineNumber());
        assertEquals("two", lines.next());
        assertEquals("three", lines.next());
        assertEquals(3, lines.lineNumber());
        assertNull(lines.next());
    }

    @Test
    void stopsAtTheByteLimit() throws IOException {
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            log.append("line ").append(i).append('\n');
        }
        LogLines lines = lines(log.toString(), 100);
        List<String> read = new ArrayList<>();
        String line;
        while ((line = lines.next()) != null) {
            read.add(line);
        }
        assertEquals(100, lines.bytesRead());
        // "line 0\n" .. "line 9\n" are 70 bytes, "line 10\n" .. "line 12\n" 24 more: 6 bytes of "line 13" are left.
        assertEquals(14, read.size());
        assertEquals("line 0", read.get(0));
        assertEquals("line 12", read.get(12));
        assertEquals("line 1", read.get(13));
    }

    @Test
    void keepsOnlyTheHeadOfAHugeLineAndGoesOn() throws IOException {
        String huge = "x".repeat(5 * LogLines.MAX_LINE_BYTES);
        LogLines lines = lines(huge + "\nFAILED after the huge line\n", 1 << 20);
        assertEquals(LogLines.MAX_LINE_BYTES, lines.next().length());
        assertEquals("FAILED after the huge line", lines.next());
        assertNull(lines.next());
    }

    @Test
    void dropsNulCharacters() throws IOException {
        assertEquals("a b", lines("a\u0000 b\n", 100).next());
    }

    private static LogLines lines(String text, long maxBytes) {
        InputStream in = new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
        return new LogLines(in, maxBytes);
    }
}
