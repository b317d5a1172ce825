package dev.greenboard.metrics.alerts;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.greenboard.metrics.changes.Change;
import dev.greenboard.metrics.changes.ChangeSentence;
import dev.greenboard.metrics.changes.ChangepointDetector;
import dev.greenboard.metrics.changes.ChangepointOptions;
import dev.greenboard.metrics.changes.DailyPoint;
import dev.greenboard.metrics.changes.DailySeries;
import dev.greenboard.metrics.changes.Detection;
import dev.greenboard.metrics.changes.Direction;
import dev.greenboard.metrics.changes.MetricUnit;
import dev.greenboard.metrics.rollup.Rollup;
import dev.greenboard.metrics.rollup.RollupContext;
import dev.greenboard.metrics.rollup.RollupOutcome;

/**
 * Change alerts (issue 16, item 8): runs the changepoint detector over the daily series of every repository (red
 * rate of the default branch; median time to signal and job duration per job; median queue time per runner label),
 * keeps each change it announces in {@code metric_change} while later runs still find it, and POSTs each new one once
 * to the configured webhooks as a Slack-compatible message. Not incremental: the detector needs the whole window, and
 * a run reads only rollup rows (a few per key and day).
 */
@ApplicationScoped
public class MetricChangesRollup implements Rollup {

    /** A change found again within this many days of a stored one, in the same direction, is the same change. */
    static final int SAME_CHANGE_DAYS = 3;

    private final AlertsConfig config;
    private final ChangeNotifier notifier;
    private final ChangepointDetector detector;

    public MetricChangesRollup(AlertsConfig config, WebhookSender webhooks) {
        this.config = config;
        this.notifier = new ChangeNotifier(webhooks, config.baseUrl());
        this.detector = new ChangepointDetector(ChangepointOptions.defaults()
                .withRecentDays(Math.max(1, config.recentDays())));
    }

    @Override
    public String name() {
        return "metric-changes";
    }

    @Override
    public String description() {
        return "Lasting changes of red rate, time to signal, job duration and queue time (changepoint test over the"
                + " daily series), posted once to the alert webhooks";
    }

    @Override
    public List<String> dependsOn() {
        return List.of("commit-health", "job-time-stats");
    }

    /** Hourly at :25, after job-time-stats (:07): a change is told of within the hour it has lasted long enough. */
    @Override
    public String defaultSchedule() {
        return "0 25 * * * ?";
    }

    @Override
    public RollupOutcome run(RollupContext context) throws SQLException {
        Connection connection = context.connection();
        LocalDate today = context.now().atOffset(ZoneOffset.UTC).toLocalDate();
        OffsetDateTime since = today.minusDays(config.days() - 1L).atStartOfDay().atOffset(ZoneOffset.UTC);
        OffsetDateTime now = context.now().atOffset(ZoneOffset.UTC);
        long written = 0;
        int series = 0;
        int found = 0;
        for (Map.Entry<Long, String> repo : repositories(connection, since).entrySet()) {
            List<WatchedSeries> watched = new ArrayList<>();
            watched.add(redRate(connection, repo.getKey(), repo.getValue(), since));
            for (String metric : List.of("tts", "job_duration", "queue_time")) {
                watched.addAll(timeSeries(connection, repo.getKey(), repo.getValue(), metric, since));
            }
            for (WatchedSeries w : watched) {
                series++;
                Detection detection = detector.detect(w.series(), today);
                Optional<Change> alert = detection.alert();
                if (alert.isPresent()) {
                    found++;
                    written += keep(connection, w, alert.get(), now);
                }
            }
            // A change no run finds any more (it was a swing, or it left the recent window) is closed.
            try (PreparedStatement close = connection.prepareStatement("""
                    update metric_change set open = false
                     where repo_id = ? and open and last_seen_at < ?""")) {
                close.setLong(1, repo.getKey());
                close.setObject(2, now);
                written += close.executeUpdate();
            }
        }
        int sent = notifier.notifyNew(connection, now);
        return RollupOutcome.of(written, series + " series tested, " + found + " changes open, " + sent
                + " sent to webhooks");
    }

