package dev.greenboard.api.http;

import java.util.Map;
import java.util.Map.Entry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import dev.greenboard.ingest.http.HttpErrorMapper.ErrorBody;

/**
 * The limits every HTTP request meets first, before any body is read or any other handler runs
 * ({@link HttpLimitsConfig}, docs/security.md "HTTP limits"):
 * <ul>
 * <li>a URL longer than {@code max-url-length}: 414; headers larger than {@code max-header-bytes}: 431. Vert.x
 * itself refuses only far larger ones (64 KB, application.properties), with an empty answer; below that these
 * answers say which limit and which setting;
 * <li>more than {@code max-requests-per-client} requests in progress from one client address: 429 (the health
 * endpoints are not counted, so that probes answer while a client is held at its limit);
 * <li>a body that has not arrived whole {@code body-timeout} after the headers: 408 and the connection closed. Ingest
 * bodies up to {@code collected-body-bytes} are collected on the event loop ({@link IngestBodyCollector}), so one
 * trickling in holds no worker thread; a larger one streams through a worker, which this timeout frees;
 * <li>a WebSocket upgrade anywhere but {@code /graphql} (the subscriptions' endpoint): 400.
 * </ul>
 * Every refusal is the REST error shape ({@code {"error", "detail"}}).
 */
@ApplicationScoped
public class HttpLimits {

    /**
     * Before the read limit and everything else that looks at a request, SmallRye GraphQL's WebSocket route (order
     * -99) included: an upgrade is a request like any other here.
     */
    static final int ORDER = -200;
    private static final String GRAPHQL = "/graphql";
    private static final String CHECKED = HttpLimits.class.getName();
    private static final Logger LOG = Logger.getLogger(HttpLimits.class);

    private final HttpLimitsConfig config;
    private final ObjectMapper json;
    private final MeterRegistry meters;
    /** Requests in progress per client address; an address leaves the map when its last request ends. */
    private final Map<String, Integer> inProgress = new ConcurrentHashMap<>();

