package dev.greenboard.api.rollup;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Round 1 served the rollups under {@code /api/v1/jobs} (they were called metrics jobs). Those addresses keep working
 * for one more release: they are rerouted to {@code /api/v1/rollups} with the same method, headers and body, so a CI
 * script that calls {@code POST /api/v1/jobs/run-all} still gets its answer (docs/metrics.md lists both).
 */
@ApplicationScoped
public class LegacyJobsPath {

    static final String LEGACY = "/api/v1/jobs";

    void install(@Observes Router router) {
        // Before the read limit, so that a rerouted request is counted once, under its new path.
        router.route(LEGACY + "/*").order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 2).handler(this::reroute);
    }

    private void reroute(RoutingContext context) {
        String query = context.request().query();
        context.reroute(RollupResource.PATH + context.normalizedPath().substring(LEGACY.length())
                + (query == null ? "" : "?" + query));
    }
}
