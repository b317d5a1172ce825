package dev.greenboard.ingest.report.parse;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A stream that reports every byte read through it to {@link #count(long)}, which may stop the read by throwing, and
 * that never closes its source: the parsers' callers own the streams they pass in (a zip, for one, still has entries
 * to read after each report).
 */
abstract class CountingInputStream extends FilterInputStream {

    CountingInputStream(InputStream source) {
        super(source);
    }

    /** Called with the number of bytes just read or skipped. */
    protected abstract void count(long bytes) throws IOException;

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
        // The caller owns the source stream.
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
