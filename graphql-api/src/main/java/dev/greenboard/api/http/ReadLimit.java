package dev.greenboard.api.http;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import dev.greenboard.ingest.auth.IngestTokens;

/**
 * Limits anonymous reads per client address (docs/definitions.md "Public reads"): the GraphQL endpoint, named queries, published stats, shard
 * plans and the rollup list. A request with an ingest token ({@code Authorization: Bearer …}) is never limited.
 * Over the limit the answer is 429 with {@code Retry-After} and a sentence saying how to get past it. The web UI's
 * assets, health and metrics endpoints and the (token-protected or signed) write endpoints are not counted. Every
 * request to these paths counts, whatever its headers; a subscription counts once, when its WebSocket opens.
 */
@ApplicationScoped
public class ReadLimit {

    /** More clients than this at once: forget the quiet ones (their buckets are full again anyway). */
    private static final int MAX_TRACKED_CLIENTS = 10_000;
    private static final List<String> LIMITED = List.of("/graphql", "/api/v1/queries", "/api/v1/stats",
            "/api/v1/shard-plan", "/api/v1/rollups");

    private final ReadLimitConfig config;
    private final IngestTokens tokens;
    private final ObjectMapper json;
    private final Counter refused;
    private final Map<String, TokenBucket> clients = new ConcurrentHashMap<>();

    public ReadLimit(ReadLimitConfig config, IngestTokens tokens, ObjectMapper json, MeterRegistry meters) {
        this.config = config;
        this.tokens = tokens;
        this.json = json;
        this.refused = meters.counter("greenboard.read.rate_limited");
    }

    void install(@Observes Router router) {
        if (config.perSecond() <= 0) {
            return;
        }
        // First on these paths, before any body is read or any query parsed, and before SmallRye GraphQL's WebSocket
        // route (order -99), which would otherwise upgrade /graphql uncounted. "/p/*" matches "/p" itself too.
        for (String path : LIMITED) {
            router.route(path + "/*").order(HttpLimits.ORDER + 10).handler(this::check);
        }
    }

    private void check(RoutingContext context) {
        // Whatever else the request says: an Upgrade header once let any read past the limit (issue #11). Opening a
        // subscription's WebSocket counts as one request; HttpLimits refuses an upgrade anywhere but /graphql.
        if (tokens.accepts(context.request().getHeader(HttpHeaders.AUTHORIZATION))) {
            context.next();
            return;
        }
        String client = context.request().remoteAddress() == null
                ? "unknown"
                : context.request().remoteAddress().hostAddress();
        long wait = take(client, System.nanoTime());
        if (wait == 0) {
            context.next();
            return;
        }
        refused.increment();
        long retryAfter = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(wait + 999_999_999));
        String detail = String.format("More than %s requests per second (bursts of %d) from %s; retry in %d s, or"
                + " send an ingest token (Authorization: Bearer <token>) to lift the limit", format(config.perSecond()),
                config.burst(), client, retryAfter);
        Object body = context.normalizedPath().startsWith("/graphql")
                ? Map.of("errors", List.of(Map.of("message", detail, "extensions", Map.of("code", "RATE_LIMITED"))))
                : Map.of("error", "rate_limited", "detail", detail);
        try {
            context.response().setStatusCode(429)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .putHeader("Retry-After", Long.toString(retryAfter))
                    .end(json.writeValueAsString(body));
        } catch (JsonProcessingException impossible) {
            context.fail(impossible);
        }
    }

    /** 0 when {@code client} may go on, else the nanoseconds until it may. */
    long take(String client, long now) {
        if (clients.size() >= MAX_TRACKED_CLIENTS) {
            clients.values().removeIf(bucket -> bucket.full(now));
            if (clients.size() >= MAX_TRACKED_CLIENTS) {
                // So many clients busy at once: start over rather than scan them again on every request.
                clients.clear();
            }
        }
        return clients.computeIfAbsent(client, c -> new TokenBucket(config.burst(), config.perSecond(), now))
                .take(now);
    }

    private static String format(double perSecond) {
        return perSecond == Math.rint(perSecond) ? Long.toString((long) perSecond) : Double.toString(perSecond);
    }
}
