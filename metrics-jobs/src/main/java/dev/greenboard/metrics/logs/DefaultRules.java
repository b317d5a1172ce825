package dev.greenboard.metrics.logs;

import java.util.List;

/**
 * The built-in log classification rules: the generic failures of any CI, from the most specific cause to the least.
 * A resource running out explains the test failures it causes, so it outranks them; a failing test outranks the
 * Python error it printed; GitHub's "exit code" line, present in nearly every failed log, says least and comes last.
 */
final class DefaultRules {

    private DefaultRules() {
    }

    static List<ClassificationRule> all() {
        return List.of(
                ClassificationRule.of("no-space-left", "No space left on device", 100),
                ClassificationRule.of("out-of-memory",
                        "(?i)(out of memory|OutOfMemoryError|std::bad_alloc|oom-kill|Killed signal terminated)", 95),
                ClassificationRule.of("segmentation-fault", "(Segmentation fault|SIGSEGV)", 90),
                ClassificationRule.of("timed-out",
                        "(has exceeded the maximum execution time of \\d+ minutes|has timed out after \\d+ minutes)",
                        85),
                ClassificationRule.of("pytest-failed", "^FAILED (\\S+)", 80),
                ClassificationRule.of("compile-error", "(?:^|[\\s:])(?:fatal )?error(?:\\[E\\d+\\])?: ", 70),
                ClassificationRule.of("python-error",
                        "^\\s*(?:[A-Za-z_][\\w]*\\.)*([A-Z]\\w*(?:Error|Exception))(?::|$)", 60),
                ClassificationRule.of("cancelled",
                        "(The operation was canceled|The runner has received a shutdown signal)", 20),
                ClassificationRule.of("exit-code", "Process completed with exit code (\\d+)", 10));
    }
}
