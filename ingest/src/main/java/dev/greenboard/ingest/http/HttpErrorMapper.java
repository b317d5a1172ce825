package dev.greenboard.ingest.http;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** REST errors answer {@code {"error": "...", "detail": "..."}} with their status (SPEC §4). */
public class HttpErrorMapper {

    public record ErrorBody(String error, String detail) {
    }

    @ServerExceptionMapper
    public Response map(HttpError e) {
        return Response.status(e.status()).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorBody(e.error(), e.getMessage())).build();
    }
}
