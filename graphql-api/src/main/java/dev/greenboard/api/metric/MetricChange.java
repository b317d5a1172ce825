package dev.greenboard.api.metric;

import java.time.Instant;
import java.time.LocalDate;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

import io.vertx.mutiny.sqlclient.Row;

@Type("MetricChange")
@Description("A lasting change the metric-changes rollup found in a daily series (docs/metrics.md#change-alerts).")
public record MetricChange(@NonNull String id,
        @NonNull @Description("red_rate, tts, job_duration or queue_time") String metric,
        @NonNull @Description("The job or runner label; empty for red_rate") String key,
        @NonNull @Description("The first day at the new level (UTC)") LocalDate day,
        @NonNull @Description("up or down") String direction,
        @Description("The level before: the median of the days since the previous change") double before,
        @Description("The level since 'day'") double after,
        @Description("The permutation p-value of the split") double pValue,
        @NonNull @Description("The change in one sentence, as the webhooks were told") String sentence,
        @NonNull Instant detectedAt, @NonNull Instant lastSeenAt,
        @Description("Whether the latest run still finds it") boolean open,
        @Description("When the webhooks took it; null while they have not") Instant notifiedAt) {

    static final String COLUMNS = "id, metric, key, change_day, direction, before_value, after_value, p_value,"
            + " sentence, detected_at, last_seen_at, open, notified_at";

    static MetricChange from(Row row) {
        return new MetricChange(String.valueOf(row.getLong("id")), row.getString("metric"), row.getString("key"),
                row.getLocalDate("change_day"), row.getString("direction"), row.getDouble("before_value"),
                row.getDouble("after_value"), row.getDouble("p_value"), row.getString("sentence"),
                row.getOffsetDateTime("detected_at").toInstant(), row.getOffsetDateTime("last_seen_at").toInstant(),
                row.getBoolean("open"), row.getOffsetDateTime("notified_at") == null
                        ? null
                        : row.getOffsetDateTime("notified_at").toInstant());
    }
}
