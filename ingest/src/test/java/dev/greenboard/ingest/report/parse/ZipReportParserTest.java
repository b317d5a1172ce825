package dev.greenboard.ingest.report.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;

import dev.greenboard.ingest.report.parse.ReportParseException.Kind;

class ZipReportParserTest {

    private static final String PASSING = """
            <testsuite name="a"><testcase name="a1"/><testcase name="a2"><skipped/></testcase></testsuite>
            """;
    private static final String FAILING = """
            <testsuites><testsuite name="b"><testcase name="b1"><failure message="no"/></testcase></testsuite>
            </testsuites>
            """;

    private final ZipReportParser parser = new ZipReportParser();

    @Test
    void addsUpTheXmlReportsAndSkipsEverythingElse() throws Exception {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("TEST-a.xml", PASSING);
        entries.put("nested/", "");
        entries.put("nested/deeper/TEST-B.XML", FAILING);
        entries.put("nested/build.log", "<this is not xml");
        entries.put("__MACOSX/nested/._TEST-B.XML", "\0\5\26\7 AppleDouble");
        entries.put("report.xml.txt", "not a report either");
        RecordingSink sink = new RecordingSink();

        ParseSummary summary = parser.parse(new ByteArrayInputStream(zip(entries)), sink);

        assertEquals(new ParseSummary(3, 1, 1, 0, 1, 0), summary);
        assertEquals(List.of("a1", "a2", "b1"), sink.testCases().stream().map(ParsedTestCase::name).toList());
    }

    @Test
    void namesTheBrokenEntry() {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("TEST-a.xml", PASSING);
        entries.put("reports/TEST-broken.xml", "<testsuite>\n<testcase name=\"x\">\n</testsuite>");

        ReportParseException rejection = assertThrows(ReportParseException.class,
                () -> parser.parse(new ByteArrayInputStream(zip(entries)), new RecordingSink()));

        assertEquals(Kind.NOT_WELL_FORMED, rejection.kind());
        assertEquals("reports/TEST-broken.xml", rejection.entry());
        assertEquals(3, rejection.line());
        assertTrue(rejection.getMessage().startsWith(
                "Report entry 'reports/TEST-broken.xml' is not well-formed XML at line 3, column "),
                rejection.getMessage());
    }

    @Test
    void namesAnEntryThatIsNotJunit() {
        ReportParseException rejection = assertThrows(ReportParseException.class,
                () -> parser.parse(new ByteArrayInputStream(zip(Map.of("pom.xml", "<project/>"))),
                        new RecordingSink()));

        assertEquals(Kind.NOT_JUNIT, rejection.kind());
        assertEquals("pom.xml", rejection.entry());
    }

    @Test
    void rejectsAZipWithoutXmlReports() {
        ReportParseException rejection = assertThrows(ReportParseException.class,
                () -> parser.parse(new ByteArrayInputStream(zip(Map.of("notes.txt", "hello", "logs/", ""))),
                        new RecordingSink()));

        assertEquals(Kind.NOT_JUNIT, rejection.kind());
        assertNull(rejection.entry());
        assertEquals("Report is a zip that contains no .xml report", rejection.getMessage());
    }

    @Test
    void rejectsAZipWithNoEntries() {
        ReportParseException rejection = assertThrows(ReportParseException.class,
                () -> parser.parse(new ByteArrayInputStream(zip(Map.of())), new RecordingSink()));

        assertEquals(Kind.NOT_JUNIT, rejection.kind());
    }

    @Test
    void rejectsAnEmptyBodyAndABodyThatIsNoZip() {
        ReportParseException empty = assertThrows(ReportParseException.class,
                () -> parser.parse(new ByteArrayInputStream(new byte[0]), new RecordingSink()));
        ReportParseException xml = assertThrows(ReportParseException.class,
                () -> parser.parse(new ByteArrayInputStream(PASSING.getBytes(StandardCharsets.UTF_8)),
                        new RecordingSink()));

        assertEquals(Kind.EMPTY, empty.kind());
        assertEquals(Kind.NOT_WELL_FORMED, xml.kind());
        assertEquals("Report is not a zip archive", xml.getMessage());
    }

    @Test
    void stopsAnEntryThatInflatesPastItsLimit() throws Exception {
        ParseLimits limits = new ParseLimits(100, 100, 10, 1024 * 1024, 64L * 1024 * 1024);
        // 20 MB of whitespace inside a valid report compresses to a few kilobytes.
        byte[] bomb = zipStreaming("bomb.xml", "<testsuite>", 20L * 1024 * 1024, "</testsuite>");

        ReportParseException rejection = assertThrows(ReportParseException.class,
                () -> new ZipReportParser(limits).parse(new ByteArrayInputStream(bomb), new RecordingSink()));

        assertTrue(bomb.length < 100 * 1024, "the bomb is small: " + bomb.length);
        assertEquals(Kind.TOO_LARGE, rejection.kind());
        assertEquals("bomb.xml", rejection.entry());
        assertEquals("Report entry 'bomb.xml' decompresses to more than 1048576 bytes", rejection.getMessage());
    }

