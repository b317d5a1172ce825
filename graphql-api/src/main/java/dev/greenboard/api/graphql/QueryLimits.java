package dev.greenboard.api.graphql;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;

import io.quarkus.arc.Unremovable;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

import dev.greenboard.ingest.auth.IngestTokens;

/**
 * Which limits hold for the GraphQL request being executed: the anonymous ones, or the higher ones of a request that
 * carries an ingest token. An operation without an HTTP request behind it (over a WebSocket) is anonymous.
 * <p>
 * Unremovable: only graphql-java's instrumentation, which CDI does not see, looks it up.
 */
@Unremovable
@ApplicationScoped
public class QueryLimits {

    /** The limits of one request; {@code token} says whether it carried an ingest token. */
    public record Allowance(boolean token, int maxCost, Duration timeBudget, int maxNamedQueries,
            int tokenMaxCost, Duration tokenTimeBudget) {
    }

    private final QueryLimitsConfig config;
    private final IngestTokens tokens;
    private final CurrentVertxRequest request;

    public QueryLimits(QueryLimitsConfig config, IngestTokens tokens, CurrentVertxRequest request) {
        this.config = config;
        this.tokens = tokens;
        this.request = request;
    }

    /** The allowance of the current request. */
    public Allowance current() {
        RoutingContext current = currentRequest();
        String authorization = current == null ? null : current.request().getHeader(HttpHeaders.AUTHORIZATION);
        boolean token = authorization != null && tokens.accepts(authorization);
        return new Allowance(token, token ? config.tokenMaxCost() : config.maxCost(),
                token ? config.tokenTimeBudget() : config.timeBudget(), config.maxNamedQueries(),
                config.tokenMaxCost(), config.tokenTimeBudget());
    }

    private RoutingContext currentRequest() {
        try {
            return request.getCurrent();
        } catch (ContextNotActiveException e) {
            return null;
        }
    }
}
