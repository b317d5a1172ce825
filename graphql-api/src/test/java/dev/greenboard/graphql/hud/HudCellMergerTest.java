package dev.greenboard.graphql.hud;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.greenboard.graphql.hud.HudCellMerger.Execution;

/** The cell merge rules of SPEC 6, one row per case: executions in chronological order, then the expected cell. */
class HudCellMergerTest {

    /**
     * @param executions "status/conclusion" of each execution, oldest first, separated by spaces; "-" for none
     * @param expected the merged status
     * @param fromExecution 1-based index of the execution the cell links to (0 for none)
     */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            -                                              | NONE      | 0
            completed/success                              | SUCCESS   | 1
            completed/failure                              | FAILURE   | 1
            completed/failure completed/success            | FLAKY     | 2
            completed/timed_out completed/success          | FLAKY     | 2
            completed/success completed/failure            | FAILURE   | 2
            completed/failure completed/failure            | FAILURE   | 2
            completed/cancelled                            | CANCELLED | 1
            completed/cancelled completed/cancelled        | CANCELLED | 2
            completed/failure completed/cancelled          | FAILURE   | 1
            completed/cancelled completed/success          | SUCCESS   | 2
            completed/success completed/cancelled          | SUCCESS   | 1
            completed/skipped                              | SKIPPED   | 1
            completed/skipped completed/success            | SUCCESS   | 2
            completed/success completed/skipped            | SUCCESS   | 1
            completed/skipped completed/cancelled          | SKIPPED   | 1
            completed/timed_out                            | TIMED_OUT | 1
            queued/-                                       | QUEUED    | 1
            waiting/-                                      | QUEUED    | 1
            in_progress/-                                  | RUNNING   | 1
            completed/failure in_progress/-                | RUNNING   | 2
            completed/failure queued/-                     | QUEUED    | 2
            completed/failure completed/cancelled queued/- | QUEUED    | 3
            completed/neutral                              | SUCCESS   | 1
            completed/startup_failure                      | FAILURE   | 1
            completed/action_required                      | FAILURE   | 1
            completed/stale                                | SKIPPED   | 1
            """)
    void mergesAsTheSpecSays(String executions, HudStatus expected, int fromExecution) {
        List<Execution> list = new ArrayList<>();
        if (!executions.equals("-")) {
            String[] parts = executions.trim().split("\\s+");
            for (int i = 0; i < parts.length; i++) {
                String[] sc = parts[i].split("/");
                list.add(new Execution(100 + i, i + 1, Instant.parse("2026-11-01T00:00:00Z").plusSeconds(60L * i),
                        sc[0], sc[1].equals("-") ? null : sc[1]));
            }
        }
        HudCell cell = HudCellMerger.merge(list);
        assertEquals(expected, cell.status());
        assertEquals(list.size(), cell.attempts());
        assertEquals(fromExecution == 0 ? null : (Long) (long) (99 + fromExecution), cell.jobId());
    }
}
