package dev.greenboard.ingest.auth;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.vertx.core.http.HttpServerRequest;

import dev.greenboard.ingest.http.HttpErrorMapper.ErrorBody;

/** Refuses writes without a valid ingest token before the body is read. */
public class IngestAuthFilter {

    private final IngestTokens tokens;

    public IngestAuthFilter(IngestTokens tokens) {
        this.tokens = tokens;
    }

    @ServerRequestFilter
    @IngestAuthenticated
    public Response check(HttpServerRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (tokens.accepts(authorization)) {
            return null;
        }
        String detail = authorization == null
                ? "This endpoint writes data: send 'Authorization: Bearer <token>' with an ingest token"
                        + " (GREENBOARD_INGEST_TOKENS, or the generated one in <data dir>/ingest-token)"
                : "The bearer token is not an ingest token (GREENBOARD_INGEST_TOKENS, or the generated one in"
                        + " <data dir>/ingest-token)";
        return Response.status(401).type(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"greenboard-ingest\"")
                .entity(new ErrorBody("unauthorized", detail)).build();
    }
}
