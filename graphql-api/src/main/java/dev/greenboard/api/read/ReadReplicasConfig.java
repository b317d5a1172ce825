package dev.greenboard.api.read;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Hot standbys the public reads may use ({@code GREENBOARD_DB_READ_URLS}, {@code GREENBOARD_READ_MAX_LAG}); see
 * docs/deploy.md, "Read replicas".
 */
@ConfigMapping(prefix = "greenboard.read-replicas")
public interface ReadReplicasConfig {

    /** Each in {@code GREENBOARD_DB_URL}'s form, {@code postgresql://user:password@host:port/database}; none: reads on the primary. */
    Optional<List<String>> urls();

    /**
     * A replica that has not replayed what the primary wrote this long ago is skipped until it catches up: one second
     * keeps the promise that what was stored is visible within a second.
     */
    @WithDefault("1s")
    Duration maxLag();

    /** How often each replica's progress is compared with the primary's. */
    @WithDefault("200ms")
    Duration probeInterval();

    /** Connections per replica, for the reactive reads (the JDBC reads of rollups take a quarter, at least 2). */
    @WithDefault("20")
    int poolSize();
}
