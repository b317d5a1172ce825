package dev.greenboard.ingest.http;

import java.sql.SQLException;
import java.util.Optional;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.greenboard.model.database.DatabaseOutage;

/**
 * REST errors answer {@code {"error": "...", "detail": "..."}} with their status (docs/ingest.md, "Errors"). Failures
 * that are no request's fault answer so too: the database away is 503 and out of disk 507, both with
 * {@code Retry-After} (GitHub does not redeliver after a 500, so a webhook must learn it can try again); anything
 * unforeseen is a logged 500 with a JSON body, never an HTML page or an empty answer.
 */
public class HttpErrorMapper {

    private static final Logger LOG = Logger.getLogger(HttpErrorMapper.class);

    public record ErrorBody(String error, String detail) {
    }

    @ServerExceptionMapper
    public Response map(HttpError e) {
        return Response.status(e.status()).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorBody(e.error(), e.getMessage())).build();
    }

    @ServerExceptionMapper
    public Response map(SQLException e) {
        return unexpected(e);
    }

    @ServerExceptionMapper
    public Response map(RuntimeException e) {
        if (e instanceof WebApplicationException web) {
            return web.getResponse(); // 404, 405, 415...: the framework's own answers keep their status
        }
        return unexpected(e);
    }

    private static Response unexpected(Exception e) {
        Optional<DatabaseOutage.Kind> outage = DatabaseOutage.of(e);
        if (outage.isPresent()) {
            long retryAfter = DatabaseOutage.retryAfter().toSeconds();
            boolean diskFull = outage.get() == DatabaseOutage.Kind.DISK_FULL;
            LOG.warnf("Answered %d: the database is %s (%s)", diskFull ? 507 : 503,
                    diskFull ? "out of disk space" : "not reachable", e.getMessage());
            return Response.status(diskFull ? 507 : 503).type(MediaType.APPLICATION_JSON_TYPE)
                    .header(HttpHeaders.RETRY_AFTER, retryAfter)
                    .entity(diskFull
                            ? new ErrorBody("insufficient_storage", "The database has no disk space left; nothing"
                                    + " was stored. Try again in " + retryAfter + " s (an operator must free space)")
                            : new ErrorBody("database_unavailable", "The database is restarting or not reachable;"
                                    + " nothing was stored. Try again in " + retryAfter + " s"))
                    .build();
        }
        LOG.errorf(e, "Unexpected failure answered 500: %s", e.getMessage());
        return Response.serverError().type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorBody("internal_error", "Greenboard failed unexpectedly; the server log has the"
                        + " details. Deliveries and uploads are idempotent: sending the request again is safe"))
                .build();
    }
}
