package dev.greenboard.model.deployment;

import java.util.Set;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The roles of this instance: {@code GREENBOARD_ROLES} (comma-separated {@code ingest}, {@code api}, {@code rollups};
 * all of them by default, which is the single-process Greenboard).
 */
@ConfigMapping(prefix = "greenboard.instance")
public interface InstanceRoles {

    @WithDefault("ingest,api,rollups")
    Set<InstanceRole> roles();

    default boolean has(InstanceRole role) {
        return roles().contains(role);
    }
}
