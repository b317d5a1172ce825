package dev.greenboard.api.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The patterns callers send: RE2 regex or substring as documented, and refused with a reason when they cannot run. */
class UserPatternTest {

    private static final String TEST = "pull / linux-jammy-cuda12.4-py3.10-gcc11 / test (default, 1, 5, linux.g5.4xlarge)";
    private static final String BUILD = "trunk / win-vs2022-cpu-py3 / build";

    @ParameterizedTest(name = "[{0}] keeps [{1}]")
    @CsvSource(delimiter = '|', value = {
            // a case-insensitive regex, found anywhere in the name
            "WIN|" + BUILD,
            "linux.*test|" + TEST,
            "^pull /|" + TEST,
            "(?P<config>cuda[0-9.]+)|" + TEST,
            // not a regex in any dialect: a substring, ignoring case
            "TEST (DEFAULT|" + TEST,
            "win-vs2022-cpu-py3 / build)|-",
            "[|-"})
    void keepsWhatTheDocumentedMeaningKeeps(String pattern, String kept) {
        UserPattern filter = UserPattern.of("jobFilter", pattern);
        List<String> names = List.of(TEST, BUILD);
        assertEquals(kept.equals("-") ? List.of() : List.of(kept), names.stream().filter(filter).toList());
    }

    @Test
    void blankMeansNoFilter() {
        assertNull(UserPattern.of("jobFilter", null));
        assertNull(UserPattern.of("jobFilter", "  "));
    }

    @Test
    void invalidRegexIsASubstring() {
        assertFalse(UserPattern.of("jobFilter", "test (default").isRegex());
        assertTrue(UserPattern.of("jobFilter", "test \\(default").isRegex());
    }

    @Test
    void theHostileFilterOfTheIssueRunsInLinearTime() {
        // java.util.regex needed 775 s for this over a branch of such names; RE2 walks each name once.
        UserPattern filter = UserPattern.of("jobFilter", ".*.*.*.*.*.*.*.*=");
        assertFalse(filter.test(TEST.repeat(1_000)));
        assertTrue(filter.test(TEST + " crossref=1"));
    }

    @ParameterizedTest(name = "[{0}]: {1}")
    @CsvSource(delimiter = ';', value = {
            "(linux)\\1;`\\1`", // backreference
            "linux(?=-jammy);`(?=`", // lookahead
            "(?<!win)-cpu;`(?<!win)-cpu`", // lookbehind
            "a++;`++`", // possessive
            "(?>ab|a)c;`(?>`"}) // atomic group
    void regexFeaturesRe2LacksAreRefusedWithTheReason(String pattern, String where) {
        ApiException.BadInput refused = assertThrows(ApiException.BadInput.class,
                () -> UserPattern.of("jobFilter", pattern));
        assertTrue(refused.getMessage().startsWith("jobFilter uses regex syntax that Greenboard does not run"),
                refused.getMessage());
        assertTrue(refused.getMessage().contains(where), refused.getMessage());
        assertTrue(refused.getMessage().contains("no backreferences, lookahead or lookbehind"), refused.getMessage());
    }

    @Test
    void longPatternsAreRefused() {
        assertTrue(UserPattern.of("jobFilter", "a".repeat(UserPattern.MAX_LENGTH)).isRegex());
        ApiException.BadInput refused = assertThrows(ApiException.BadInput.class,
                () -> UserPattern.of("jobFilter", "a".repeat(UserPattern.MAX_LENGTH + 1)));
        assertEquals("jobFilter is 201 characters long; at most 200 are accepted", refused.getMessage());
    }

    @Test
    void repetitionsThatExpandTooFarAreRefusedBeforeCompiling() {
        // RE2/J compiles this into a million instructions: seconds to build, and every match a million times slower.
        ApiException.BadInput refused = assertThrows(ApiException.BadInput.class,
                () -> UserPattern.of("jobFilter", "((a{100}){100}){100}"));
        assertTrue(refused.getMessage().startsWith("jobFilter expands to about 1000000 steps"), refused.getMessage());
        assertTrue(UserPattern.of("jobFilter", "[a-z]{1000}").isRegex());
    }

    @ParameterizedTest(name = "[{0}] expands to {1}")
    @CsvSource(delimiter = ';', value = {
            "abc;3",
            "a|b|c;3",
            "a{10};10",
            "a{2,5};5",
            "a{3,};3",
            "(ab){10};20",
            "((a{100}){100}){100};1000000",
            "x(ab){3}y;8",
            "[a-z{}]{4};4", // braces inside a class are characters
            "\\{5};3", // an escaped brace is a character: then '5' and '}'
            "\\.{5};5", // an escaped dot repeats
            "a{x};4", // not a repetition: four characters
            "(?i)linux;5", // flags are no group
            "\\p{Greek}{3};3",
            "(unclosed{2};9"})
    void expandedSizeWritesOutCountedRepetitions(String pattern, int size) {
        assertEquals(size, UserPattern.expandedSize(pattern));
    }
}
