package dev.greenboard.api.metric;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Type;

@Type("MetricSeries")
@Description("A CI health metric over time, from the rollup tables of the metrics jobs (docs/metrics.md).")
public record MetricSeries(String name, @Description("owner/name") String repository,
        @Description("The branch, for metrics of a branch's commits") String branch, Granularity granularity,
        @Description("ratio (0 to 1), seconds, commits or jobs") String unit,
        @Description("mean, p50, p90, p95, p99 or max for time metrics; sum, max, ratio or last (time_since_green: at the bucket's end) otherwise") String statistic,
        String description,
        @Description("Start of the first bucket: 'from' rounded down to the granularity") Instant from,
        @Description("End of the last bucket: 'to' rounded up to the granularity") Instant to,
        @Description("Buckets with no data have no point; points are ordered by label (by code point), then time") List<MetricPoint> points) {
}
