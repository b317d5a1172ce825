package dev.greenboard.api.graphql;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;

import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

import dev.greenboard.ingest.auth.IngestTokens;

/**
 * The GraphQL API is public and read-only except for a few mutations that change what CI does (the disabled-test
 * list) or cost real work (running metrics jobs). Those must come in a POST (SmallRye GraphQL would run a mutation sent as a GET, which any web page can make a
 * browser send) with the same bearer token as ingest. Both are read from the HTTP request that carries the operation;
 * an operation with no HTTP request behind it (e.g. over a WebSocket) has neither and is refused.
 */
@ApplicationScoped
public class WriteGuard {

    private final IngestTokens tokens;
    private final CurrentVertxRequest request;

    public WriteGuard(IngestTokens tokens, CurrentVertxRequest request) {
        this.tokens = tokens;
        this.request = request;
    }

    /**
     * @throws ApiException.BadInput the operation came in a GET
     * @throws ApiException.Unauthenticated the request carries no ingest token
     */
    public void require(String operation) {
        RoutingContext current = current();
        if (current != null && current.request().method() == HttpMethod.GET) {
            throw ApiException.badInput(operation + " changes data and is only accepted in a POST");
        }
        String authorization = current == null ? null : current.request().getHeader("Authorization");
        if (!tokens.accepts(authorization)) {
            throw new ApiException.Unauthenticated(operation + " changes data: send 'Authorization: Bearer <token>'"
                    + " with an ingest token (GREENBOARD_INGEST_TOKENS, or the generated one in"
                    + " <data dir>/ingest-token)" + (authorization == null ? "" : "; the token sent is not one"));
        }
    }

    private RoutingContext current() {
        try {
            return request.getCurrent();
        } catch (ContextNotActiveException e) {
            return null;
        }
    }
}
