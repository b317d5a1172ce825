package dev.greenboard.ingest.report;

import java.util.Locale;

/** The body formats a test-report upload may have, chosen by Content-Type. */
public enum ReportFormat {

    JUNIT_XML("junit-xml"), JUNIT_ZIP("junit-zip"), JSON_LINES("json-lines");

    private final String label;

    ReportFormat(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The format for a Content-Type header, or null when it is none of the accepted ones. */
    public static ReportFormat forContentType(String contentType) {
        if (contentType == null) {
            return null;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return switch (type) {
            case "application/xml", "text/xml", "application/junit+xml" -> JUNIT_XML;
            case "application/zip", "application/x-zip-compressed" -> JUNIT_ZIP;
            case "application/x-ndjson", "application/jsonl", "application/json-lines", "application/jsonlines" ->
                JSON_LINES;
            default -> null;
        };
    }
}
