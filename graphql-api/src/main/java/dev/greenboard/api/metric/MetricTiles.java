package dev.greenboard.api.metric;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

@Type("MetricTiles")
@Description("The scalar tiles of a repository's default branch over a range of whole UTC days (docs/metrics.md#tiles).")
public record MetricTiles(@NonNull String repository, @NonNull String branch,
        @NonNull @Description("'from' rounded down to a UTC day") Instant from,
        @NonNull @Description("'to' rounded up to a UTC day") Instant to,
        @NonNull @Description("The workflows workflow_tts_p50 is over: the argument, else the repository's blocking"
                + " workflows; empty: every workflow") List<@NonNull String> workflows,
        @NonNull List<@NonNull MetricTile> tiles) {
}
