package dev.greenboard.metrics.disabled;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.greenboard.metrics.disabled.DisabledIssueParser.DisabledByIssue;

class DisabledIssueParserTest {

    /** Titles, and the key they disable ('-': none). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            DISABLED test_foo (__main__.TestBar)                          | test_foo (__main__.TestBar)
            DISABLED test_add_cuda_float32 (__main__.TestCommonCUDA)      | test_add_cuda_float32 (__main__.TestCommonCUDA)
            DISABLED test_foo (test_module.TestBar)                       | test_foo (__main__.TestBar)
            DISABLED test_foo (distributed.fsdp.test_fsdp.TestFSDP)       | test_foo (__main__.TestFSDP)
            DISABLED test_foo (TestBar)                                   | test_foo (__main__.TestBar)
            DISABLED   test_foo   (__main__.TestBar)                      | test_foo (__main__.TestBar)
            DISABLED test_foo (__main__.TestBar) on ROCm since Tuesday    | test_foo (__main__.TestBar)
            '  DISABLED test_foo (__main__.TestBar)  '                    | test_foo (__main__.TestBar)
            DISABLED test_x[param-1] (__main__.TestBar)                   | test_x[param-1] (__main__.TestBar)
            Disabled test_foo (__main__.TestBar)                          | -
            disabled test_foo (__main__.TestBar)                          | -
            DISABLED test_foo                                             | -
            DISABLED pull / linux-jammy-py3.10 / test (default)           | -
            DISABLED (__main__.TestBar)                                   | -
            DISABLED test_foo ()                                          | -
            UNSTABLE test_foo (__main__.TestBar)                          | -
            [DISABLED] test_foo (__main__.TestBar)                        | -
            """)
    void readsTheTestFromTheTitle(String title, String key) {
        List<DisabledByIssue> tests = DisabledIssueParser.parse(title, null);
        assertEquals(key == null ? List.of() : List.of(key), tests.stream().map(t -> t.test().key()).toList());
    }

    /** Bodies (\n for line breaks), and the platforms they name ('' : every platform). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            Platforms: linux, win                                   | linux,win
            platforms: Linux,MAC\\nThe test is flaky.               | linux,mac
            Platforms: linux\\nPlatforms: rocm                      | linux,rocm
            Platforms: linux, linux, win                            | linux,win
            '  Platforms:  rocm  ,  asan '                          | rocm,asan
            Platforms:                                              | ''
            Platforms: ,                                            | ''
            This test is flaky on every platform.                   | ''
            Flaky.\\n\\nPlatforms: mac, macos\\n\\nOver the past 3 hours | mac,macos
            The platforms: linux line is not at the start           | ''
            -                                                       | ''
            """)
    void readsPlatformsFromTheBody(String body, String platforms) {
        String text = body == null ? null : body.replace("\\n", "\n");
        List<DisabledByIssue> tests = DisabledIssueParser.parse("DISABLED test_foo (__main__.TestBar)", text);
        List<String> expected = platforms.isEmpty() ? List.of() : Arrays.asList(platforms.split(","));
        assertEquals(1, tests.size());
        assertEquals(expected, tests.get(0).platforms());
    }

    @Test
    void readsIssuesThatDisableSeveralTests() {
        String body = """
                Some text first.
                Disable the following tests:
                ```
                test_a (__main__.TestOne): mac, Windows
                test_b (test_two.TestTwo)
                not a test line
                test_c (__main__.TestThree):
                ```
                test_d (__main__.TestFour): linux
                """;
        List<DisabledByIssue> tests = DisabledIssueParser.parse("DISABLED MULTIPLE flaky distributed tests", body);
        assertEquals(List.of(
                new DisabledByIssue(new DisabledTestKey("test_a", "TestOne"), List.of("mac", "windows")),
                new DisabledByIssue(new DisabledTestKey("test_b", "TestTwo"), List.of()),
                new DisabledByIssue(new DisabledTestKey("test_c", "TestThree"), List.of())), tests);
        assertEquals(List.of(), DisabledIssueParser.parse("DISABLED MULTIPLE tests", "no list here"));
        assertEquals(List.of(), DisabledIssueParser.parse("DISABLED MULTIPLE tests", null));
    }

    @Test
    void keysSayMainAndTheBareClass() {
        DisabledTestKey key = DisabledTestKey.parse("test_foo (test_ops.TestCommon)").orElseThrow();
        assertEquals("test_foo", key.name());
        assertEquals("TestCommon", key.className());
        assertEquals("test_foo (__main__.TestCommon)", key.key());
        assertEquals(key, DisabledTestKey.parse(key.key()).orElseThrow(), "a key reads back as itself");
    }
}
