package dev.greenboard.api.hud;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Type;

import dev.greenboard.model.ci.CommitJob;

@Type("HudCell")
@Description("All runs of one job name on one commit, merged (docs/definitions.md, \"Job on a commit\"). jobId is the"
        + " run the status comes from.")
public record HudCell(HudStatus status, Long jobId, int attempts) {

    public static final HudCell NONE = new HudCell(HudStatus.NONE, null, 0);

    /** The cell that shows this merge. */
    public static HudCell of(CommitJob merged) {
        return merged.attempts() == 0
                ? NONE
                : new HudCell(HudStatus.of(merged.status()), merged.jobId(), merged.attempts());
    }
}
