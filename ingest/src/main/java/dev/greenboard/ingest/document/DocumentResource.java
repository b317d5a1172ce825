package dev.greenboard.ingest.document;

import java.io.InputStream;
import java.sql.SQLException;
import java.util.regex.Pattern;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.jboss.logging.Logger;

import io.smallrye.common.annotation.Blocking;

import dev.greenboard.ingest.IngestConfig;
import dev.greenboard.ingest.auth.IngestAuthenticated;
import dev.greenboard.ingest.http.HttpError;
import dev.greenboard.ingest.http.SpooledBody;
import dev.greenboard.ingest.input.DataExceptions;
import dev.greenboard.ingest.input.StorableText;

/** {@code POST /api/v1/collections/{name}/documents}: schemaless JSON documents (docs/ingest.md). */
@Path("/api/v1/collections/{name}/documents")
@IngestAuthenticated
public class DocumentResource {

    private static final Pattern COLLECTION = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Logger LOG = Logger.getLogger(DocumentResource.class);

    private final DocumentIngestService service;
    private final IngestConfig config;

    public DocumentResource(DocumentIngestService service, IngestConfig config) {
        this.service = service;
        this.config = config;
    }

    @POST
    @Blocking
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public DocumentIngestService.Result write(@PathParam("name") String collection,
            @HeaderParam(HttpHeaders.CONTENT_ENCODING) String contentEncoding,
            @HeaderParam(HttpHeaders.CONTENT_LENGTH) String contentLength, InputStream body) throws SQLException {
        try (SpooledBody spooled = SpooledBody.read(body, contentEncoding, contentLength,
                config.ingest().maxBodyBytes())) {
            // Judged once the body is read: a client still sending it would not read an early answer.
            if (!COLLECTION.matcher(collection).matches()) {
                throw HttpError.badRequest("bad_collection", "Collection name '"
                        + StorableText.excerpt(collection.replace("\0", "%00"), 80)
                        + "' must be 1 to 64 letters, digits, '_' or '-'");
            }
            if (spooled.isEmpty()) {
                throw HttpError.badRequest("empty_body", "The body is empty; send a JSON object, an array of"
                        + " objects, or JSON lines");
            }
            try {
                return service.ingest(collection, spooled);
            } catch (SQLException | RuntimeException e) {
                if (e instanceof HttpError || !DataExceptions.isDataException(e)) {
                    throw e;
                }
                LOG.warnf("Documents for collection[%s] refused: PostgreSQL cannot store a value of them (%s)",
                        collection, DataExceptions.reason(e));
                throw DataExceptions.refusal(e, "The documents");
            }
        }
    }
}
