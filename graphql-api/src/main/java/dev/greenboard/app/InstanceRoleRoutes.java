package dev.greenboard.app;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import dev.greenboard.model.deployment.InstanceRole;
import dev.greenboard.model.deployment.InstanceRoles;

/**
 * Serves only what this instance's roles ({@code GREENBOARD_ROLES}) include: a path of a role it does not have is
 * answered 404 with a JSON body that says which roles the instance has, before anything is read, so a load balancer
 * that routes by path (docs/deploy.md) is easy to check. Health ({@code /q/health}) and metrics ({@code /q/metrics})
 * answer on every instance.
 */
@ApplicationScoped
public class InstanceRoleRoutes {

    private static final Logger LOG = Logger.getLogger(InstanceRoleRoutes.class);
    /** The paths ingest serves (its endpoints in the ingest module); everything else but /q/ is the API and UI. */
    private static final String[] INGEST_PATHS = {"/api/v1/github/", "/api/v1/test-reports", "/api/v1/collections/"};

    private final InstanceRoles roles;
    private final ObjectMapper json;

    public InstanceRoleRoutes(InstanceRoles roles, ObjectMapper json) {
        this.roles = roles;
        this.json = json;
    }

    void install(@Observes Router router) {
        if (roles.has(InstanceRole.INGEST) && roles.has(InstanceRole.API)) {
            return; // serves everything
        }
        LOG.infof("This instance serves %s (GREENBOARD_ROLES)", roles.roles());
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 20).handler(this::route);
    }

    /** The role a path belongs to; empty for what every instance serves. */
    static Optional<InstanceRole> roleOf(String path) {
        if (path.startsWith("/q/")) {
            return Optional.empty();
        }
        for (String prefix : INGEST_PATHS) {
            if (path.startsWith(prefix)) {
                return Optional.of(InstanceRole.INGEST);
            }
        }
        return Optional.of(InstanceRole.API);
    }

    private void route(RoutingContext context) {
        Optional<InstanceRole> role = roleOf(context.normalizedPath());
        if (role.isEmpty() || roles.has(role.get())) {
            context.next();
            return;
        }
        String has = roles.roles().stream().map(r -> r.name().toLowerCase()).sorted().collect(Collectors.joining(","));
        String body;
        try {
            body = json.writeValueAsString(Map.of("error", "not_served_here",
                    "detail", "This instance does not serve " + role.get().name().toLowerCase() + " requests (its roles"
                            + " are " + has + ", set by GREENBOARD_ROLES); send them to an instance with that role"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        context.response().setStatusCode(404).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body);
    }
}
