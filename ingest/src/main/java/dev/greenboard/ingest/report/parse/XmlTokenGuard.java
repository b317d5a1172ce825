package dev.greenboard.ingest.report.parse;

import java.io.InputStream;

import dev.greenboard.ingest.report.parse.ReportParseException.Kind;

/**
 * Feeds a report to the JDK's StAX parser and stops it when one token grows past a byte budget.
 * <p>
 * The parser hands out long text and CDATA in chunks, but it still buffers a whole comment, attribute value,
 * processing instruction or DOCTYPE before reporting it. Counting the bytes read since the parser last returned
 * an event bounds all of those at once, without understanding XML here.
 */
final class XmlTokenGuard extends CountingInputStream {

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
    protected void count(long bytes) throws ReportLimitExceededException {
        bytesSinceEvent += bytes;
        if (bytesSinceEvent > maxTokenBytes) {
            throw new ReportLimitExceededException(ReportParseException.of(Kind.TOO_LARGE,
                    "has a single XML token (a comment, attribute value, processing instruction or DOCTYPE)"
                            + " longer than " + maxTokenBytes + " bytes"));
        }
    }
}
