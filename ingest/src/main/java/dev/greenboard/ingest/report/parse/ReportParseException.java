package dev.greenboard.ingest.report.parse;

import java.util.Objects;

/**
 * A report the parsers cannot accept, with what is wrong and where. {@link #getMessage()} is a sentence meant for
 * the uploader, for example "Report is not well-formed XML at line 12, column 5: ..." or "Report entry
 * 'reports/TEST-a.xml' is not well-formed XML at line 3, column 1: ...".
 */
public final class ReportParseException extends Exception {

    private static final long serialVersionUID = 1L;

    public enum Kind {
        /** The body has no bytes (or, for JSON lines, nothing but blank lines). */
        EMPTY,
        /** An XML, JSON or zip syntax error. */
        NOT_WELL_FORMED,
        /** Well-formed, but not a test report: an XML root other than testsuites/testsuite, a zip with no XML. */
        NOT_JUNIT,
        /** Well-formed but not acceptable: a DOCTYPE, a parser safety limit, a JSON line with bad content. */
        INVALID,
        /** Over a size limit: zip entries, decompressed bytes, or one XML token or JSON string. */
        TOO_LARGE
    }

    private final Kind kind;
    private final String problem;
    private final String detail;
    private final Integer line;
    private final Integer column;
    private final String entry;

    /**
     * @param problem what is wrong, phrased to follow "Report", e.g. "is not well-formed XML"
     * @param detail the underlying reason, e.g. the XML parser's message; null when the problem says it all
     * @param line 1-based line, null when unknown
     * @param column 1-based column, null when unknown
     */
    public ReportParseException(Kind kind, String problem, String detail, Integer line, Integer column,
            Throwable cause) {
        this(kind, problem, detail, line, column, null, cause);
    }

    private ReportParseException(Kind kind, String problem, String detail, Integer line, Integer column,
            String entry, Throwable cause) {
        super(problem, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.problem = Objects.requireNonNull(problem, "problem");
        this.detail = detail;
        this.line = line;
        this.column = column;
        this.entry = entry;
    }

    static ReportParseException of(Kind kind, String problem) {
        return new ReportParseException(kind, problem, null, null, null, null);
    }

    static ReportParseException of(Kind kind, String problem, String detail) {
        return new ReportParseException(kind, problem, detail, null, null, null);
    }

    /** The same problem, located inside the named zip entry. */
    public ReportParseException inEntry(String entryName) {
        ReportParseException located = new ReportParseException(kind, problem, detail, line, column, entryName,
                getCause());
        located.setStackTrace(getStackTrace());
        return located;
    }

    public Kind kind() {
        return kind;
    }

    public String problem() {
        return problem;
    }

    public String detail() {
        return detail;
    }

    public Integer line() {
        return line;
    }

    public Integer column() {
        return column;
    }

    /** The zip entry the problem is in, null when the report is not a zip. */
    public String entry() {
        return entry;
    }

    @Override
    public String getMessage() {
        StringBuilder message = new StringBuilder("Report");
        if (entry != null) {
            message.append(" entry '").append(entry).append('\'');
        }
        message.append(' ').append(problem);
        if (line != null) {
            message.append(" at line ").append(line);
            if (column != null) {
                message.append(", column ").append(column);
            }
        }
        if (detail != null && !detail.isBlank()) {
            message.append(": ").append(detail.strip());
        }
        return message.toString();
    }
}
