package dev.greenboard.ingest.report.parse;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.Locale;
import java.util.Objects;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

import dev.greenboard.ingest.report.parse.ReportParseException.Kind;

/**
 * Streams a zip of JUnit XML reports: every entry whose name ends in {@code .xml} (any case) is parsed with
 * {@link JunitXmlParser}; directories, other files and macOS {@code __MACOSX/} metadata are skipped.
 * <p>
 * The archive is read once, front to back, never buffered. One broken entry rejects the whole zip, and the error
 * names it. The {@link ParseLimits} zip limits hold for every entry, skipped ones included, and count decompressed
 * bytes as they stream, so a zip bomb fails with {@link Kind#TOO_LARGE} after reading no more than the limit.
 * <p>
 * Instances are immutable and may be shared between threads.
 */
public final class ZipReportParser {

    private static final String MACOS_METADATA_FOLDER = "__MACOSX/";
    private static final int DRAIN_BUFFER_BYTES = 8192;

    private final ParseLimits limits;
    private final JunitXmlParser xmlParser;

    public ZipReportParser() {
        this(ParseLimits.defaults());
    }

    public ZipReportParser(ParseLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.xmlParser = new JunitXmlParser(limits);
    }

    /**
     * Reads the whole archive, handing the test cases of each XML entry to {@code sink} as they are read. The
     * stream is not closed.
     *
     * @return the summaries of all XML entries added up
     * @throws ReportParseException when the body is empty or not a zip, an XML entry is broken (the exception's
     *         {@link ReportParseException#entry()} names it), a limit is exceeded, or there is no XML entry at all;
     *         test cases of earlier entries may already be in the sink
     * @throws IOException when reading {@code archive} itself fails
     */
    public ParseSummary parse(InputStream archive, TestCaseSink sink) throws ReportParseException, IOException {
        Objects.requireNonNull(archive, "archive");
        Objects.requireNonNull(sink, "sink");
        PushbackInputStream source = new PushbackInputStream(archive, 4);
        requireZipSignature(source);
        ParseSummary total = ParseSummary.empty();
        boolean sawReport = false;
        int entryCount = 0;
        String entryName = null;
        try (ZipInputStream zip = new ZipInputStream(new CallerOwnedStream(source))) {
            DecompressedBytesBudget budget = new DecompressedBytesBudget(zip);
            while (true) {
                // Until the header is read, a problem belongs to the archive, not to the entry before.
                entryName = null;
                ZipEntry entry = nextEntry(zip);
                if (entry == null) {
                    break;
                }
                entryCount++;
                if (entryCount > limits.maxZipEntries()) {
                    throw ReportParseException.of(Kind.TOO_LARGE,
                            "is a zip with more than " + limits.maxZipEntries() + " entries");
                }
                entryName = entry.getName();
                budget.startEntry(entry.getSize());
                if (isReport(entry)) {
                    sawReport = true;
                    total = total.plus(parseEntry(budget, sink));
                }
                budget.drainEntry();
            }
        } catch (ReportLimitExceededException e) {
            throw locate(e.problem(), entryName);
        } catch (ZipException | EOFException e) {
            throw locate(new ReportParseException(Kind.NOT_WELL_FORMED, "is not a well-formed zip archive",
                    e.getMessage(), null, null, e), entryName);
        } catch (ReportParseException e) {
            throw locate(e, entryName);
        }
        if (!sawReport) {
            throw ReportParseException.of(Kind.NOT_JUNIT, "is a zip that contains no .xml report");
        }
        return total;
    }

    private static ZipEntry nextEntry(ZipInputStream zip) throws IOException, ReportParseException {
        try {
            return zip.getNextEntry();
        } catch (IllegalArgumentException e) {
            // ZipInputStream's answer to an entry name that is not valid in the archive's charset.
            throw new ReportParseException(Kind.NOT_WELL_FORMED, "is not a well-formed zip archive", e.getMessage(),
                    null, null, e);
        }
    }

    private ParseSummary parseEntry(DecompressedBytesBudget budget, TestCaseSink sink)
            throws ReportParseException, IOException {
        try {
            return xmlParser.parse(budget, sink);
        } catch (ReportParseException e) {
            // The XML parser may have been cut off by the budget; that, not the truncated XML, is the problem.
            ReportParseException limit = budget.exceeded();
            throw limit != null ? limit : e;
        }
    }

    private static ReportParseException locate(ReportParseException problem, String entryName) {
        return entryName == null || problem.entry() != null ? problem : problem.inEntry(entryName);
    }

    private static void requireZipSignature(PushbackInputStream source) throws IOException, ReportParseException {
        byte[] head = source.readNBytes(4);
        if (head.length == 0) {
            throw ReportParseException.of(Kind.EMPTY, "is empty");
        }
        // A zip starts with a local file header, or with the end record when it has no entries at all.
        boolean zip = head.length == 4 && head[0] == 'P' && head[1] == 'K'
                && ((head[2] == 3 && head[3] == 4) || (head[2] == 5 && head[3] == 6));
        if (!zip) {
            throw ReportParseException.of(Kind.NOT_WELL_FORMED, "is not a zip archive");
        }
        source.unread(head);
    }

    private static boolean isReport(ZipEntry entry) {
        String name = entry.getName();
        return !entry.isDirectory() && !name.startsWith(MACOS_METADATA_FOLDER)
                && name.toLowerCase(Locale.ROOT).endsWith(".xml");
    }

    /** Lets the zip stream be closed (freeing its inflater) without closing the caller's stream. */
    private static final class CallerOwnedStream extends FilterInputStream {

        CallerOwnedStream(InputStream source) {
            super(source);
        }

        @Override
        public void close() {
            // The caller opened the stream and closes it.
        }
    }

    /**
     * The current entry's decompressed bytes, counted against the per-entry and whole-archive limits as they are
     * read, whoever reads them: the XML parser, or the drain that skips the rest of an entry.
     */
    private final class DecompressedBytesBudget extends CountingInputStream {

        private long entryBytes;
        private long totalBytes;
        private ReportParseException exceeded;

        DecompressedBytesBudget(ZipInputStream zip) {
            super(zip);
        }

        void startEntry(long declaredSize) throws ReportLimitExceededException {
            entryBytes = 0;
            // An honest header lets an oversized entry fail before a byte of it is inflated.
            if (declaredSize > limits.maxZipEntryBytes()) {
                throw entryTooLarge();
            }
        }

        void drainEntry() throws IOException {
            byte[] buffer = new byte[DRAIN_BUFFER_BYTES];
            while (read(buffer, 0, buffer.length) >= 0) {
                // Only counting: what the XML parser left, and entries that are not reports, still cost inflating.
            }
        }

        ReportParseException exceeded() {
            return exceeded;
        }

        @Override
        protected void count(long bytes) throws ReportLimitExceededException {
            entryBytes += bytes;
            totalBytes += bytes;
            if (entryBytes > limits.maxZipEntryBytes()) {
                throw entryTooLarge();
            }
            if (totalBytes > limits.maxZipTotalBytes()) {
                exceeded = ReportParseException.of(Kind.TOO_LARGE,
                        "takes the zip past " + limits.maxZipTotalBytes() + " decompressed bytes in total");
                throw new ReportLimitExceededException(exceeded);
            }
        }

        private ReportLimitExceededException entryTooLarge() {
            exceeded = ReportParseException.of(Kind.TOO_LARGE,
                    "decompresses to more than " + limits.maxZipEntryBytes() + " bytes");
            return new ReportLimitExceededException(exceeded);
        }
    }
}
