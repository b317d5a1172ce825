package dev.greenboard.api.metric;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How the pull-request metrics recognize a merge bot's merge attempts (docs/metrics.md#pull-requests): comments of
 * {@code login} whose body contains {@code started-marker}. The defaults are PyTorch's bot.
 */
@ConfigMapping(prefix = "greenboard.metrics.merge-bot")
public interface MergeBotConfig {

    @WithDefault("pytorchmergebot")
    String login();

    @WithDefault("Merge started")
    String startedMarker();
}
