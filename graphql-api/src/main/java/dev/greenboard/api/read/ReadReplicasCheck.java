package dev.greenboard.api.read;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Shows each read replica in readiness: whether reads go there and its lag. It stays UP whatever they say: without a
 * usable replica the primary serves the reads.
 */
@ApplicationScoped
@Readiness
public class ReadReplicasCheck implements HealthCheck {

    private final ReadReplicas replicas;

    public ReadReplicasCheck(ReadReplicas replicas) {
        this.replicas = replicas;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("Read replicas").up();
        Map<String, String> states = replicas.states();
        if (states.isEmpty()) {
            return response.withData("replicas", "none: reads on the primary").build();
        }
        states.forEach(response::withData);
        return response.build();
    }
}
