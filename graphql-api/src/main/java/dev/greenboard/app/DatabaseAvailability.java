package dev.greenboard.app;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import dev.greenboard.model.database.DatabaseBootstrap;
import dev.greenboard.model.database.DatabaseOutage;
import dev.greenboard.model.database.DatabaseSupervisor;

/**
 * While the embedded database is down and its supervisor restarts it, the API and ingest answer at once with 503 (507
 * when the disk is full) and {@code Retry-After} instead of waiting for a pool timeout and failing with a 500; and
 * readiness is DOWN with the reason, so a load balancer sends traffic elsewhere. When the server is back, the pools
 * open new connections by themselves and readiness returns to UP. An external database has no supervisor: its
 * outages are answered the same way when a request meets them ({@code HttpErrorMapper}).
 */
@ApplicationScoped
@Readiness
public class DatabaseAvailability implements HealthCheck {

    /** What depends on the database; pages, assets, health and metrics keep answering. */
    private static final String[] GUARDED = {"/api/", "/graphql"};

    private final ObjectMapper json;

    public DatabaseAvailability(ObjectMapper json) {
        this.json = json;
    }

    void install(@Observes Router router) {
        // Before the read limit and the body handler: a request the database cannot serve is not read at all.
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 10).handler(this::check);
    }

    private void check(RoutingContext context) {
        Optional<DatabaseSupervisor.State> state = state();
        if (state.isEmpty() || state.get().isUp() || !guarded(context.normalizedPath())) {
            context.next();
            return;
        }
        DatabaseSupervisor.State down = state.get();
        long retryAfter = down.retryAfter(Instant.now()).toSeconds();
        String body;
        try {
            body = json.writeValueAsString(Map.of(
                    "error", down.diskFull() ? "insufficient_storage" : "database_unavailable",
                    "detail", (down.diskFull() ? "The database has no disk space left" : "The database is restarting")
                            + " (" + down.reason() + "); nothing was stored. Try again in " + retryAfter + " s"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        context.response().setStatusCode(down.diskFull() ? 507 : 503)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter))
                .end(body);
    }

    private static boolean guarded(String path) {
        for (String prefix : GUARDED) {
            if (path.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static Optional<DatabaseSupervisor.State> state() {
        return DatabaseBootstrap.started().flatMap(DatabaseBootstrap.Database::supervisor)
                .map(DatabaseSupervisor::state);
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("Embedded PostgreSQL supervisor");
        Optional<DatabaseSupervisor.State> state = state();
        if (state.isEmpty()) {
            return response.up().withData("server", "not embedded").build();
        }
        DatabaseSupervisor.State current = state.get();
        response.status(current.isUp()).withData("phase", current.phase().name())
                .withData("since", current.since().toString());
        if (!current.isUp()) {
            response.withData("reason", String.valueOf(current.reason()))
                    .withData("diskFull", current.diskFull())
                    .withData("retryAfterSeconds", DatabaseOutage.retryAfter().toSeconds());
        }
        return response.build();
    }
}
