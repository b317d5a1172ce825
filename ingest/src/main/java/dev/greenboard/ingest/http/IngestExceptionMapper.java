package dev.greenboard.ingest.http;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Ingest errors answer {@code {"error": "...", "detail": "..."}} with their status (SPEC §4). */
public class IngestExceptionMapper {

    public record ErrorBody(String error, String detail) {
    }

    @ServerExceptionMapper
    public Response map(IngestException e) {
        return Response.status(e.status()).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorBody(e.error(), e.getMessage())).build();
    }
}