    @Test
    void countsEntriesThatAreNotReportsToo() throws Exception {
        ParseLimits limits = new ParseLimits(100, 100, 10, 1024 * 1024, 64L * 1024 * 1024);
        byte[] bomb = zipStreaming("core.dump", "", 20L * 1024 * 1024, "");

        ReportParseException rejection = assertThrows(ReportParseException.class,
                () -> new ZipReportParser(limits).parse(new ByteArrayInputStream(bomb), new RecordingSink()));

        assertEquals(Kind.TOO_LARGE, rejection.kind());
        assertEquals("core.dump", rejection.entry());
    }

    @Test
    void rejectsAnEntryWhoseHeaderAlreadyStatesItIsTooLarge() throws Exception {
        ParseLimits limits = new ParseLimits(100, 100, 10, 1024, 1024 * 1024);
        byte[] stored = zipStored("big.xml", ("<testsuite>" + " ".repeat(4096) + "</testsuite>")
                .getBytes(StandardCharsets.UTF_8));

        ReportParseException rejection = assertThrows(ReportParseException.class,
                () -> new ZipReportParser(limits).parse(new ByteArrayInputStream(stored), new RecordingSink()));

        assertEquals(Kind.TOO_LARGE, rejection.kind());
        assertEquals("big.xml", rejection.entry());
    }

    @Test
    void limitsTheDecompressedTotal() {
        ParseLimits limits = new ParseLimits(100, 100, 10, 1024, 2500);
        Map<String, String> entries = new LinkedHashMap<>();
        for (int i = 0; i < 4; i++) {
            entries.put("TEST-" + i + ".xml", "<testsuite>" + " ".repeat(900) + "</testsuite>");
        }

        ReportParseException rejection = assertThrows(ReportParseException.class,
                () -> new ZipReportParser(limits).parse(new ByteArrayInputStream(zip(entries)), new RecordingSink()));

        assertEquals(Kind.TOO_LARGE, rejection.kind());
        assertEquals("TEST-2.xml", rejection.entry(), "the third entry takes the total past 2500 bytes");
    }

    @Test
    void limitsTheNumberOfEntries() {
        ParseLimits limits = new ParseLimits(100, 100, 3, 1024, 1024 * 1024);
        Map<String, String> entries = new LinkedHashMap<>();
        for (int i = 0; i < 4; i++) {
            entries.put("TEST-" + i + ".xml", PASSING);
        }

        ReportParseException rejection = assertThrows(ReportParseException.class,
                () -> new ZipReportParser(limits).parse(new ByteArrayInputStream(zip(entries)), new RecordingSink()));

        assertEquals(Kind.TOO_LARGE, rejection.kind());
        assertNull(rejection.entry());
        assertEquals("Report is a zip with more than 3 entries", rejection.getMessage());
    }

    @Test
    void rejectsCorruptCompressedData() throws Exception {
        byte[] archive = zip(Map.of("TEST-a.xml", PASSING.repeat(50)));
        // Overwrite compressed bytes of the only entry: its data starts after the 30-byte header and the name.
        for (int i = 30 + "TEST-a.xml".length() + 8; i < 30 + "TEST-a.xml".length() + 40; i++) {
            archive[i] = (byte) 0xff;
        }

        ReportParseException rejection = assertThrows(ReportParseException.class,
                () -> parser.parse(new ByteArrayInputStream(archive), new RecordingSink()));

        assertEquals(Kind.NOT_WELL_FORMED, rejection.kind());
        assertEquals("TEST-a.xml", rejection.entry());
    }

    @Test
    void rejectsATruncatedZip() throws Exception {
        byte[] archive = zip(Map.of("TEST-a.xml", PASSING.repeat(50)));
        byte[] truncated = Arrays.copyOf(archive, 60);

        ReportParseException rejection = assertThrows(ReportParseException.class,
                () -> parser.parse(new ByteArrayInputStream(truncated), new RecordingSink()));

        assertEquals(Kind.NOT_WELL_FORMED, rejection.kind());
        assertNotNull(rejection.entry());
    }

    @Test
    void leavesTheCallersStreamOpen() throws Exception {
        boolean[] closed = {false};
        InputStream body = new FilterInputStream(new ByteArrayInputStream(zip(Map.of("TEST-a.xml", PASSING)))) {

            @Override
            public void close() throws IOException {
                closed[0] = true;
                super.close();
            }
        };

        parser.parse(body, new RecordingSink());

        assertFalse(closed[0]);
    }

    private static byte[] zip(Map<String, String> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, String> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** One deflated entry of {@code head}, {@code spaces} blanks and {@code tail}, written without holding it. */
    private static byte[] zipStreaming(String name, String head, long spaces, String tail) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry(name));
            zip.write(head.getBytes(StandardCharsets.UTF_8));
            try (InputStream blanks = new RepeatedByteStream(' ', spaces)) {
                blanks.transferTo(zip);
            }
            zip.write(tail.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    /** One stored (uncompressed) entry, whose local header carries its size. */
    private static byte[] zipStored(String name, byte[] content) throws IOException {
        CRC32 crc = new CRC32();
        crc.update(content);
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(content.length);
        entry.setCompressedSize(content.length);
        entry.setCrc(crc.getValue());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(entry);
            zip.write(content);
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }
}
