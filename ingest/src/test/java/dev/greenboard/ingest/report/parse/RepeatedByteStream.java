package dev.greenboard.ingest.report.parse;

import java.io.InputStream;
import java.util.Arrays;

/** Any number of copies of one byte, produced on demand: big inputs for tests without holding them in memory. */
final class RepeatedByteStream extends InputStream {

    private final byte value;
    private long remaining;

    RepeatedByteStream(char value, long count) {
        this.value = (byte) value;
        this.remaining = count;
    }

    @Override
    public int read() {
        if (remaining <= 0) {
            return -1;
        }
        remaining--;
        return value & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        if (remaining <= 0) {
            return -1;
        }
        int count = (int) Math.min(length, remaining);
        Arrays.fill(buffer, offset, offset + count, value);
        remaining -= count;
        return count;
    }
}
