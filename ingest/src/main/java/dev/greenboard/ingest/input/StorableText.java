package dev.greenboard.ingest.input;

/**
 * Text as PostgreSQL can store it. Its {@code text} and {@code jsonb} hold no NUL character, and UTF-8 has no form for
 * a lone UTF-16 surrogate (a JSON escape such as {@code \ud800} without its pair): Java would send the surrogate as
 * '?' without a word. So every string an upload or a delivery brings passes here on its way to a text column: NUL is
 * removed and a lone surrogate becomes U+FFFD, the replacement character (docs/ingest.md "What is stored exactly,
 * what is normalized").
 */
public final class StorableText {

    /** What a lone surrogate becomes. */
    public static final char REPLACEMENT = '\uFFFD';

    private StorableText() {
    }

    /** {@code text} without NUL and with U+FFFD for each lone surrogate; the same instance when it has neither. */
    public static String of(String text) {
        if (text == null || isStorable(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0') {
                continue;
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                out.append(REPLACEMENT);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Whether {@code text} has neither NUL nor a lone surrogate, and so is stored as it is. */
    public static boolean isStorable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0') {
                return false;
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < text.length()
                        && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return false;
                }
            }
        }
        return true;
    }

    /** Bytes of {@code text} in UTF-8, counted without encoding it. */
    public static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** The first {@code maxChars} characters of {@code text} for a message, with '…' when cut; never half a pair. */
    public static String excerpt(String text, int maxChars) {
        String storable = of(text);
        if (storable.length() <= maxChars) {
            return storable;
        }
        int end = maxChars;
        if (Character.isHighSurrogate(storable.charAt(end - 1))) {
            end--;
        }
        return storable.substring(0, end) + '\u2026';
    }
}
