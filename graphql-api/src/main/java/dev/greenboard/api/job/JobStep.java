package dev.greenboard.api.job;

import java.time.Instant;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Type;

import dev.greenboard.api.hud.HudStatus;
import dev.greenboard.model.ci.JobExecutionMerge;

@Type("JobStep")
public record JobStep(int number, String name, String status, String conclusion, Instant startedAt,
        Instant completedAt) {

    @Description("status and conclusion read as the HUD reads a job's (docs/definitions.md, \"Job on a commit\")")
    public HudStatus getHudStatus() {
        return HudStatus.of(JobExecutionMerge.statusOf(status, conclusion));
    }
}
