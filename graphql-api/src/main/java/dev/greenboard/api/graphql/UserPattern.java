package dev.greenboard.api.graphql;

import java.util.Locale;
import java.util.function.Predicate;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * A pattern a caller sent, such as the HUD's {@code jobFilter}: a case-insensitive regular expression that is found
 * anywhere in a name, or, when the text is not a valid regex at all, a case-insensitive substring.
 * <p>
 * It runs on RE2/J, whose matching time grows linearly with the text (java.util.regex backtracks: one filter of eight
 * {@code .*} over long job names held a thread for minutes). RE2 has no backreferences, lookaround, possessive
 * quantifiers or atomic groups; a pattern that needs one of them is refused with a message that says so, not taken as
 * a substring, since the caller clearly meant a regex. The text is bounded, and so is what its counted repetitions
 * expand to: RE2/J compiles {@code ((a{100}){100}){100}} into a million instructions, which takes seconds to build and
 * makes every match a million times slower.
 */
public final class UserPattern implements Predicate<String> {

    /** Characters a pattern may have. */
    public static final int MAX_LENGTH = 200;
    /** What a pattern may expand to once counted repetitions are written out: about RE2/J's program size. */
    public static final int MAX_EXPANDED_SIZE = 1_000;

    private final Pattern regex;
    private final String needle;

    private UserPattern(Pattern regex, String needle) {
        this.regex = regex;
        this.needle = needle;
    }

    /**
     * The pattern {@code text} given as argument {@code argument}, or null when it is null or blank (no filter).
     *
     * @throws ApiException.BadInput when it is too long, expands too far or needs a feature RE2 lacks
     */
    public static UserPattern of(String argument, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        if (text.length() > MAX_LENGTH) {
            throw ApiException.badInput(argument + " is " + text.length() + " characters long; at most " + MAX_LENGTH
                    + " are accepted");
        }
        int expanded = expandedSize(text);
        if (expanded > MAX_EXPANDED_SIZE) {
            throw ApiException.badInput(argument + " expands to about " + expanded
                    + " steps once its counted repetitions ({n}, {n,m}) are written out; at most " + MAX_EXPANDED_SIZE
                    + " are accepted: use *, + or smaller counts");
        }
        try {
            return new UserPattern(Pattern.compile(text, Pattern.CASE_INSENSITIVE), null);
        } catch (PatternSyntaxException e) {
            if (validForJava(text)) {
                throw ApiException.badInput(argument + " uses regex syntax that Greenboard does not run ("
                        + e.getDescription() + " at `" + e.getPattern() + "`): patterns run on RE2, which has no"
                        + " backreferences, lookahead or lookbehind, possessive quantifiers or atomic groups");
            }
            // Not a regex in any dialect, e.g. "test (default": the documented meaning is a substring.
            return new UserPattern(null, text.toLowerCase(Locale.ROOT));
        }
    }

    /** Whether the name matches: the regex is found in it, or it contains the substring, ignoring case. */
    @Override
    public boolean test(String name) {
        return regex != null ? regex.matcher(name).find() : name.toLowerCase(Locale.ROOT).contains(needle);
    }

    /** True when the text was taken as a regex, false when as a substring. */
    public boolean isRegex() {
        return regex != null;
    }

    /**
     * Whether java.util.regex accepts the text: then it is a regex that uses what RE2 lacks. Compiling (not matching) is
     * linear in the text, which is bounded.
     */
    private static boolean validForJava(String text) {
        try {
            java.util.regex.Pattern.compile(text);
            return true;
        } catch (java.util.regex.PatternSyntaxException e) {
            return false;
        }
    }