    public HttpLimits(HttpLimitsConfig config, ObjectMapper json, MeterRegistry meters) {
        this.config = config;
        this.json = json;
        this.meters = meters;
    }

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::check);
    }

    private void check(RoutingContext context) {
        if (context.get(CHECKED) != null) {
            context.next(); // a page address rerouted to the page shell: checked and counted once already
            return;
        }
        context.put(CHECKED, Boolean.TRUE);
        HttpServerRequest request = context.request();
        String uri = request.uri();
        if (uri.length() > config.maxUrlLength()) {
            refuse(context, 414, "uri_too_long", "The URL has " + uri.length() + " characters, more than the limit"
                    + " of " + config.maxUrlLength() + " (greenboard.http.max-url-length,"
                    + " GREENBOARD_HTTP_MAX_URL_LENGTH); send long GraphQL queries with POST, in the body");
            return;
        }
        int headerBytes = headerBytes(request);
        if (headerBytes > config.maxHeaderBytes()) {
            refuse(context, 431, "headers_too_large", "The request headers take " + headerBytes + " bytes, more"
                    + " than the limit of " + config.maxHeaderBytes() + " (greenboard.http.max-header-bytes,"
                    + " GREENBOARD_HTTP_MAX_HEADER_BYTES)");
            return;
        }
        if (isWebSocketUpgrade(request) && !context.normalizedPath().equals(GRAPHQL)) {
            refuse(context, 400, "upgrade_refused", "Only " + GRAPHQL + " accepts a WebSocket upgrade (GraphQL"
                    + " subscriptions); " + context.normalizedPath() + " answers plain HTTP requests");
            return;
        }
        if (!admit(context)) {
            return;
        }
        if (hasBodyToCome(request)) {
            long timer = context.vertx().setTimer(config.bodyTimeout().toMillis(), id -> bodyTimedOut(context));
            context.addEndHandler(ended -> context.vertx().cancelTimer(timer));
        }
        context.next();
    }

    /** Counts the request against its client's requests in progress; false (and answered 429) over the limit. */
    private boolean admit(RoutingContext context) {
        int max = config.maxRequestsPerClient();
        if (max <= 0 || context.normalizedPath().startsWith("/q/health")) {
            return true;
        }
        String client = client(context.request());
        boolean[] admitted = {false};
        inProgress.compute(client, (address, count) -> {
            int current = count == null ? 0 : count;
            if (current >= max) {
                return count;
            }
            admitted[0] = true;
            return current + 1;
        });
        if (!admitted[0]) {
            context.response().putHeader("Retry-After", "1");
            refuse(context, 429, "too_many_requests", "Client " + client + " has " + max + " requests in progress"
                    + " already, the limit per client address (greenboard.http.max-requests-per-client,"
                    + " GREENBOARD_HTTP_MAX_REQUESTS_PER_CLIENT); send this one when one of them has ended");
            return false;
        }
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                inProgress.computeIfPresent(client, (address, count) -> count <= 1 ? null : count - 1);
            }
        };
        context.addEndHandler(ended -> release.run());
        if (isWebSocketUpgrade(context.request())) {
            // An upgraded connection's answer never ends as a response does: the subscription is in progress until
            // its connection closes.
            context.request().connection().closeHandler(closed -> release.run());
        } else {
            // SmallRye GraphQL's HTTP handler sets the response's end and close handlers itself, which replaces the
            // ones the routing context relies on: every GraphQL request stayed "in progress" and a client was
            // refused after 256 of them. Headers-end handlers are a list each handler adds to: a request stops
            // counting once its answer starts.
            context.addHeadersEndHandler(headers -> release.run());
        }
        return true;
    }

    private static boolean isWebSocketUpgrade(HttpServerRequest request) {
        String upgrade = request.getHeader(HttpHeaders.UPGRADE);
        return upgrade != null && upgrade.equalsIgnoreCase("websocket");
    }

    /** Requests in progress of every client address (tests). */
    Map<String, Integer> inProgress() {
        return Map.copyOf(inProgress);
    }

    /** Requests in progress of {@code client} (tests). */
    int inProgress(String client) {
        return inProgress.getOrDefault(client, 0);
    }

    private void bodyTimedOut(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (request.isEnded()) {
            return; // the body arrived; the request is being worked on, which is no client's fault
        }
        LOG.debugf("Body of [%s %s] from [%s] not complete after [%s]: 408", request.method(), request.path(),
                client(request), config.bodyTimeout());
        HttpServerResponse response = context.response();
        if (response.headWritten() || response.ended() || response.closed()) {
            close(request);
            return;
        }
        refuse(context, 408, "request_timeout", "The request body had not arrived whole " + config.bodyTimeout()
                .toSeconds() + " s after its headers (greenboard.http.body-timeout, GREENBOARD_HTTP_BODY_TIMEOUT);"
                + " nothing was stored. Send it again, faster or smaller (gzip is accepted)");
    }

    private void refuse(RoutingContext context, int status, String error, String detail) {
        meters.counter("greenboard.http.refused", "status", Integer.toString(status)).increment();
        HttpServerRequest request = context.request();
        HttpServerResponse response = context.response();
        String body;
        try {
            body = json.writeValueAsString(new ErrorBody(error, detail));
        } catch (JsonProcessingException impossible) {
            context.fail(impossible);
            return;
        }
        boolean bodyPending = !request.isEnded() && hasBodyToCome(request);
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        if (bodyPending && request.version() != HttpVersion.HTTP_2) {
            // The rest of the body is not wanted: reading it would keep the connection busy for nothing.
            response.putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
        }
        response.end(body).onComplete(written -> {
            if (bodyPending) {
                close(request);
            }
        });
    }

    private static void close(HttpServerRequest request) {
        if (request.version() == HttpVersion.HTTP_2) {
            request.response().reset();
        } else {
            request.connection().close();
        }
    }

    private static boolean hasBodyToCome(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            return !length.trim().equals("0");
        }
        return request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
    }

    /** As Vert.x counts them: each header's name and value and the four bytes of ": " and the line end. */
    private static int headerBytes(HttpServerRequest request) {
        int bytes = 0;
        for (Entry<String, String> header : request.headers()) {
            bytes += header.getKey().length() + header.getValue().length() + 4;
        }
        return bytes;
    }

    static String client(HttpServerRequest request) {
        return request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
    }
}
