package dev.greenboard.metrics.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** How the settings make the rule list: built-in rules, added ones, replaced ones, and refused ones. */
class ConfiguredRulesTest {

    @Test
    void theBuiltInRulesApplyWhenNothingIsSet() {
        List<ClassificationRule> rules = LogClassificationsRollup.rules(config(true, Map.of()));
        assertEquals(DefaultRules.all().stream().map(ClassificationRule::name).toList(),
                rules.stream().map(ClassificationRule::name).toList());
    }

    @Test
    void aConfiguredRuleIsAddedAndOneOfTheSameNameReplacesTheBuiltInOne() {
        Map<String, LogClassificationConfig.Rule> configured = new LinkedHashMap<>();
        configured.put("oom-killer", rule("Killed process (\\d+)", 97));
        configured.put("exit-code", rule("exited with (\\d+)", 5));
        List<ClassificationRule> rules = LogClassificationsRollup.rules(config(true, configured));
        assertEquals(DefaultRules.all().size() + 1, rules.size());
        ClassificationRule exit = rules.stream().filter(r -> r.name().equals("exit-code")).findFirst().orElseThrow();
        assertEquals("exited with (\\d+)", exit.pattern().pattern());
        assertEquals(5, exit.priority());
        assertTrue(rules.stream().anyMatch(r -> r.name().equals("oom-killer") && r.priority() == 97));
    }

    @Test
    void withoutTheBuiltInRulesOnlyTheConfiguredOnesApply() {
        List<ClassificationRule> rules = LogClassificationsRollup.rules(config(false,
                Map.of("flaky-network", rule("Connection reset by peer", 50))));
        assertEquals(List.of("flaky-network"), rules.stream().map(ClassificationRule::name).toList());
    }

    @Test
    void noRuleAtAllIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LogClassificationsRollup.rules(config(false, Map.of())));
        assertEquals("No log classification rules: greenboard.log-classification.default-rules is false and no"
                + " greenboard.log-classification.rules are set", e.getMessage());
    }

    @Test
    void aConfiguredPatternThatIsNotRe2IsRefusedNamingItsSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LogClassificationsRollup.rules(config(true, Map.of("lookbehind", rule("(?<=FAILED )\\S+",
                        50)))));
        assertTrue(e.getMessage().startsWith("Log classification rule [lookbehind] has a pattern that is not valid"
                + " RE2 (greenboard.log-classification.rules.\"lookbehind\".pattern): "), e.getMessage());
    }

    private static LogClassificationConfig.Rule rule(String pattern, int priority) {
        return new LogClassificationConfig.Rule() {

            @Override
            public String pattern() {
                return pattern;
            }

            @Override
            public int priority() {
                return priority;
            }
        };
    }

    private static LogClassificationConfig config(boolean defaults, Map<String, LogClassificationConfig.Rule> rules) {
        return new LogClassificationConfig() {

            @Override
            public int maxJobsPerRun() {
                return 50;
            }

            @Override
            public Duration maxRunTime() {
                return Duration.ofMinutes(2);
            }

            @Override
            public long maxLogBytes() {
                return 1 << 22;
            }

            @Override
            public int horizonDays() {
                return 14;
            }

            @Override
            public int maxAttempts() {
                return 5;
            }

            @Override
            public Duration retryAfter() {
                return Duration.ofMinutes(10);
            }

            @Override
            public Duration logDelay() {
                return Duration.ofMinutes(5);
            }

            @Override
            public int maxLineChars() {
                return 300;
            }

            @Override
            public boolean defaultRules() {
                return defaults;
            }

            @Override
            public Map<String, Rule> rules() {
                return rules;
            }
        };
    }
}
