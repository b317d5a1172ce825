package dev.greenboard.api.namedquery;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SQL of a named query with its {@code :name} placeholders located. A placeholder becomes a positional parameter
 * {@code ($n::type)}: values are bound by the PostgreSQL client, never pasted into the text. The scanner knows enough
 * of PostgreSQL's lexical rules (quoted strings and identifiers, dollar quotes, comments, {@code ::} casts) that a
 * colon inside them is not taken for a placeholder.
 */
final class SqlTemplate {

    private static final Pattern DOLLAR_QUOTE = Pattern.compile("\\$([A-Za-z_][A-Za-z0-9_]*)?\\$");
    private static final Pattern READ_STATEMENT = Pattern.compile("(?i)(\\(|(select|with|values|table)\\b).*",
            Pattern.DOTALL);

    private record Placeholder(String name, int start, int end) {
    }

    /** The statement with positional parameters, and the placeholder name bound to each {@code $n}, in order. */
    record Positional(String sql, List<String> order) {
    }

    private final String text;
    private final int end;
    private final List<Placeholder> placeholders;

    private SqlTemplate(String text, int end, List<Placeholder> placeholders) {
        this.text = text;
        this.end = end;
        this.placeholders = placeholders;
    }

    /**
     * Scans {@code text}: one statement that reads (SELECT, WITH, VALUES or TABLE, or one in parentheses), optionally
     * ended by a semicolon.
     *
     * @throws IllegalArgumentException with what is wrong with it
     */
    static SqlTemplate parse(String text) {
        List<Placeholder> placeholders = new ArrayList<>();
        int firstToken = -1;
        int semicolon = -1;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            boolean comment = text.startsWith("--", i) || text.startsWith("/*", i);
            if (semicolon >= 0 && !Character.isWhitespace(c) && !comment) {
                throw new IllegalArgumentException("query.sql holds more than one statement (text follows the ';' at"
                        + " line " + lineOf(text, semicolon) + "); a named query is one SELECT");
            }
            if (firstToken < 0 && !Character.isWhitespace(c) && !comment) {
                firstToken = i;
            }
            if (text.startsWith("--", i)) {
                int newline = text.indexOf('\n', i);
                i = newline < 0 ? text.length() : newline + 1;
            } else if (text.startsWith("/*", i)) {
                i = skipBlockComment(text, i);
            } else if (c == '\'') {
                i = skipQuoted(text, i, '\'', isEscapeString(text, i));
            } else if (c == '"') {
                i = skipQuoted(text, i, '"', false);
            } else if (c == '$' && !isIdentifierPart(text, i - 1)) {
                i = skipDollar(text, i);
            } else if (c == ':' && text.startsWith("::", i)) {
                i += 2;
            } else if (c == ':' && i + 1 < text.length() && isNameStart(text.charAt(i + 1))) {
                int nameEnd = i + 2;
                while (nameEnd < text.length() && isNamePart(text.charAt(nameEnd))) {
                    nameEnd++;
                }
                placeholders.add(new Placeholder(text.substring(i + 1, nameEnd), i, nameEnd));
                i = nameEnd;
            } else {
                if (c == ';') {
                    semicolon = i;
                }
                i++;
            }
        }
        if (firstToken < 0) {
            throw new IllegalArgumentException("query.sql holds no statement");
        }
        if (!READ_STATEMENT.matcher(text.substring(firstToken)).matches()) {
            throw new IllegalArgumentException("query.sql must be one statement that reads: SELECT, WITH ... SELECT,"
                    + " VALUES, TABLE, or one of them in parentheses (named queries run read-only), but it starts with '"
                    + text.substring(firstToken, Math.min(text.length(), firstToken + 20)).strip() + "'");
        }
        return new SqlTemplate(text, semicolon >= 0 ? semicolon : text.length(), List.copyOf(placeholders));
    }

    /** The names of the placeholders, in order of first appearance. */
    Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        placeholders.forEach(p -> names.add(p.name()));
        return names;
    }

    /** The statement (without its closing semicolon), every placeholder cast to the SQL type of its parameter. */
    Positional positional(Map<String, ParameterType> types) {
        List<String> order = List.copyOf(names());
        StringBuilder sql = new StringBuilder(end + placeholders.size() * 16);
        int from = 0;
        for (Placeholder placeholder : placeholders) {
            sql.append(text, from, placeholder.start())
                    .append("($").append(order.indexOf(placeholder.name()) + 1)
                    .append("::").append(types.get(placeholder.name()).sqlType()).append(')');
            from = placeholder.end();
        }
        sql.append(text, from, end);
        return new Positional(sql.toString().strip(), order);
    }

    private static int skipBlockComment(String text, int start) {
        // PostgreSQL's block comments nest.
        int depth = 0;
        int i = start;
        while (i < text.length()) {
            if (text.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (text.startsWith("*/", i)) {
                depth--;
                i += 2;
                if (depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        throw new IllegalArgumentException("query.sql has a /* comment that is not closed (line " + lineOf(text, start)
                + ")");
    }

    private static int skipQuoted(String text, int start, char quote, boolean backslashEscapes) {
        int i = start + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
            } else if (c == quote && i + 1 < text.length() && text.charAt(i + 1) == quote) {
                i += 2;
            } else if (c == quote) {
                return i + 1;
            } else {
                i++;
            }
        }
        throw new IllegalArgumentException("query.sql has a " + quote + " that is not closed (line "
                + lineOf(text, start) + ")");
    }

    /** A dollar-quoted string is skipped whole; a {@code $1} is refused, it would clash with the bound parameters. */
    private static int skipDollar(String text, int start) {
        if (start + 1 < text.length() && Character.isDigit(text.charAt(start + 1))) {
            throw new IllegalArgumentException("query.sql uses a positional parameter ($" + text.charAt(start + 1)
                    + "...) at line " + lineOf(text, start) + "; name it (:name) and declare it in params.json");
        }
        Matcher tag = DOLLAR_QUOTE.matcher(text).region(start, text.length());
        if (!tag.lookingAt()) {
            return start + 1;
        }
        int close = text.indexOf(tag.group(), tag.end());
        if (close < 0) {
            throw new IllegalArgumentException("query.sql has a " + tag.group() + " quote that is not closed (line "
                    + lineOf(text, start) + ")");
        }
        return close + tag.group().length();
    }

    /** {@code E'...'} strings take backslash escapes, so {@code E'\''} does not end at the second quote. */
    private static boolean isEscapeString(String text, int quote) {
        return quote > 0 && (text.charAt(quote - 1) == 'E' || text.charAt(quote - 1) == 'e')
                && !isIdentifierPart(text, quote - 2);
    }

    private static boolean isIdentifierPart(String text, int index) {
        if (index < 0) {
            return false;
        }
        char c = text.charAt(index);
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    private static boolean isNameStart(char c) {
        return c == '_' || Character.isLetter(c);
    }

    private static boolean isNamePart(char c) {
        return c == '_' || Character.isLetterOrDigit(c);
    }

    private static int lineOf(String text, int index) {
        int line = 1;
        for (int i = 0; i < index; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
