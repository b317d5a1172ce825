package dev.greenboard.app;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

import dev.greenboard.model.config.GreenboardConfig;

/** Prints the one line a person needs after start: where Greenboard answers and which database it uses. */
@ApplicationScoped
public class StartupBanner {

    private static final Logger LOG = Logger.getLogger(StartupBanner.class);

    private final GreenboardConfig config;
    private final int port;
    private final String host;

    public StartupBanner(GreenboardConfig config, @ConfigProperty(name = "quarkus.http.port") int port,
            @ConfigProperty(name = "quarkus.http.host") String host) {
        this.config = config;
        this.port = port;
        this.host = host;
    }

    void onStart(@Observes StartupEvent event) {
        String shownHost = "0.0.0.0".equals(host) ? "localhost" : host;
        LOG.infof("Greenboard ready at http://%s:%d (%s)", shownHost, port, config.databaseDescription());
    }
}
