package dev.greenboard.metrics.alerts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.greenboard.metrics.changes.Change;
import dev.greenboard.metrics.changes.ChangeSentence;
import dev.greenboard.metrics.changes.ChangepointOptions;
import dev.greenboard.metrics.changes.MetricUnit;
import dev.greenboard.metrics.changes.SlackMessage;

/** The last step of the metric-changes rollup: tells the configured webhooks of the changes they have not had. */
class ChangeNotifier {

    private final WebhookSender webhooks;
    private final Optional<String> baseUrl;

    ChangeNotifier(WebhookSender webhooks, Optional<String> baseUrl) {
        this.webhooks = webhooks;
        this.baseUrl = baseUrl;
    }

    /**
     * Posts every open change to each configured webhook that has not taken it yet: a webhook that answers 2xx is
     * recorded in {@code metric_change_delivery} and never gets that change again; one that fails gets it on the next
     * run, alone. A change is marked notified once every configured webhook has it; a webhook removed from the
     * setting is no longer waited for. Without webhooks there is nobody to tell: changes are marked so that
     * configuring a webhook later does not send the backlog.
     *
     * @return the number of successful posts
     */
    int notifyNew(Connection connection, OffsetDateTime now) throws SQLException {
        List<PendingChange> pending = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                select c.id, c.metric, c.key, c.change_day, c.direction, c.before_value, c.after_value, c.p_value,
                       c.days_before, c.days_after, r.full_name,
                       coalesce((select array_agg(d.webhook) from metric_change_delivery d where d.change_id = c.id),
                                '{}') as delivered
                  from metric_change c join repository r on r.id = c.repo_id
                 where c.open and c.notified_at is null order by c.id""");
                ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                Change change = new Change(rs.getObject(4, LocalDate.class), rs.getDouble(6), rs.getDouble(7),
                        ChangepointOptions.defaults().level(), rs.getDouble(8), rs.getInt(9), rs.getInt(10));
                pending.add(new PendingChange(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(11),
                        change, Set.of((String[]) rs.getArray(12).getArray())));
            }
        }
        int sent = 0;
        for (PendingChange p : pending) {
            boolean everyWebhookHasIt = true;
            String json = null;
            for (WebhookSender.Webhook webhook : webhooks.webhooks()) {
                if (p.deliveredTo().contains(webhook.fingerprint())) {
                    continue;
                }
                if (json == null) {
                    json = message(p).json();
                }
                if (webhooks.send(webhook, json)) {
                    sent++;
                    try (PreparedStatement delivered = connection.prepareStatement("""
                            insert into metric_change_delivery (change_id, webhook, delivered_at) values (?, ?, ?)
                            on conflict do nothing""")) {
                        delivered.setLong(1, p.id());
                        delivered.setString(2, webhook.fingerprint());
                        delivered.setObject(3, now);
                        delivered.executeUpdate();
                    }
                } else {
                    everyWebhookHasIt = false;
                }
            }
            if (everyWebhookHasIt) {
                try (PreparedStatement mark = connection.prepareStatement(
                        "update metric_change set notified_at = ? where id = ?")) {
                    mark.setObject(1, now);
                    mark.setLong(2, p.id());
                    mark.executeUpdate();
                }
            }
        }
        return sent;
    }

    private SlackMessage message(PendingChange p) {
        ChangeSentence sentence = p.metric().equals("red_rate")
                ? ChangeSentence.levels(MetricChangesRollup.redSubject(p.repo()), MetricUnit.RATIO)
                : ChangeSentence.relative(MetricChangesRollup.subject(p.metric(), p.key(), p.repo()),
                        MetricUnit.SECONDS);
        return SlackMessage.of(sentence, p.change(), baseUrl,
                MetricChangesRollup.chartPath(p.repo(), p.metric(), p.key()));
    }

    /** An open change not yet notified, and the fingerprints of the webhooks that already took it. */
    private record PendingChange(long id, String metric, String key, String repo, Change change,
            Set<String> deliveredTo) {
    }
}
