package dev.greenboard.api.metric;

import java.util.List;

import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.greenboard.api.graphql.ApiException;
import dev.greenboard.api.read.ReadSql;
import dev.greenboard.api.repo.RepoLookup;

/** The changes the metric-changes rollup found: the dashboard's list and the charts' annotations. */
@GraphQLApi
public class MetricChangeApi {

    static final int MAX = 500;

    private final RepoLookup repos;
    private final ReadSql sql;

    public MetricChangeApi(RepoLookup repos, ReadSql sql) {
        this.repos = repos;
        this.sql = sql;
    }

    @Query("metricChanges")
    @Description("""
            Lasting changes of the repository's daily series (red_rate of the default branch; tts and job_duration
            per job; queue_time per runner label), newest first: the open ones (still found by the latest run of the
            metric-changes rollup) unless 'open' is false, which lists closed ones too. 'metric' and 'key' narrow the
            list. At most 500 (first).""")
    public Uni<List<MetricChange>> metricChanges(@NonNull String repo, @DefaultValue("true") boolean open,
            String metric, String key, @DefaultValue("100") int first) {
        if (first < 1 || first > MAX) {
            return Uni.createFrom().failure(ApiException.badInput("'first' must be 1 to " + MAX + "; got " + first));
        }
        return repos.require(repo).chain(r -> sql.list("""
                select %s from metric_change
                 where repo_id = $1 and ($2::boolean is false or open)
                   and ($3::text is null or metric = $3) and ($4::text is null or key = $4)
                 order by change_day desc, id desc limit $5""".formatted(MetricChange.COLUMNS),
                Tuple.tuple().addLong(r.id()).addBoolean(open).addValue(metric).addValue(key).addInteger(first),
                MetricChange::from));
    }
}
