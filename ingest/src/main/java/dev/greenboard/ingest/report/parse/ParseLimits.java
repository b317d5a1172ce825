package dev.greenboard.ingest.report.parse;

/**
 * How much of a report the parsers keep or accept.
 *
 * @param maxMessageChars longest failure message kept per test case (longer ones are cut, ending in '…')
 * @param maxFailureTextChars longest failure text (body or stack trace) kept per test case
 * @param maxZipEntries most entries a zip may have, counting directories and entries that are not reports
 * @param maxZipEntryBytes most bytes one zip entry may decompress to
 * @param maxZipTotalBytes most bytes all entries of a zip together may decompress to
 */
public record ParseLimits(int maxMessageChars, int maxFailureTextChars, int maxZipEntries, long maxZipEntryBytes,
        long maxZipTotalBytes) {

    public static final int DEFAULT_MAX_MESSAGE_CHARS = 4096;
    public static final int DEFAULT_MAX_FAILURE_TEXT_CHARS = 16384;
    public static final int DEFAULT_MAX_ZIP_ENTRIES = 10_000;
    public static final long DEFAULT_MAX_ZIP_ENTRY_BYTES = 512L * 1024 * 1024;
    public static final long DEFAULT_MAX_ZIP_TOTAL_BYTES = 2L * 1024 * 1024 * 1024;

    public ParseLimits {
        requirePositive("maxMessageChars", maxMessageChars);
        requirePositive("maxFailureTextChars", maxFailureTextChars);
        requirePositive("maxZipEntries", maxZipEntries);
        requirePositive("maxZipEntryBytes", maxZipEntryBytes);
        requirePositive("maxZipTotalBytes", maxZipTotalBytes);
    }

    public static ParseLimits defaults() {
        return new ParseLimits(DEFAULT_MAX_MESSAGE_CHARS, DEFAULT_MAX_FAILURE_TEXT_CHARS, DEFAULT_MAX_ZIP_ENTRIES,
                DEFAULT_MAX_ZIP_ENTRY_BYTES, DEFAULT_MAX_ZIP_TOTAL_BYTES);
    }

    private static void requirePositive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException("ParseLimits." + name + " must be positive, got[" + value + "]");
        }
    }
}
