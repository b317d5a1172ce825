package dev.greenboard.api.hud;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** HUD settings: how columns group. */
@ConfigMapping(prefix = "greenboard.hud")
public interface HudConfig {

    /**
     * Ordered column groups as {@code Name=regex} ({@code greenboard.hud.groups[0]=Linux=^(pull|trunk) / linux});
     * a job goes to the first group whose regex finds a match in its name, else to no group.
     */
    Optional<List<String>> groups();
}
