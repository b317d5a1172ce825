package dev.greenboard.api.http;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Collects an ingest request's body on the event loop before its endpoint takes a worker thread. The endpoints are
 * blocking (one JDBC transaction each) and read their body as a stream; RESTEasy Reactive gives a blocking endpoint
 * its worker first and lets it wait for the body there, so each body sent at 1 byte/s held a worker, and about 200
 * of them stopped uploads and readiness (issue #11). Collected here, a trickling body costs a buffer and no thread;
 * RESTEasy hands the collected body to the endpoint as it is.
 * <p>
 * Only bodies that declare a {@code Content-Length} of at most {@code greenboard.http.collected-body-bytes} are
 * collected: every webhook delivery of usual size, documents and most reports. Larger or chunked bodies stream
 * through a worker as before, which {@link HttpLimits}' body timeout frees after at most
 * {@code greenboard.http.body-timeout}.
 */
@ApplicationScoped
public class IngestBodyCollector {

    private static final List<String> INGEST_PATHS = List.of("/api/v1/github/", "/api/v1/test-reports",
            "/api/v1/collections/");

    private final HttpLimitsConfig config;

    public IngestBodyCollector(HttpLimitsConfig config) {
        this.config = config;
    }

    void install(@Observes Router router) {
        // After the limits (which refuse what is too large or too many before a byte is read), before RESTEasy.
        router.route().order(HttpLimits.ORDER + 1).handler(this::collect);
    }

    private void collect(RoutingContext context) {
        HttpServerRequest request = context.request();
        long declared = declaredLength(request);
        // HTTP/2 streams are left to RESTEasy as they come: it pauses the request when it takes it, which an HTTP/2
        // request refuses once its body has ended (every h2c upload, as Java's HttpClient sends them, was a 500).
        // HTTP/2's own flow control keeps a slow stream from taking more than its window meanwhile.
        if (declared <= 0 || declared > config.collectedBodyBytes() || !isIngestWrite(context)
                || request.version() == HttpVersion.HTTP_2 || context.body().buffer() != null) {
            context.next();
            return;
        }
        Buffer body = Buffer.buffer((int) declared);
        request.handler(body::appendBuffer);
        request.endHandler(ended -> {
            context.setBody(body);
            context.next();
        });
        if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            context.response().writeContinue();
        }
        request.resume();
    }

    private static boolean isIngestWrite(RoutingContext context) {
        HttpMethod method = context.request().method();
        if (method != HttpMethod.POST && method != HttpMethod.PUT) {
            return false;
        }
        String path = context.normalizedPath();
        for (String prefix : INGEST_PATHS) {
            if (path.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static long declaredLength(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return -1;
        }
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
