package dev.greenboard.api.namedquery;

import java.util.List;

/**
 * A result as CSV by RFC 4180: a header line of column names, CRLF line ends, and a field quoted when it holds a comma,
 * a quote, CR or LF (quotes doubled inside). As in PostgreSQL's CSV, SQL NULL is an empty field and an empty string is
 * {@code ""}, so the two stay apart.
 */
final class CsvText {

    private CsvText() {
    }

    static String of(List<String> columns, List<List<String>> rows) {
        StringBuilder csv = new StringBuilder();
        line(csv, columns);
        rows.forEach(row -> line(csv, row));
        return csv.toString();
    }

    private static void line(StringBuilder csv, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                csv.append(',');
            }
            field(csv, fields.get(i));
        }
        csv.append("\r\n");
    }

    private static void field(StringBuilder csv, String value) {
        if (value == null) {
            return;
        }
        if (value.isEmpty() || value.chars().anyMatch(c -> c == ',' || c == '"' || c == '\r' || c == '\n')) {
            csv.append('"').append(value.replace("\"", "\"\"")).append('"');
        } else {
            csv.append(value);
        }
    }
}
