package dev.greenboard.metrics.logs;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The lines of a job log, read as a stream: never more than {@code maxBytes} of it, never more than
 * {@link #MAX_LINE_BYTES} of one line (the rest of a longer line is skipped), so a log of any size costs a bounded
 * amount of memory. Each line comes without GitHub's leading timestamp ({@code 2026-12-06T02:58:43.1234567Z }), a
 * byte-order mark, or terminal colour codes: what the rules see is what the job printed.
 */
final class LogLines implements Closeable {

    /** Longer lines are cut here: no rule needs more, and one line of a minified bundle may be megabytes. */
    static final int MAX_LINE_BYTES = 16 * 1024;

    private static final Pattern TIMESTAMP = Pattern
            .compile("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?Z ?");
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[A-Za-z]");

    private final InputStream in;
    private final long maxBytes;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private long bytesRead;
    private int lineNumber;
    private boolean ended;

    LogLines(InputStream in, long maxBytes) {
        this.in = new BufferedInputStream(in, 64 * 1024);
        this.maxBytes = maxBytes;
    }

    /** The next line, cleaned; null at the end of the log or at the byte limit. */
    String next() throws IOException {
        if (ended) {
            return null;
        }
        line.reset();
        boolean any = false;
        while (true) {
            if (bytesRead >= maxBytes) {
                ended = true;
                return any ? finish() : null;
            }
            int b = in.read();
            if (b < 0) {
                ended = true;
                return any ? finish() : null;
            }
            bytesRead++;
            any = true;
            if (b == '\n') {
                return finish();
            }
            if (line.size() < MAX_LINE_BYTES) {
                line.write(b);
            }
        }
    }

    private String finish() {
        lineNumber++;
        return clean(line.toString(StandardCharsets.UTF_8));
    }

    /** A raw log line as the rules see it. */
    static String clean(String raw) {
        String text = raw;
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        text = TIMESTAMP.matcher(text).replaceFirst("");
        if (text.indexOf('\u0000') >= 0) {
            // PostgreSQL text holds no NUL, and no rule looks for one.
            text = text.replace("\u0000", "");
        }
        if (text.indexOf('\u001B') >= 0) {
            text = ANSI.matcher(text).replaceAll("");
        }
        return text;
    }

    /** The number of the line {@link #next()} returned last, from 1. */
    int lineNumber() {
        return lineNumber;
    }

    /** Bytes of the log read so far. */
    long bytesRead() {
        return bytesRead;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
