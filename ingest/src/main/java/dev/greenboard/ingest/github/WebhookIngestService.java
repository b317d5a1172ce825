package dev.greenboard.ingest.github;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;

import dev.greenboard.ingest.input.DataExceptions;
import dev.greenboard.ingest.input.JsonInput;
import dev.greenboard.model.ci.JobChangeNotices;
import dev.greenboard.model.commit.CommitRows;
import dev.greenboard.model.commit.KnownCommits;
import dev.greenboard.model.repository.KnownRepositories;
import dev.greenboard.model.repository.RepositoryFacts;
import dev.greenboard.model.repository.RepositoryRows;

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
    /** Deadlock detected, serialization failure: the transaction lost a race and can simply run again. */
    private static final Set<String> RETRYABLE = Set.of("40P01", "40001");
    private static final int MAX_ATTEMPTS = 5;
    private static final WebhookNormalizer.Outcome NOTHING = new WebhookNormalizer.Outcome(List.of(), List.of());

    private final AgroalDataSource dataSource;
    private final MeterRegistry meters;
    private final KnownRepositories repositories;
    private final KnownCommits commits;

    public WebhookIngestService(AgroalDataSource dataSource, MeterRegistry meters, KnownRepositories repositories,
            KnownCommits commits) {
        this.dataSource = dataSource;
        this.repositories = repositories;
        this.commits = commits;
        this.meters = meters;
    }

    /**
     * Stores a delivery that did not come over HTTP (the demo seeder, a backfill): the payload and the JSON text it
     * was read from, taken as UTF-8.
     */
    public Result ingest(String deliveryId, String event, JsonNode payload, String rawBody) throws SQLException {
        boolean changed = JsonInput.makeStorable(payload);
        return ingest(deliveryId, event, new WebhookBody(rawBody.getBytes(StandardCharsets.UTF_8), payload, !changed));
    }

    Result ingest(String deliveryId, String event, WebhookBody body) throws SQLException {
        Instant receivedAt = Instant.now();
        JsonNode payload = body.payload();
        String fullName = Payload.text(payload, "repository", "full_name");
        boolean modeled = WebhookNormalizer.NORMALIZED_EVENTS.contains(event);
        Delivery delivery = new Delivery(deliveryId, event, Payload.text(payload, "action"), receivedAt, body);
        Stored stored;
        try (Connection connection = dataSource.getConnection()) {
            Long repoId = null;
            String noRepository = "the payload names no repository (repository.full_name as owner/name)";
            RepositoryFacts repository = null;
            try {
                repository = repositoryFacts(payload, fullName);
            } catch (Payload.MalformedPayloadException e) {
                noRepository = "in the repository, " + e.getMessage();
            }
            if (repository != null) {
                connection.setAutoCommit(true);
                repoId = repositories.ensureCommitted(connection, repository);
            }
            connection.setAutoCommit(false);
            for (int attempt = 1;; attempt++) {
                try {
                    stored = storeOnce(connection, delivery, modeled, repoId, fullName, noRepository);
                    break;
                } catch (SQLException e) {
                    // Deliveries of one commit upsert shared rows (commit, branch order, pull request) in orders
                    // that can cross; PostgreSQL then aborts one of them. Its transaction was rolled back whole,
                    // claim included, and GitHub would not send it again: store it again.
                    if (!RETRYABLE.contains(e.getSQLState()) || attempt == MAX_ATTEMPTS) {
                        throw e;
                    }
                    meters.counter("greenboard.webhooks.retried", "cause", e.getSQLState()).increment();
                    LOG.infof("Delivery[%s] of event[%s] stored again after losing a race (attempt %d): %s",
                            deliveryId, event, attempt, e.getMessage());
                }
            }
        }
        Result result = stored.result();
        if (result.duplicate()) {
            meters.counter("greenboard.webhooks", "event", event, "outcome", "duplicate").increment();
            return result;
        }
        if (result.normalizeError() != null) {
            LOG.warnf("Delivery[%s] of event[%s] kept raw but not normalized: %s", deliveryId, event,
                    result.normalizeError());
        }
        meters.counter("greenboard.webhooks", "event", event, "outcome",
                result.normalized() ? "normalized" : "raw").increment();
        for (String sha : stored.outcome().ensuredJobCommits()) {
            commits.add(stored.repoId(), sha);
        }
        return result;
    }

    /** What the payload says about its repository; null when it names none as owner/name. */
    private static RepositoryFacts repositoryFacts(JsonNode payload, String fullName) {
        if (fullName == null || !RepositoryRows.isValidFullName(fullName)) {
            return null;
        }
        return new RepositoryFacts(fullName, Payload.number(payload, "repository", "id"),
                Payload.name(payload, "repository", "default_branch"), Payload.text(payload, "repository", "html_url"),
                Payload.instant(payload, "repository", "updated_at"));
    }

    /** One attempt at the delivery's transaction. */
    private Stored storeOnce(Connection connection, Delivery delivery, boolean modeled, Long repoId, String fullName,
            String noRepository) throws SQLException {
        if (modeled && repoId == null) {
            return storeRaw(connection, delivery, null, noRepository);
        }
        if (!modeled) {
            return storeRaw(connection, delivery, repoId, null);
        }
        for (RawForm form = RawForm.first(delivery.body());; form = form.next()) {
            try {
                return store(connection, delivery, form, repoId,
                        new WebhookNormalizer(connection, repoId, fullName, delivery.receivedAt(), commits), null);
            } catch (Payload.MalformedPayloadException e) {
                // A payload that lacks what its event needs is still kept raw; the rows it began are undone.
                return storeRaw(connection, delivery, repoId, e.getMessage());
            } catch (RawBodyRefused e) {
                if (form == RawForm.BYTES) {
                    throw e;
                }
                logRefusedForm(delivery, form, e);
            } catch (SQLException e) {
                if (!DataExceptions.isDataException(e)) {
                    throw e;
                }
                // A value PostgreSQL refused that no check above foresaw: the delivery is kept raw all the same.
                return storeRaw(connection, delivery, repoId,
                        "PostgreSQL cannot store a value of the payload (SQLSTATE " + e.getSQLState() + "): "
                                + DataExceptions.reason(e));
            }
        }
    }

    private static void logRefusedForm(Delivery delivery, RawForm form, SQLException e) {
        LOG.infof("Delivery[%s] of event[%s]: PostgreSQL's jsonb refused its body as %s (%s); kept as %s",
                delivery.id(), delivery.event(), form, DataExceptions.reason(e), form.next());
    }

    /**
     * Keeps the delivery raw, without normalizing it, in the first form PostgreSQL takes: the text as sent, else the
     * storable JSON with the bytes beside, else the bytes alone.
     */
    private Stored storeRaw(Connection connection, Delivery delivery, Long repoId, String normalizeError)
            throws SQLException {
        for (RawForm form = RawForm.first(delivery.body());; form = form.next()) {
            try {
                return store(connection, delivery, form, repoId, null, normalizeError);
            } catch (RawBodyRefused e) {
                if (form == RawForm.BYTES) {
                    throw e;
                }
                logRefusedForm(delivery, form, e);
            }
        }
    }

    /** A delivery as received. */
    private record Delivery(String id, String event, String action, Instant receivedAt, WebhookBody body) {
    }

    /**
     * How the raw delivery is kept: its text as sent in {@code body} (jsonb); else the storable JSON in {@code body}
     * and the bytes in {@code raw_body}; else only the bytes, for what jsonb cannot hold at all (a number beyond
     * numeric's range).
     */
    private enum RawForm {

        EXACT, STORABLE, BYTES;

        static RawForm first(WebhookBody body) {
            return body.exact() ? EXACT : STORABLE;
        }

        RawForm next() {
            return this == EXACT ? STORABLE : BYTES;
        }

        String jsonText(WebhookBody body) {
            return switch (this) {
                case EXACT -> new String(body.bytes(), StandardCharsets.UTF_8);
                case STORABLE -> body.payload().toString();
                case BYTES -> null;
            };
        }

        byte[] rawBytes(WebhookBody body) {
            return this == EXACT ? null : body.bytes();
        }
    }

    /** PostgreSQL refused the raw body in one form; the next form may do. */
    private static final class RawBodyRefused extends SQLException {

        RawBodyRefused(SQLException cause) {
            super(cause.getMessage(), cause.getSQLState(), cause);
        }
    }

    private record Stored(Result result, Long repoId, WebhookNormalizer.Outcome outcome) {
    }

    /**
     * Claims the delivery, keeps its raw body and, with a normalizer, writes its rows; one transaction, committed
     * here. The raw row says "normalized" before the rows are written: when normalizing fails the whole transaction
     * is rolled back and the caller stores the delivery again without a normalizer, which costs a second round only
     * for malformed payloads instead of a savepoint for every delivery.
     */
    private static Stored store(Connection connection, Delivery delivery, RawForm form, Long repoId,
            WebhookNormalizer normalizer, String normalizeError) throws SQLException {
        try {
            if (!claimAndKeepRaw(connection, delivery, form, repoId, normalizer != null, normalizeError)) {
                connection.rollback();
                return new Stored(new Result(true, false, null), repoId, NOTHING);
            }
            WebhookNormalizer.Outcome outcome = normalizer == null
                    ? NOTHING
                    : normalizer.normalize(delivery.event(), delivery.id(), delivery.body().payload());
            // Announced in the transaction: every instance hears of the change once it is committed, never before.
            JobChangeNotices.announce(connection, outcome.changedJobs().stream().map(JobChanged::jobId).toList());
            connection.commit();
            return new Stored(new Result(false, normalizer != null, normalizeError), repoId, outcome);
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        }
    }

    /**
     * Claims the delivery id and stores the raw body in one statement; false when the id was seen before (a
     * redelivery), and then nothing is stored. A concurrent claim of the same id waits for this one's transaction.
     *
     * @throws RawBodyRefused when PostgreSQL cannot hold the body in this form
     */
    private static boolean claimAndKeepRaw(Connection connection, Delivery delivery, RawForm form, Long repoId,
            boolean normalized, String normalizeError) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                with claim as (
                    insert into webhook_delivery_key (delivery_id, received_at) values (?, ?)
                    on conflict do nothing
                    returning delivery_id)
                insert into webhook_delivery (delivery_id, received_at, event, action, repo_id, normalized,
                    normalize_error, body, raw_body)
                select delivery_id, ?, ?, ?, ?, ?, ?, ?::jsonb, ? from claim""")) {
            statement.setString(1, delivery.id());
            CommitRows.setInstant(statement, 2, delivery.receivedAt());
            CommitRows.setInstant(statement, 3, delivery.receivedAt());
            statement.setString(4, delivery.event());
            statement.setString(5, delivery.action());
            if (repoId == null) {
                statement.setNull(6, java.sql.Types.BIGINT);
            } else {
                statement.setLong(6, repoId);
            }
            statement.setBoolean(7, normalized);
            statement.setString(8, normalizeError);
            statement.setString(9, form.jsonText(delivery.body()));
            statement.setBytes(10, form.rawBytes(delivery.body()));
            return statement.executeUpdate() == 1;
        } catch (SQLException e) {
            if (DataExceptions.isDataException(e)) {
                throw new RawBodyRefused(e);
            }
            throw e;
        }
    }
}
