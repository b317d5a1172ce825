package dev.greenboard.graphql.hud;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Type;

@Type("HudCell")
@Description("All runs of one job name on one commit, merged (SPEC 6). jobId is the run the status comes from.")
public record HudCell(HudStatus status, Long jobId, int attempts) {

    public static final HudCell NONE = new HudCell(HudStatus.NONE, null, 0);
}
