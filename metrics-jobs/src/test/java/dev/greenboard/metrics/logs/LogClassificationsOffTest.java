package dev.greenboard.metrics.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.greenboard.metrics.rollup.RollupRun;
import dev.greenboard.metrics.rollup.RollupRunner;
import dev.greenboard.model.database.TestDatabase;

/** Without a GitHub token there are no logs to read: the rollup succeeds, writes nothing, and says why. */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class LogClassificationsOffTest {

    @Inject
    RollupRunner runner;

    @Test
    void withoutATokenTheRollupIsOffAndSaysSo() {
        RollupRun run = runner.runNow("log-classifications", false);
        assertEquals("success", run.status(), run.detail());
        assertEquals(0L, run.rowsWritten());
        assertEquals("off: no GitHub token: set GREENBOARD_GITHUB_TOKEN (or a GitHub App) to read job logs",
                run.detail());
    }
}