    /**
     * An upper bound of the number of atoms in {@code text} once every counted repetition is written out: {@code x{n,m}}
     * counts x m times (RE2 compiles it to m copies), nested counts multiply, alternatives add up. Escapes and
     * character classes count one. Malformed text gets a bound as well; the compiler then judges it.
     */
    static int expandedSize(String text) {
        long[] total = new long[text.length() + 2]; // per open group: its size so far
        long[] lastAtom = new long[text.length() + 2]; // per open group: the size of its last atom
        int depth = 0;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\') {
                i = skipEscape(text, i);
                lastAtom[depth] = 1;
                total[depth] += 1;
            } else if (c == '[') {
                i = skipClass(text, i);
                lastAtom[depth] = 1;
                total[depth] += 1;
            } else if (c == '(') {
                int flagsEnd = flagsOnly(text, i);
                if (flagsEnd > 0) {
                    i = flagsEnd; // (?i) and the like: no group
                    continue;
                }
                depth++;
                total[depth] = 0;
                lastAtom[depth] = 0;
                i++;
            } else if (c == ')' && depth > 0) {
                long group = Math.max(1, total[depth]);
                depth--;
                lastAtom[depth] = group;
                total[depth] = saturated(total[depth] + group);
                i++;
            } else if (c == '{' && repetition(text, i) != null) {
                int[] count = repetition(text, i);
                long copies = Math.max(1, count[0]);
                total[depth] = saturated(total[depth] + lastAtom[depth] * (copies - 1));
                lastAtom[depth] = saturated(lastAtom[depth] * copies);
                i = count[1];
            } else if (c == '*' || c == '+' || c == '?' || c == '|') {
                i++; // a loop or a choice, no copy
            } else {
                lastAtom[depth] = 1;
                total[depth] += 1;
                i++;
            }
        }
        while (depth > 0) { // unclosed groups: count them as closed
            long group = total[depth];
            depth--;
            total[depth] = saturated(total[depth] + group);
        }
        return (int) Math.min(Integer.MAX_VALUE, total[0]);
    }

    private static long saturated(long value) {
        return Math.min(value, Integer.MAX_VALUE);
    }

    /** The index after the escape at {@code i}: {@code \x}, {@code \p{Name}}, {@code \x{1F600}}, {@code \Q...\E}. */
    private static int skipEscape(String text, int i) {
        if (i + 1 >= text.length()) {
            return text.length();
        }
        char kind = text.charAt(i + 1);
        if ((kind == 'p' || kind == 'P' || kind == 'x') && i + 2 < text.length() && text.charAt(i + 2) == '{') {
            int close = text.indexOf('}', i + 3);
            return close < 0 ? text.length() : close + 1;
        }
        if (kind == 'Q') {
            int end = text.indexOf("\\E", i + 2);
            return end < 0 ? text.length() : end + 2;
        }
        return i + 2;
    }

    /** The index after the character class that opens at {@code i}. */
    private static int skipClass(String text, int i) {
        int j = i + 1;
        if (j < text.length() && text.charAt(j) == '^') {
            j++;
        }
        if (j < text.length() && text.charAt(j) == ']') {
            j++; // a leading ] is a literal
        }
        while (j < text.length()) {
            char c = text.charAt(j);
            if (c == '\\') {
                j += 2;
            } else if (c == '[' && j + 1 < text.length() && text.charAt(j + 1) == ':') {
                int close = text.indexOf(":]", j + 2);
                j = close < 0 ? j + 1 : close + 2;
            } else if (c == ']') {
                return j + 1;
            } else {
                j++;
            }
        }
        return text.length();
    }

    /** For {@code (?flags)} at {@code i}, the index after it; else 0 (a group opens there). */
    private static int flagsOnly(String text, int i) {
        if (i + 1 >= text.length() || text.charAt(i + 1) != '?') {
            return 0;
        }
        int j = i + 2;
        while (j < text.length() && (Character.isLetter(text.charAt(j)) || text.charAt(j) == '-')) {
            j++;
        }
        return j < text.length() && text.charAt(j) == ')' ? j + 1 : 0;
    }

    /**
     * For a counted repetition {@code {n}}, {@code {n,}} or {@code {n,m}} at {@code i}: the copies it makes (m, or n when
     * open-ended) and the index after it; null when the brace is a literal.
     */
    private static int[] repetition(String text, int i) {
        int j = i + 1;
        long min = 0;
        int digits = 0;
        while (j < text.length() && Character.isDigit(text.charAt(j)) && digits < 9) {
            min = min * 10 + (text.charAt(j) - '0');
            j++;
            digits++;
        }
        if (digits == 0 || j >= text.length()) {
            return null;
        }
        long max = min;
        if (text.charAt(j) == ',') {
            j++;
            long upper = 0;
            int upperDigits = 0;
            while (j < text.length() && Character.isDigit(text.charAt(j)) && upperDigits < 9) {
                upper = upper * 10 + (text.charAt(j) - '0');
                j++;
                upperDigits++;
            }
            max = upperDigits == 0 ? min : Math.max(min, upper);
        }
        if (j >= text.length() || text.charAt(j) != '}') {
            return null;
        }
        return new int[]{(int) Math.min(max, Integer.MAX_VALUE), j + 1};
    }
}