    /** Repositories with commit health or time statistics in the window, by id. */
    private static Map<Long, String> repositories(Connection connection, OffsetDateTime since) throws SQLException {
        Map<Long, String> repos = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                select r.id, r.full_name from repository r
                 where exists (select 1 from commit_health c where c.repo_id = r.id and c.seen_at >= ?)
                    or exists (select 1 from job_time_stats s where s.repo_id = r.id and s.bucket = 'day'
                                                                and s.bucket_start >= ?)
                 order by r.id""")) {
            statement.setObject(1, since);
            statement.setObject(2, since);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    repos.put(rs.getLong(1), rs.getString(2));
                }
            }
        }
        return repos;
    }

    /** The default branch's red rate per day: (broken + flaky) / finished, weighed by the finished commits. */
    private static WatchedSeries redRate(Connection connection, long repoId, String repo, OffsetDateTime since)
            throws SQLException {
        List<DailyPoint> points = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                select d.default_branch, (c.seen_at at time zone 'UTC')::date as day,
                       count(*) filter (where c.state in ('green', 'flaky', 'broken')) as finished,
                       count(*) filter (where c.state in ('flaky', 'broken')) as red
                  from repository_default_branch d
                  join commit_health c on c.repo_id = d.repo_id and c.branch = d.default_branch
                 where d.repo_id = ? and c.seen_at >= ?
                 group by 1, 2 order by 2""")) {
            statement.setLong(1, repoId);
            statement.setObject(2, since);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    long finished = rs.getLong(3);
                    points.add(new DailyPoint(rs.getObject(2, LocalDate.class),
                            finished == 0 ? Double.NaN : (double) rs.getLong(4) / finished, finished));
                }
            }
        }
        return new WatchedSeries(repoId, repo, "red_rate", "",
                ChangeSentence.levels(redSubject(repo), MetricUnit.RATIO),
                DailySeries.of(points));
    }

    /** Daily medians of a time metric, per key: the keys with the most samples. */
    private List<WatchedSeries> timeSeries(Connection connection, long repoId, String repo, String metric,
            OffsetDateTime since) throws SQLException {
        Map<String, List<DailyPoint>> byKey = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                with top as (
                    select key from job_time_stats
                     where repo_id = ? and metric = ? and bucket = 'day' and bucket_start >= ?
                     group by key order by sum(count) desc, key limit ?
                )
                select s.key, (s.bucket_start at time zone 'UTC')::date as day, s.p50_s, s.count
                  from job_time_stats s join top on top.key = s.key
                 where s.repo_id = ? and s.metric = ? and s.bucket = 'day' and s.bucket_start >= ?
                 order by s.key, s.bucket_start""")) {
            statement.setLong(1, repoId);
            statement.setString(2, metric);
            statement.setObject(3, since);
            statement.setInt(4, config.maxKeys());
            statement.setLong(5, repoId);
            statement.setString(6, metric);
            statement.setObject(7, since);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    byKey.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new DailyPoint(
                            rs.getObject(2, LocalDate.class), rs.getDouble(3), rs.getInt(4)));
                }
            }
        }
        List<WatchedSeries> out = new ArrayList<>();
        byKey.forEach((key, points) -> out.add(new WatchedSeries(repoId, repo, metric, key,
                ChangeSentence.relative(subject(metric, key, repo), MetricUnit.SECONDS), DailySeries.of(points))));
        return out;
    }

    static String redSubject(String repo) {
        return "Red commits on the default branch of " + repo;
    }

    static String subject(String metric, String key, String repo) {
        return switch (metric) {
            case "tts" -> "Time to signal of " + key + " (" + repo + ")";
            case "job_duration" -> "Job " + key + " (" + repo + ")";
            case "queue_time" -> "Queue time on " + key + " (" + repo + ")";
            default -> metric + " " + key + " (" + repo + ")";
        };
    }

    /**
     * Stores the change: the same open change (same series and direction, first day within {@link #SAME_CHANGE_DAYS}
     * days; the best split moves a little as days arrive) is updated, anything else is a new change.
     */
    private static long keep(Connection connection, WatchedSeries w, Change change, OffsetDateTime now)
            throws SQLException {
        String direction = change.direction() == Direction.UP ? "up" : "down";
        String sentence = w.sentence().describe(change);
        try (PreparedStatement update = connection.prepareStatement("""
                update metric_change
                   set change_day = ?, before_value = ?, after_value = ?, p_value = ?, days_before = ?,
                       days_after = ?, sentence = ?, last_seen_at = ?, open = true
                 where id = (select id from metric_change
                              where repo_id = ? and metric = ? and key = ? and direction = ?
                                and change_day between ? and ?
                              order by open desc, abs(change_day - ?::date), id desc limit 1)
                   and not exists (select 1 from metric_change o
                                    where o.repo_id = ? and o.metric = ? and o.key = ? and o.change_day = ?
                                      and o.id <> metric_change.id)""")) {
            int i = 1;
            update.setObject(i++, change.day());
            update.setDouble(i++, change.before());
            update.setDouble(i++, change.after());
            update.setDouble(i++, change.pValue());
            update.setInt(i++, change.daysBefore());
            update.setInt(i++, change.daysAfter());
            update.setString(i++, sentence);
            update.setObject(i++, now);
            update.setLong(i++, w.repoId());
            update.setString(i++, w.metric());
            update.setString(i++, w.key());
            update.setString(i++, direction);
            update.setObject(i++, change.day().minusDays(SAME_CHANGE_DAYS));
            update.setObject(i++, change.day().plusDays(SAME_CHANGE_DAYS));
            update.setObject(i++, change.day());
            update.setLong(i++, w.repoId());
            update.setString(i++, w.metric());
            update.setString(i++, w.key());
            update.setObject(i++, change.day());
            if (update.executeUpdate() > 0) {
                return 1;
            }
        }
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into metric_change (repo_id, metric, key, change_day, direction, before_value, after_value,
                                           p_value, days_before, days_after, sentence, detected_at, last_seen_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (repo_id, metric, key, change_day) do update
                   set last_seen_at = excluded.last_seen_at, open = true""")) {
            int i = 1;
            insert.setLong(i++, w.repoId());
            insert.setString(i++, w.metric());
            insert.setString(i++, w.key());
            insert.setObject(i++, change.day());
            insert.setString(i++, direction);
            insert.setDouble(i++, change.before());
            insert.setDouble(i++, change.after());
            insert.setDouble(i++, change.pValue());
            insert.setInt(i++, change.daysBefore());
            insert.setInt(i++, change.daysAfter());
            insert.setString(i++, sentence);
            insert.setObject(i++, now);
            insert.setObject(i++, now);
            return insert.executeUpdate();
        }
    }

    /** The metrics page of the repository over 30 days per day, or the TTS page of the job. */
    static String chartPath(String repo, String metric, String key) {
        String path = "/" + String.join("/", java.util.Arrays.stream(repo.split("/")).map(MetricChangesRollup::encode)
                .toList());
        if (metric.equals("tts") || metric.equals("job_duration")) {
            return "/tts" + path + "?range=30&granularity=day&job=" + encode(key);
        }
        return "/metrics" + path + "?range=30&granularity=day";
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
