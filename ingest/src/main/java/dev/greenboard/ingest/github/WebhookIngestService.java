package dev.greenboard.ingest.github;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;

import dev.greenboard.ingest.rows.CommitRows;
import dev.greenboard.ingest.rows.RepoRows;

/**
 * Stores one webhook delivery: the raw body always, the normalized rows when the event is one Greenboard models, in
 * one transaction that is committed before the answer. A redelivered {@code X-GitHub-Delivery} changes nothing.
 */
@ApplicationScoped
public class WebhookIngestService {

    /** How a delivery was taken. */
    public record Result(boolean duplicate, boolean normalized, String normalizeError) {
    }

    private static final Logger LOG = Logger.getLogger(WebhookIngestService.class);

    private final AgroalDataSource dataSource;
    private final Event<JobChanged> jobChanged;
    private final MeterRegistry meters;

    public WebhookIngestService(AgroalDataSource dataSource, Event<JobChanged> jobChanged, MeterRegistry meters) {
        this.dataSource = dataSource;
        this.jobChanged = jobChanged;
        this.meters = meters;
    }

    public Result ingest(String deliveryId, String event, JsonNode payload, String rawBody) throws SQLException {
        Instant receivedAt = Instant.now();
        List<JobChanged> changedJobs = List.of();
        Result result;
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                if (!claimDelivery(connection, deliveryId, receivedAt)) {
                    connection.rollback();
                    meters.counter("greenboard.webhooks", "event", event, "outcome", "duplicate").increment();
                    return new Result(true, false, null);
                }
                String fullName = Payload.text(payload, "repository", "full_name");
                Long repoId = null;
                if (fullName != null && RepoRows.isValidFullName(fullName)) {
                    repoId = RepoRows.ensure(connection, fullName, Payload.number(payload, "repository", "id"),
                            Payload.text(payload, "repository", "default_branch"),
                            Payload.text(payload, "repository", "html_url"));
                }
                boolean normalized = false;
                String normalizeError = null;
                if (WebhookNormalizer.NORMALIZED_EVENTS.contains(event)) {
                    if (repoId == null) {
                        normalizeError = "the payload names no repository (repository.full_name)";
                    } else {
                        // A payload that lacks what its event needs is still kept raw; only its rows are undone.
                        Savepoint beforeRows = connection.setSavepoint();
                        try {
                            changedJobs = new WebhookNormalizer(connection, repoId, fullName, receivedAt)
                                    .normalize(event, deliveryId, payload).changedJobs();
                            normalized = true;
                        } catch (Payload.MalformedPayloadException e) {
                            connection.rollback(beforeRows);
                            normalizeError = e.getMessage();
                        }
                    }
                }
                storeRaw(connection, deliveryId, receivedAt, event, Payload.text(payload, "action"), repoId,
                        normalized, normalizeError, rawBody);
                connection.commit();
                result = new Result(false, normalized, normalizeError);
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
        if (result.normalizeError() != null) {
            LOG.warnf("Delivery[%s] of event[%s] kept raw but not normalized: %s", deliveryId, event,
                    result.normalizeError());
        }
        meters.counter("greenboard.webhooks", "event", event, "outcome",
                result.normalized() ? "normalized" : "raw").increment();
        changedJobs.forEach(jobChanged::fire);
        return result;
    }

    /** Claims the delivery id; false when it was seen before (a redelivery). Concurrent claims wait on the key. */
    private static boolean claimDelivery(Connection connection, String deliveryId, Instant receivedAt)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "insert into webhook_delivery_key (delivery_id, received_at) values (?, ?) on conflict do nothing")) {
            statement.setString(1, deliveryId);
            CommitRows.setInstant(statement, 2, receivedAt);
            return statement.executeUpdate() == 1;
        }
    }

    private static void storeRaw(Connection connection, String deliveryId, Instant receivedAt, String event,
            String action, Long repoId, boolean normalized, String normalizeError, String rawBody)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                insert into webhook_delivery (delivery_id, received_at, event, action, repo_id, normalized,
                    normalize_error, body)
                values (?, ?, ?, ?, ?, ?, ?, ?::jsonb)""")) {
            statement.setString(1, deliveryId);
            CommitRows.setInstant(statement, 2, receivedAt);
            statement.setString(3, event);
            statement.setString(4, action);
            if (repoId == null) {
                statement.setNull(5, java.sql.Types.BIGINT);
            } else {
                statement.setLong(5, repoId);
            }
            statement.setBoolean(6, normalized);
            statement.setString(7, normalizeError);
            statement.setString(8, rawBody);
            statement.executeUpdate();
        }
    }
}
