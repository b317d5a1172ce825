package dev.greenboard.ingest.github;

import java.io.IOException;
import java.io.InputStream;
import java.sql.SQLException;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

import io.smallrye.common.annotation.Blocking;

import dev.greenboard.ingest.IngestConfig;
import dev.greenboard.ingest.http.HttpError;
import dev.greenboard.ingest.http.SpooledBody;
import dev.greenboard.ingest.input.DataExceptions;
import dev.greenboard.ingest.input.JsonInput;
import dev.greenboard.ingest.input.StorableText;

/** {@code POST /api/v1/github/webhook}: GitHub App or repository webhooks (docs/ingest.md). */
@Path("/api/v1/github/webhook")
public class GithubWebhookResource {

    private static final Pattern DELIVERY_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Pattern EVENT_NAME = Pattern.compile("[a-z_]{1,64}");
    private static final Logger LOG = Logger.getLogger(GithubWebhookResource.class);

    private final IngestConfig config;
    private final WebhookIngestService service;
    private final ObjectMapper json;
    private final ObjectWriter answerWriter;

    public GithubWebhookResource(IngestConfig config, WebhookIngestService service, ObjectMapper json) {
        this.config = config;
        this.service = service;
        this.json = json;
        this.answerWriter = json.writerFor(Answer.class);
    }

    @POST
    @Blocking
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response receive(@HeaderParam("X-GitHub-Event") String event,
            @HeaderParam("X-GitHub-Delivery") String deliveryId,
            @HeaderParam("X-Hub-Signature-256") String signature,
            @HeaderParam(HttpHeaders.CONTENT_ENCODING) String contentEncoding,
            @HeaderParam(HttpHeaders.CONTENT_LENGTH) String contentLength, InputStream body) throws SQLException {
        String secret = config.githubWebhookSecret().filter(s -> !s.isBlank()).orElseThrow(
                () -> new HttpError(401, "webhooks_disabled",
                        "Webhooks are refused until GREENBOARD_GITHUB_WEBHOOK_SECRET is set to the secret of the"
                                + " GitHub webhook"));
        byte[] bytes;
        // GitHub signs the JSON it sends; a relay that gzips it keeps that signature, so it is checked on the JSON.
        try (SpooledBody spooled = SpooledBody.read(body, contentEncoding, contentLength,
                config.ingest().maxWebhookBytes())) {
            bytes = spooled.bytes();
        }
        if (signature == null) {
            throw new HttpError(401, "missing_signature",
                    "X-Hub-Signature-256 is missing; configure the webhook with a secret");
        }
        if (!WebhookSignature.verify(secret, bytes, signature)) {
            throw new HttpError(401, "bad_signature",
                    "X-Hub-Signature-256 does not match the body for GREENBOARD_GITHUB_WEBHOOK_SECRET");
        }
        if (event == null || !EVENT_NAME.matcher(event).matches()) {
            throw HttpError.badRequest("missing_event", "X-GitHub-Event is missing or not an event name");
        }
        if (deliveryId == null || !DELIVERY_ID.matcher(deliveryId).matches()) {
            throw HttpError.badRequest("missing_delivery",
                    "X-GitHub-Delivery is missing or malformed; it identifies the delivery for idempotency");
        }
        WebhookBody delivery = parse(bytes);
        WebhookIngestService.Result result;
        try {
            result = service.ingest(deliveryId, event, delivery);
        } catch (SQLException | RuntimeException e) {
            if (!DataExceptions.isDataException(e)) {
                throw e;
            }
            // Raw bytes always fit and normalizing failures are kept raw, so this is a value nobody foresaw.
            LOG.warnf("Delivery[%s] of event[%s] refused: PostgreSQL cannot store a value of it (%s)", deliveryId,
                    event, DataExceptions.reason(e));
            throw DataExceptions.refusal(e, "The delivery");
        }
        if (event.equals("ping")) {
            return Response.ok(Map.of("ok", true, "event", "ping", "zen", String.valueOf(delivery.payload()
                    .path("zen").asText("")))).build();
        }
        if (result.duplicate()) {
            return answer(200, new Answer(event, deliveryId, true, null, null));
        }
        boolean known = WebhookNormalizer.NORMALIZED_EVENTS.contains(event);
        String detail = null;
        if (result.normalizeError() != null) {
            detail = "kept raw, not normalized: " + result.normalizeError();
        } else if (!known) {
            detail = "event '" + event + "' is kept raw; Greenboard does not model it";
        }
        return answer(known && result.normalized() ? 200 : 202,
                new Answer(event, deliveryId, false, result.normalized(), detail));
    }

    /** What a delivery's answer says; {@code normalized} is absent for a duplicate, {@code detail} when all is well. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Answer(String event, String delivery, boolean duplicate, Boolean normalized, String detail) {
    }

    /**
     * Serialized here with a writer made once for {@link Answer}: left to JAX-RS, the entity writer was looked up per
     * response and a map serialized key by key, which cost more CPU than parsing the payload.
     */
    private Response answer(int status, Answer answer) {
        try {
            return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(answerWriter.writeValueAsBytes(answer)).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The delivery as GitHub sent it: UTF-8 JSON (a byte order mark is skipped), one object and nothing after it.
     * Strings are made storable (NUL removed, U+FFFD for a lone surrogate); the raw bytes are then kept beside.
     */
    private WebhookBody parse(byte[] bytes) {
        if (bytes.length == 0) {
            throw HttpError.badRequest("empty_body", "The webhook body is empty");
        }
        JsonInput.Encoding encoding = JsonInput.detect(bytes, bytes.length);
        if (!encoding.isUtf8()) {
            throw HttpError.badRequest("unsupported_encoding", "The webhook body is " + encoding.label()
                    + "; GitHub sends JSON in UTF-8, the only encoding a webhook is read in");
        }
        try (JsonParser parser = json.createParser(bytes, encoding.bomLength(),
                bytes.length - encoding.bomLength())) {
            try {
                JsonNode node = json.readTree(parser);
                if (node == null || !node.isObject()) {
                    throw HttpError.badRequest("invalid_json", "The webhook body is not a JSON object");
                }
                if (parser.nextToken() != null) {
                    throw HttpError.badRequest("invalid_json", "The webhook body has content after its JSON object"
                            + at(parser.currentTokenLocation()));
                }
                boolean changed = JsonInput.makeStorable(node);
                return new WebhookBody(bytes, node, !changed && encoding.bomLength() == 0);
            } catch (JsonProcessingException e) {
                // Some of Jackson's limits (nesting depth) say no location; the parser knows where it stopped.
                JsonLocation where = e.getLocation() != null ? e.getLocation() : parser.currentLocation();
                throw HttpError.badRequest("invalid_json", "The webhook body is not valid JSON" + at(where) + ": "
                        + StorableText.excerpt(e.getOriginalMessage(), 300));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String at(JsonLocation where) {
        return where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
    }
}
