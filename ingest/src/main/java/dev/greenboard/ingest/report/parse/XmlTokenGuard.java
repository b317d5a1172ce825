package dev.greenboard.ingest.report.parse;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import dev.greenboard.ingest.report.parse.ReportParseException.Kind;

/**
 * Feeds a report to the JDK's StAX parser and stops it when one token grows past a byte budget.
 * <p>
 * The parser hands out long text and CDATA in chunks, but it still buffers a whole comment, attribute value,
 * processing instruction or DOCTYPE before reporting it. Counting the bytes read since the parser last returned
 * an event bounds all of those at once, without understanding XML here. It also keeps the parser from closing the
 * caller's stream.
 */
final class XmlTokenGuard extends FilterInputStream {

    private final long maxTokenBytes;
    private long bytesSinceEvent;

    XmlTokenGuard(InputStream source, long maxTokenBytes) {
        super(source);
        this.maxTokenBytes = maxTokenBytes;
    }

    /** Called each time the parser returns an event: the bytes of the next token start counting from here. */
    void eventReturned() {
        bytesSinceEvent = 0;
    }

    @Override
    public int read() throws IOException {
        int next = super.read();
        if (next >= 0) {
            count(1);
        }
        return next;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int read = super.read(buffer, offset, length);
        if (read > 0) {
            count(read);
        }
        return read;
    }

    @Override
    public long skip(long count) throws IOException {
        long skipped = super.skip(count);
        if (skipped > 0) {
            count(skipped);
        }
        return skipped;
    }

    @Override
    public void close() {
        // The caller owns the stream: a zip, for one, still has entries to read after this report.
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void count(long bytes) throws ReportLimitExceededException {
        bytesSinceEvent += bytes;
        if (bytesSinceEvent > maxTokenBytes) {
            throw new ReportLimitExceededException(ReportParseException.of(Kind.TOO_LARGE,
                    "has a single XML token (a comment, attribute value, processing instruction or DOCTYPE)"
                            + " longer than " + maxTokenBytes + " bytes"));
        }
    }
}
