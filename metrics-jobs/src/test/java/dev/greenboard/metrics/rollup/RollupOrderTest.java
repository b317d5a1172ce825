package dev.greenboard.metrics.rollup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The order run-all runs rollups in: by name, each after the rollups it reads. */
class RollupOrderTest {

    /** A rollup that only has a name and dependencies: ordering never runs one. */
    private record Named(String name, List<String> dependsOn) implements Rollup {

        @Override
        public String description() {
            return name;
        }

        @Override
        public String defaultSchedule() {
            return "0 0 * * * ?";
        }

        @Override
        public RollupOutcome run(RollupContext context) {
            throw new UnsupportedOperationException("only ordered, never run");
        }
    }

    private static List<String> order(Named... rollups) {
        return RollupRunner.inDependencyOrder(List.of(rollups)).keySet().stream().toList();
    }

    @Test
    void byNameUnlessADependencyComesFirst() {
        assertEquals(List.of("alpha", "beta", "gamma"),
                order(new Named("gamma", List.of()), new Named("alpha", List.of()), new Named("beta", List.of())));
        // test-times reads commit-health, flaky-tests reads disabled-tests: each dependency moves ahead of its reader.
        assertEquals(List.of("commit-health", "disabled-tests", "flaky-tests", "retention", "test-times"),
                order(new Named("test-times", List.of("commit-health")), new Named("retention", List.of()),
                        new Named("flaky-tests", List.of("disabled-tests")), new Named("disabled-tests", List.of()),
                        new Named("commit-health", List.of())));
        assertEquals(List.of("c", "b", "a"), order(new Named("a", List.of("b")), new Named("b", List.of("c")),
                new Named("c", List.of())));
    }

    @Test
    void aCycleAnUnknownDependencyOrATwiceUsedNameFailTheStart() {
        IllegalStateException cycle = assertThrows(IllegalStateException.class,
                () -> order(new Named("a", List.of("b")), new Named("b", List.of("a"))));
        assertTrue(cycle.getMessage().contains("cycle"), cycle.getMessage());
        IllegalStateException unknown = assertThrows(IllegalStateException.class,
                () -> order(new Named("a", List.of("nope"))));
        assertEquals("Rollup[a] depends on unknown rollup[nope]", unknown.getMessage());
        IllegalStateException twice = assertThrows(IllegalStateException.class,
                () -> order(new Named("a", List.of()), new Named("a", List.of())));
        assertEquals("Two rollups are named 'a'", twice.getMessage());
    }
}
