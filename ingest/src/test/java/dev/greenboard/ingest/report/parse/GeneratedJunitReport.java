package dev.greenboard.ingest.report.parse;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A large JUnit report written on the fly, one test case at a time, so a test can parse far more XML than the test
 * heap could hold. Test case {@code i} fails when {@code i % 1000 == 999} (with a long message and a long body), is
 * skipped when {@code i % 100 == 0}, is flaky when {@code i % 5000 == 1}, and passes otherwise; test case
 * {@link #HUGE_ERROR_INDEX} instead errors with a CDATA stack trace of {@link #HUGE_TRACE_BYTES} bytes.
 */
final class GeneratedJunitReport extends InputStream {

    static final int HUGE_ERROR_INDEX = 123_456;
    static final long HUGE_TRACE_BYTES = 256L * 1024 * 1024;
    static final int LONG_MESSAGE_CHARS = 20_000;
    static final int LONG_BODY_CHARS = 100_000;

    private static final int TRACE_PIECE_BYTES = 64 * 1024;
    private static final byte[] TRACE_PIECE = tracePiece();
    private static final String LONG_MESSAGE = "expected true but was false; ".repeat(LONG_MESSAGE_CHARS / 29 + 1)
            .substring(0, LONG_MESSAGE_CHARS);
    private static final String LONG_BODY = "\tat dev.example.Generated.test(Generated.java:42)\n"
            .repeat(LONG_BODY_CHARS / 50 + 1)
            .substring(0, LONG_BODY_CHARS);

    private final int testCaseCount;
    private int nextTestCase;
    private boolean headerWritten;
    private boolean footerWritten;
    private long traceBytesLeft;
    private byte[] afterTrace;
    private byte[] chunk = new byte[0];
    private int position;
    private long bytesProduced;

    GeneratedJunitReport(int testCaseCount) {
        this.testCaseCount = testCaseCount;
    }

    long bytesProduced() {
        return bytesProduced;
    }

    static boolean fails(int index) {
        return index % 1000 == 999;
    }

    static boolean skipped(int index) {
        return index % 100 == 0;
    }

    static boolean flaky(int index) {
        return index % 5000 == 1;
    }

    @Override
    public int read() {
        if (!ensureChunk()) {
            return -1;
        }
        bytesProduced++;
        return chunk[position++] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        if (!ensureChunk()) {
            return -1;
        }
        int count = Math.min(length, chunk.length - position);
        System.arraycopy(chunk, position, buffer, offset, count);
        position += count;
        bytesProduced += count;
        return count;
    }

    private boolean ensureChunk() {
        while (position >= chunk.length) {
            byte[] next = nextChunk();
            if (next == null) {
                return false;
            }
            chunk = next;
            position = 0;
        }
        return true;
    }

    private byte[] nextChunk() {
        if (!headerWritten) {
            headerWritten = true;
            return utf8("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n<testsuite name=\"generated\">\n");
        }
        if (traceBytesLeft > 0) {
            int size = (int) Math.min(TRACE_PIECE_BYTES, traceBytesLeft);
            traceBytesLeft -= size;
            return size == TRACE_PIECE_BYTES ? TRACE_PIECE : Arrays.copyOf(TRACE_PIECE, size);
        }
        if (afterTrace != null) {
            byte[] closing = afterTrace;
            afterTrace = null;
            return closing;
        }
        if (nextTestCase < testCaseCount) {
            return testCase(nextTestCase++);
        }
        if (!footerWritten) {
            footerWritten = true;
            return utf8("</testsuite>\n</testsuites>\n");
        }
        return null;
    }

    private byte[] testCase(int index) {
        String opening = "<testcase classname=\"dev.example.Generated" + index / 1000 + "\" name=\"test" + index
                + "\" time=\"0.00" + index % 10 + "\">";
        if (index == HUGE_ERROR_INDEX) {
            traceBytesLeft = HUGE_TRACE_BYTES;
            afterTrace = utf8("]]></error></testcase>\n");
            return utf8(opening + "<error message=\"huge\"><![CDATA[");
        }
        if (fails(index)) {
            return utf8(opening + "<failure message=\"" + LONG_MESSAGE + "\">" + LONG_BODY + "</failure></testcase>\n");
        }
        if (skipped(index)) {
            return utf8(opening + "<skipped message=\"not today\"/></testcase>\n");
        }
        if (flaky(index)) {
            return utf8(opening + "<flakyFailure message=\"once\"><stackTrace>trace</stackTrace></flakyFailure>"
                    + "</testcase>\n");
        }
        return utf8(opening + "</testcase>\n");
    }

    private static byte[] tracePiece() {
        byte[] piece = "\tat dev.example.Deep.recurse(Deep.java:7)\n".repeat(TRACE_PIECE_BYTES / 42 + 1)
                .getBytes(StandardCharsets.UTF_8);
        return Arrays.copyOf(piece, TRACE_PIECE_BYTES);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
