package dev.greenboard.metrics.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The built-in rules on log excerpts shaped like GitHub's (timestamps included) and the way a winner is chosen. */
class LogClassifierTest {

    private static final LogClassifier DEFAULTS = new LogClassifier(DefaultRules.all(), 300);

    private static final String PYTEST_LOG = """
            2026-12-05T10:15:30.1234567Z ##[group]Run python -m pytest test/test_nn.py
            2026-12-05T10:15:31.0000000Z ============================= test session starts ==============================
            2026-12-05T10:16:02.5000000Z E       RuntimeError: expected scalar type Float but found Half
            2026-12-05T10:16:02.5100000Z test/test_nn.py:4123: RuntimeError
            2026-12-05T10:16:03.0000000Z =========================== short test summary info ============================
            2026-12-05T10:16:03.0100000Z FAILED test/test_nn.py::TestNN::test_conv_half - RuntimeError: expected scalar type Float but found Half
            2026-12-05T10:16:03.0200000Z FAILED test/test_nn.py::TestNN::test_pool - AssertionError: 1 != 2
            2026-12-05T10:16:03.5000000Z ##[error]Process completed with exit code 1.
            """;

    @Test
    void aFailingPytestIsNamedByItsFirstFailedTest() throws IOException {
        Classification found = classify(DEFAULTS, PYTEST_LOG).orElseThrow();
        assertEquals("pytest-failed", found.rule());
        assertEquals("test/test_nn.py::TestNN::test_conv_half", found.captured());
        assertEquals("FAILED test/test_nn.py::TestNN::test_conv_half - RuntimeError: expected scalar type Float but"
                + " found Half", found.line(), "the timestamp is stripped");
        assertEquals(6, found.lineNumber());
    }

    @Test
    void aResourceRunningOutOutranksTheFailuresItCaused() throws IOException {
        String log = PYTEST_LOG + """
                2026-12-05T10:16:04.0000000Z OSError: [Errno 28] No space left on device: '/tmp/pytest-of-runner'
                """;
        Classification found = classify(DEFAULTS, log).orElseThrow();
        assertEquals("no-space-left", found.rule());
        assertEquals(9, found.lineNumber());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "out-of-memory|torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB|"
                    + "OutOfMemoryError",
            "out-of-memory|c++: fatal error: Killed signal terminated program cc1plus|Killed signal terminated",
            "segmentation-fault|/bin/bash: line 1:  4242 Segmentation fault      (core dumped) python test/run.py|"
                    + "Segmentation fault",
            "timed-out|##[error]The job running on runner i-0abc has exceeded the maximum execution time of 240 "
                    + "minutes.|has exceeded the maximum execution time of 240 minutes",
            "timed-out|##[error]The action 'Run tests' has timed out after 30 minutes.|"
                    + "has timed out after 30 minutes",
            "compile-error|/src/aten/src/ATen/native/Conv.cpp:42:7: error: use of undeclared identifier 'foo'|"
                    + "/src/aten/src/ATen/native/Conv.cpp:42:7: error: use of undeclared identifier 'foo'",
            "compile-error|error[E0308]: mismatched types|error[E0308]: mismatched types",
            "python-error|ModuleNotFoundError: No module named 'torchvision'|ModuleNotFoundError",
            "python-error|torch._dynamo.exc.InternalTorchDynamoError: boom|InternalTorchDynamoError",
            "cancelled|##[error]The operation was canceled.|The operation was canceled",
            "exit-code|##[error]Process completed with exit code 137.|137"})
    void eachBuiltInRuleOnItsLine(String rule, String line, String captured) throws IOException {
        String log = "2026-12-05T10:00:00.0000000Z ##[group]Run ./build.sh\n2026-12-05T10:00:01.0000000Z " + line
                + "\n2026-12-05T10:00:02.0000000Z ##[error]Process completed with exit code 1.\n";
        Classification found = classify(DEFAULTS, log).orElseThrow();
        assertEquals(rule, found.rule(), found.toString());
        assertEquals(captured, found.captured());
    }

    @Test
    void aLogWithoutAKnownFailureMatchesNoRule() throws IOException {
        String log = """
                2026-12-05T10:00:00.0000000Z ##[group]Run actions/checkout@v4
                2026-12-05T10:00:01.0000000Z Syncing repository: pytorch/pytorch
                2026-12-05T10:00:02.0000000Z no errors: 0, warnings: 3
                2026-12-05T10:00:03.0000000Z Cleaning up orphan processes
                """;
        assertEquals(Optional.empty(), classify(DEFAULTS, log));
    }

    @Test
    void theHigherPriorityWinsWhereverItsLineIsAndEqualPrioritiesGoByName() throws IOException {
        LogClassifier classifier = new LogClassifier(List.of(ClassificationRule.of("low", "boom", 1),
                ClassificationRule.of("high", "crash (\\w+)", 5), ClassificationRule.of("also-high", "crash", 5)),
                300);
        Classification found = classify(classifier, "boom 1\ncrash one\nboom 2\ncrash two\n").orElseThrow();
        assertEquals("also-high", found.rule(), "equal priorities: the first by name");
        assertEquals("crash one", found.captured(), "no group: the line");
        assertEquals(2, found.lineNumber(), "the first line the winner matched");
        assertEquals(List.of("also-high", "high", "low"), classifier.rules().stream().map(ClassificationRule::name)
                .toList());
    }

    @Test
    void longLinesAreStoredCut() throws IOException {
        LogClassifier classifier = new LogClassifier(DefaultRules.all(), 40);
        Classification found = classify(classifier, "FAILED test/" + "very_long_name_".repeat(20)
                + ".py::test_x - AssertionError\n").orElseThrow();
        assertEquals(40, found.line().length());
        assertTrue(found.line().startsWith("FAILED test/very_long_name_"), found.line());
        assertTrue(found.line().endsWith("…"), found.line());
        assertEquals(40, found.captured().length());
    }

    @Test
    void aBadPatternIsRefusedNamingTheRuleAndItsSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClassificationRule.of("broken-rule", "FAILED (unclosed", 10));
        assertTrue(e.getMessage().startsWith("Log classification rule [broken-rule] has a pattern that is not valid"
                + " RE2 (greenboard.log-classification.rules.\"broken-rule\".pattern): "), e.getMessage());
        // Backreferences backtrack; RE2 has none, so a rule cannot make a log take exponential time.
        assertThrows(IllegalArgumentException.class, () -> ClassificationRule.of("backref", "(a+)\\1", 10));
    }

    @Test
    void twoRulesOfOneNameAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LogClassifier(List.of(ClassificationRule.of("x", "a", 1), ClassificationRule.of("x", "b",
                        2)), 300));
        assertEquals("Two log classification rules are named [x]", e.getMessage());
    }

    private static Optional<Classification> classify(LogClassifier classifier, String log) throws IOException {
        try (LogLines lines = new LogLines(new ByteArrayInputStream(log.getBytes(StandardCharsets.UTF_8)),
                1 << 20)) {
            return classifier.classify(lines);
        }
    }
}
