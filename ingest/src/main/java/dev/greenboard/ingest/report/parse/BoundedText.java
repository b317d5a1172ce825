package dev.greenboard.ingest.report.parse;

/**
 * Collects text as it streams in, keeping at most a fixed number of chars and dropping the rest on arrival, so a
 * 100 MB stack trace costs no more memory than the part that is kept. Leading whitespace is not stored, so the
 * indentation before a body does not use up the budget.
 */
final class BoundedText {

    /** Ends every cut text, so a reader can tell that something was left out. */
    static final char CUT_MARK = '\u2026';

    private static final int INITIAL_CAPACITY = 64;

    private final int limit;
    private final StringBuilder text;
    private boolean cut;

    BoundedText(int limit) {
        this.limit = limit;
        this.text = new StringBuilder(Math.min(limit, INITIAL_CAPACITY));
    }

    void append(char[] chars, int start, int length) {
        int from = start;
        int end = start + length;
        if (text.length() == 0) {
            while (from < end && Character.isWhitespace(chars[from])) {
                from++;
            }
        }
        int room = limit - text.length();
        int taken = Math.min(room, end - from);
        text.append(chars, from, taken);
        if (taken < end - from) {
            cut = true;
        }
    }

    /** The text without surrounding whitespace and cut to the limit, or null when nothing but whitespace came in. */
    String value() {
        if (cut) {
            return cutToLimit(text, limit);
        }
        String stripped = text.toString().strip();
        return stripped.isEmpty() ? null : stripped;
    }

    /** {@code value} without surrounding whitespace and cut to {@code limit} chars; null when blank. */
    static String bounded(String value, int limit) {
        if (value == null) {
            return null;
        }
        String stripped = value.strip();
        if (stripped.isEmpty()) {
            return null;
        }
        return stripped.length() <= limit ? stripped : cutToLimit(stripped, limit);
    }

    private static String cutToLimit(CharSequence full, int limit) {
        int keep = limit - 1;
        // Never leave half of a surrogate pair (a 4-byte UTF-8 character) at the end.
        if (keep > 0 && Character.isHighSurrogate(full.charAt(keep - 1))) {
            keep--;
        }
        return full.subSequence(0, keep).toString().stripTrailing() + CUT_MARK;
    }
}
