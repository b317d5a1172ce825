package dev.greenboard.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;

/**
 * The web UI is one page shell ({@code /index.html}) whose scripts read the page from the path, so that every page
 * has a permalink such as {@code /hud/pytorch/pytorch/main}. Those paths are not files: they are rerouted to the
 * shell here, before the static-resource handler runs. Everything else (the API, {@code /q/*}, assets) is untouched.
 */
@ApplicationScoped
public class WebUiRoutes {

    /** The first path segments of the UI's pages; keep in step with the routes of {@code app/main.js}. */
    static final String PAGES = "/(hud|commit|pr|job|tests|test|metrics|tts|kpis|flaky|settings|queries|help)(/.*)?";

    void install(@Observes Router router) {
        router.routeWithRegex(PAGES).method(HttpMethod.GET).method(HttpMethod.HEAD)
                .order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(context -> context.reroute("/index.html"));
    }
}
