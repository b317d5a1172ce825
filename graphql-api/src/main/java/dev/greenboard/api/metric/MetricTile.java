package dev.greenboard.api.metric;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

@Type("MetricTile")
@Description("One number of the dashboard's tiles, with its thresholds and colour (docs/metrics.md#tiles).")
public record MetricTile(@NonNull @Description("red_rate, broken_rate, flaky_rate, time_since_green, time_since_push,"
        + " reverts, commits, disabled_tests, workflow_tts_p50 or time_since_workflow_success") String name,
        @NonNull String title,
        @Description("Null when there is nothing to measure (no finished commit, no push, no run)") Double value,
        @NonNull @Description("ratio (0 to 1), seconds, commits or tests") String unit,
        @Description("What the value is computed from: finished commits, commits landed, runs") Integer count,
        @Description("From this value the tile is amber; null: no thresholds") Double amber,
        @Description("From this value the tile is red") Double red,
        @Description("Whether the repository set the thresholds (else the defaults)") boolean thresholdsSet,
        @NonNull TileLevel level, @Description("What the value was computed from, in words") String detail) {

    static MetricTile of(Tile tile, Double value, Integer count, Thresholds thresholds, String detail) {
        return new MetricTile(tile.apiName(), tile.title(), value, tile.unit(), count, thresholds.amber(),
                thresholds.red(), thresholds.set(), TileLevel.of(value, thresholds.amber(), thresholds.red()),
                detail);
    }

    /** A tile's thresholds: the repository's, else the tile's defaults. */
    record Thresholds(Double amber, Double red, boolean set) {

        static Thresholds defaults(Tile tile) {
            return new Thresholds(tile.defaultAmber(), tile.defaultRed(), false);
        }
    }
}
