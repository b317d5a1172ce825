package dev.greenboard.app;

import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;

import org.jboss.logging.Logger;

import io.quarkus.vertx.http.HttpServerStart;

import dev.greenboard.model.config.GreenboardConfig;

/**
 * Prints the one line a person needs after start: where Greenboard answers and which database it uses. It waits for
 * the HTTP server to listen, so that the line is a promise a script can rely on.
 */
@ApplicationScoped
public class StartupBanner {

    private static final Logger LOG = Logger.getLogger(StartupBanner.class);

    private final GreenboardConfig config;
    private final AtomicBoolean printed = new AtomicBoolean();

    public StartupBanner(GreenboardConfig config) {
        this.config = config;
    }

    void onListening(@ObservesAsync HttpServerStart start) {
        if (!printed.compareAndSet(false, true)) {
            return;
        }
        String host = start.options().getHost();
        String shownHost = host == null || "0.0.0.0".equals(host) ? "localhost" : host;
        LOG.infof("Greenboard ready at http://%s:%d (%s)", shownHost, start.options().getPort(),
                config.databaseDescription());
    }
}
