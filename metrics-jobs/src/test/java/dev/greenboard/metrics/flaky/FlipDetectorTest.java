package dev.greenboard.metrics.flaky;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FlipDetectorTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /**
     * A history is one letter per commit, oldest first, P pass and F fail; commit i ran at T0 + i hours. lastFlip is
     * the hour of the newest flip's last failure (-1: none).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            '',          0, -1, 0
            P,           0, -1, 0
            PFP,         1,  1, 0
            PFFP,        1,  2, 0
            PFFFP,       0, -1, 0
            PFFFFFP,     0, -1, 0
            FP,          0, -1, 0
            FFP,         0, -1, 0
            PF,          0, -1, 1
            PFF,         0, -1, 2
            PFFF,        0, -1, 3
            PFPFFPFFFP,  2,  4, 0
            PFPFPFPFP,   4,  7, 0
            PFPPPFFF,    1,  1, 3
            FFFPFP,      1,  4, 0
            PPPPPPPP,    0, -1, 0
            FFFFFFFF,    0, -1, 8
            """)
    void countsFlipsAndTheBreakageAtTheHead(String history, int flips, int lastFlipHour, int trailingFailures) {
        List<FlipDetector.CommitOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < history.length(); i++) {
            outcomes.add(new FlipDetector.CommitOutcome(history.charAt(i) == 'F', T0.plusSeconds(3600L * i)));
        }
        FlipDetector.Flips found = FlipDetector.detect(outcomes, 3);
        assertEquals(flips, found.count(), "flips");
        assertEquals(lastFlipHour < 0 ? null : T0.plusSeconds(3600L * lastFlipHour), found.lastAt(), "last flip");
        assertEquals(trailingFailures, found.trailingFailures(), "failures at the head");
    }

    @ParameterizedTest
    @CsvSource(textBlock = """
            2, PFFP, 0
            4, PFFFP, 1
            """)
    void theBreakageStreakIsConfigurable(int streak, String history, int flips) {
        List<FlipDetector.CommitOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < history.length(); i++) {
            outcomes.add(new FlipDetector.CommitOutcome(history.charAt(i) == 'F', T0.plusSeconds(3600L * i)));
        }
        assertEquals(flips, FlipDetector.detect(outcomes, streak).count());
    }
}
