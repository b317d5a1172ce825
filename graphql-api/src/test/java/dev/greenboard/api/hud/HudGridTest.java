package dev.greenboard.api.hud;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.greenboard.model.ci.JobExecution;

/** The grid of a HUD page: columns, rows and cells from executions given in any order. */
class HudGridTest {

    private static final Instant T = Instant.parse("2026-11-02T10:00:00Z");

    @Test
    void columnsAreTheKeptJobNamesSortedAndCellsFollowThem() {
        HudGrid grid = new HudGrid(List.of("c2", "c1"), name -> !name.startsWith("lint"));
        grid.add("c1", "trunk / test", execution(1, 1, 0, "completed", "success"));
        grid.add("c2", "pull / build", execution(2, 1, 0, "completed", "failure"));
        grid.add("c1", "lint / lintrunner", execution(3, 1, 0, "completed", "failure"));
        grid.add("other", "zzz / only on another commit", execution(4, 1, 0, "completed", "failure"));
        grid.add("c2", "trunk / test", execution(5, 1, 0, "in_progress", null));

        assertEquals(List.of("pull / build", "trunk / test"), grid.jobNames());
        assertEquals(List.of(new HudCell(HudStatus.FAILURE, 2L, 1), new HudCell(HudStatus.RUNNING, 5L, 1)),
                grid.cells(0));
        assertEquals(List.of(HudCell.NONE, new HudCell(HudStatus.SUCCESS, 1L, 1)), grid.cells(1));
    }

    @Test
    void anEmptyGridHasNoColumns() {
        HudGrid grid = new HudGrid(List.of("c1"), name -> true);
        assertEquals(List.of(), grid.jobNames());
        assertEquals(List.of(), grid.cells(0));
    }

    @Test
    void theOrderInWhichExecutionsArriveDoesNotMatter() {
        List<JobExecution> executions = List.of(execution(10, 1, 0, "completed", "failure"),
                execution(11, 2, 60, "completed", "cancelled"), execution(12, 3, 60, "completed", "success"),
                execution(13, 1, 120, "completed", "skipped"));
        Random random = new Random(7);
        for (int i = 0; i < 20; i++) {
            List<JobExecution> shuffled = new ArrayList<>(executions);
            Collections.shuffle(shuffled, random);
            HudGrid grid = new HudGrid(List.of("c1"), name -> true);
            shuffled.forEach(e -> grid.add("c1", "pull / test", e));
            assertEquals(List.of(new HudCell(HudStatus.FLAKY, 12L, 4)), grid.cells(0), shuffled::toString);
        }
    }

    private static JobExecution execution(long id, int attempt, long secondsAfterT, String status, String conclusion) {
        return new JobExecution(id, attempt, T.plusSeconds(secondsAfterT), status, conclusion);
    }
}
