package dev.greenboard.api.metric;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.greenboard.api.graphql.ApiException;
import dev.greenboard.api.graphql.WriteGuard;
import dev.greenboard.api.read.ReadSql;
import dev.greenboard.api.repo.RepoLookup;
import dev.greenboard.model.settings.RepositorySettingsService;

/** The dashboard's scalar tiles (issue 16, item 2) and their per-repository thresholds. */
@GraphQLApi
public class MetricTileApi {

    /** The most days a tile range may span: PyTorch's longest range. */
    static final int MAX_DAYS = 366;

    private final RepoLookup repos;
    private final MetricTileReader reader;
    private final RepositorySettingsService settings;
    private final ReadSql sql;
    private final WriteGuard guard;

    public MetricTileApi(RepoLookup repos, MetricTileReader reader, RepositorySettingsService settings, ReadSql sql,
            WriteGuard guard) {
        this.repos = repos;
        this.reader = reader;
        this.settings = settings;
        this.sql = sql;
        this.guard = guard;
    }

    @Query("metricTiles")
    @Description("""
            The dashboard's scalar tiles of the repository's default branch, each with its thresholds and colour:
            red_rate, broken_rate, flaky_rate and commits and reverts in the range; time_since_green (the newest
            commit's time minus the time of the newest commit whose blocking jobs all passed) and time_since_push and
            disabled_tests now; workflow_tts_p50 (per workflow the median of updated_at - created_at of successful
            first attempts created in the range, the largest over 'workflows'; default: the blocking workflows);
            time_since_workflow_success (now minus the newest successful run on the branch of the chosen workflow
            that succeeded longest ago).
            'from' defaults to 7 days before 'to', 'to' to now; both are widened to whole UTC days, at most 366.""")
    public Uni<MetricTiles> metricTiles(@NonNull String repo, Instant from, Instant to, List<String> workflows) {
        Instant now = Instant.now();
        Instant end = Granularity.DAY.ceil(to == null ? now : to);
        Instant start = Granularity.DAY.floor(from == null ? end.minus(Duration.ofDays(7)) : from);
        if (!start.isBefore(end)) {
            return Uni.createFrom().failure(ApiException.badInput("'from' must be before 'to'"));
        }
        if (Duration.between(start, end).toDays() > MAX_DAYS) {
            return Uni.createFrom().failure(ApiException.badInput("The range spans "
                    + Duration.between(start, end).toDays() + " days; tiles cover at most " + MAX_DAYS));
        }
        return repos.require(repo).chain(r -> settings.current(r.id()).chain(effective -> {
            List<String> chosen = workflows != null
                    ? workflows.stream().filter(w -> w != null && !w.isBlank()).toList()
                    : effective.blockingWorkflows().value();
            return reader.tiles(r.id(), r.defaultBranch(), start, end, now, chosen)
                    .map(tiles -> new MetricTiles(r.fullName(), r.defaultBranch(), start, end, chosen, tiles));
        }));
    }

    @Mutation("setMetricThreshold")
    @Description("Sets the values from which a tile of the repository is amber and red (amber <= red); both null"
            + " removes them, and the tile's defaults apply again. Needs 'Authorization: Bearer <ingest token>'.")
    public Uni<MetricTile> setMetricThreshold(@NonNull String repo, @NonNull String tile, Double amber, Double red) {
        guard.require("setMetricThreshold");
        Tile known = Tile.byName(tile).orElse(null);
        if (known == null) {
            return Uni.createFrom().failure(ApiException.badInput("Unknown tile '" + tile + "'; known tiles: "
                    + Tile.knownNames()));
        }
        if ((amber == null) != (red == null)) {
            return Uni.createFrom().failure(ApiException.badInput("Give both 'amber' and 'red', or neither"));
        }
        if (amber != null && (!Double.isFinite(amber) || !Double.isFinite(red) || amber < 0 || amber > red)) {
            return Uni.createFrom().failure(ApiException.badInput("Thresholds must be finite, 0 <= amber <= red; got"
                    + " amber " + amber + ", red " + red));
        }
        return repos.require(repo).chain(r -> {
            Uni<?> write = amber == null
                    ? sql.list("delete from metric_threshold where repo_id = $1 and tile = $2",
                            Tuple.of(r.id(), known.apiName()), row -> row)
                    : sql.list("""
                            insert into metric_threshold (repo_id, tile, amber, red) values ($1, $2, $3, $4)
                            on conflict (repo_id, tile) do update
                               set amber = excluded.amber, red = excluded.red, updated_at = now()""",
                            Tuple.of(r.id(), known.apiName(), amber, red), row -> row);
            return write.chain(() -> metricTiles(repo, null, null, null)).map(tiles -> tiles.tiles().stream()
                    .filter(t -> t.name().equals(known.apiName())).findFirst().orElseThrow());
        });
    }
}
