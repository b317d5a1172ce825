package dev.greenboard.metrics.rollup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

/** The runs of one {@link RollupRunner#runAll}, looked up by rollup name. */
public record RollupRuns(List<RollupRun> runs) {

    public static RollupRuns runAll(RollupRunner runner, boolean full) {
        return new RollupRuns(runner.runAll(full));
    }

    public RollupRun of(String rollup) {
        return runs.stream().filter(run -> run.rollup().equals(rollup)).findFirst()
                .orElseThrow(() -> new AssertionError("run-all did not run rollup " + rollup + ": " + runs));
    }

    public long rows(String rollup) {
        return of(rollup).rowsWritten();
    }

    public String detail(String rollup) {
        return of(rollup).detail();
    }

    /** The rollups in the order run-all ran them. */
    public List<String> names() {
        return runs.stream().map(RollupRun::rollup).toList();
    }

    public void assertSucceeded(List<String> rollups) {
        for (String rollup : rollups) {
            RollupRun run = of(rollup);
            assertEquals("success", run.status(), () -> rollup + ": " + run.detail());
        }
    }
}
