package dev.greenboard.graphql.hud;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.greenboard.metrics.health.CommitHealthClassifier;
import dev.greenboard.metrics.health.CommitHealthClassifier.Verdict;

/**
 * The commit-health job (module metrics-jobs) merges the executions of a job as the HUD merges a cell: the two must
 * agree on every sequence of up to three executions, so that a commit's state never contradicts its HUD row.
 */
class CiHealthCellAgreementTest {

    private static final Instant T = Instant.parse("2026-11-02T10:00:00Z");
    private static final String[][] OUTCOMES = {{"queued", null}, {"in_progress", null}, {"waiting", null},
            {"completed", "success"}, {"completed", "neutral"}, {"completed", "failure"}, {"completed", "timed_out"},
            {"completed", "startup_failure"}, {"completed", "cancelled"}, {"completed", "skipped"},
            {"completed", "stale"}, {"completed", null}};

    @Test
    void theCommitHealthVerdictOfAJobIsItsHudCell() {
        int checked = 0;
        for (int length = 1; length <= 3; length++) {
            for (List<String[]> sequence : sequences(length)) {
                List<HudCellMerger.Execution> hud = new ArrayList<>();
                List<CommitHealthClassifier.Execution> health = new ArrayList<>();
                for (int i = 0; i < sequence.size(); i++) {
                    String[] outcome = sequence.get(i);
                    // Some executions share a creation time, so that the attempt and id orders are exercised too.
                    Instant created = T.plusSeconds(60L * (i / 2));
                    hud.add(new HudCellMerger.Execution(10 + i, i + 1, created, outcome[0], outcome[1]));
                    health.add(new CommitHealthClassifier.Execution(10 + i, i + 1, created, outcome[0], outcome[1]));
                }
                HudStatus cell = HudCellMerger.merge(hud).status();
                assertEquals(expected(cell), CommitHealthClassifier.verdict(health), () -> "cell " + cell + " of "
                        + sequence.stream().map(o -> o[0] + "/" + o[1]).toList());
                checked++;
            }
        }
        assertEquals(12 + 12 * 12 + 12 * 12 * 12, checked);
    }

    private static Verdict expected(HudStatus cell) {
        return switch (cell) {
            case SUCCESS -> Verdict.SUCCESS;
            case FLAKY -> Verdict.FLAKY;
            case FAILURE, TIMED_OUT -> Verdict.FAILURE;
            case QUEUED, RUNNING -> Verdict.PENDING;
            case CANCELLED, SKIPPED, NONE -> Verdict.NO_SIGNAL;
        };
    }

    private static List<List<String[]>> sequences(int length) {
        List<List<String[]>> sequences = new ArrayList<>();
        sequences.add(List.of());
        for (int i = 0; i < length; i++) {
            List<List<String[]>> longer = new ArrayList<>();
            for (List<String[]> sequence : sequences) {
                for (String[] outcome : OUTCOMES) {
                    List<String[]> next = new ArrayList<>(sequence);
                    next.add(outcome);
                    longer.add(next);
                }
            }
            sequences = longer;
        }
        return sequences;
    }
}
