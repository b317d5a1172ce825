package dev.greenboard.api.http;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Security headers on every answer, pages and API alike (docs/security.md, "HTTP limits"): no page of Greenboard may
 * be framed by another site (clickjacking), no answer is sniffed into another content type, other sites learn
 * nothing of the page a link was followed from, and the pages run only their own scripts.
 * <p>
 * The pages (web-ui, ES modules) load scripts, styles, images and the API from their own origin only, with no inline
 * script; their HTML sets {@code style="..."} attributes (widths and offsets of the HUD's columns and the commit
 * page's bars), hence {@code style-src-attr 'unsafe-inline'} and nothing broader. GraphiQL, served by SmallRye
 * GraphQL (React, which injects style elements), gets inline styles too, and still nothing from another origin.
 */
@ApplicationScoped
public class SecurityHeaders {

    static final String PAGES_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " style-src-attr 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self';"
            + " object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    static final String GRAPHIQL_POLICY = "default-src 'self'; script-src 'self';"
            + " style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self';"
            + " object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    void install(@Observes Router router) {
        // Before the limits, so that their refusals carry the headers too.
        router.route().order(HttpLimits.ORDER - 1).handler(this::addHeaders);
    }

    private void addHeaders(RoutingContext context) {
        boolean graphiql = context.normalizedPath().startsWith("/graphiql");
        context.addHeadersEndHandler(ignored -> {
            MultiMap headers = context.response().headers();
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("X-Frame-Options", "DENY");
            headers.set("Referrer-Policy", "same-origin");
            if (!headers.contains("Content-Security-Policy")) {
                headers.set("Content-Security-Policy", graphiql ? GRAPHIQL_POLICY : PAGES_POLICY);
            }
        });
        context.next();
    }
}
