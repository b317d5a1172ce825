package dev.greenboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.quarkus.scheduler.Scheduler;
import io.quarkus.scheduler.Trigger;

import dev.greenboard.model.deployment.InstanceRole;

/** Which role each public path belongs to. */
class InstanceRoleRoutesTest {

    static List<String> rollupJobs(Scheduler scheduler) {
        return scheduler.getScheduledJobs().stream().map(Trigger::getId).filter(id -> id.startsWith("rollup-"))
                .toList();
    }

    @Test
    void everyPathBelongsToTheRoleOfTheModuleThatServesIt() {
        for (String ingest : List.of("/api/v1/github/webhook", "/api/v1/test-reports",
                "/api/v1/collections/x/documents")) {
            assertEquals(Optional.of(InstanceRole.INGEST), InstanceRoleRoutes.roleOf(ingest), ingest);
        }
        for (String api : List.of("/graphql", "/api/v1/stats/test-times.json", "/api/v1/queries/q",
                "/api/v1/shard-plan", "/api/v1/rollups", "/", "/hud/o/r", "/app/main.js")) {
            assertEquals(Optional.of(InstanceRole.API), InstanceRoleRoutes.roleOf(api), api);
        }
        assertEquals(Optional.empty(), InstanceRoleRoutes.roleOf("/q/health/ready"));
        assertEquals(Optional.empty(), InstanceRoleRoutes.roleOf("/q/metrics"));
    }
}
