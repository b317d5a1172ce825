package dev.greenboard.api.metric;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How the pull-request metrics recognize a merge bot's merge attempts (docs/metrics.md#pull-requests): comments of
 * {@code login} whose body contains {@code started-marker}; and forced merges: a comment of anyone but the bot, before
 * the merge, in which {@code force-pattern} is found. The defaults are PyTorch's bot.
 */
@ConfigMapping(prefix = "greenboard.metrics.merge-bot")
public interface MergeBotConfig {

    @WithDefault("pytorchmergebot")
    String login();

    @WithDefault("Merge started")
    String startedMarker();

    /**
     * An RE2 regular expression (RE2/J: linear time whatever the comment) found in the comment that asked for a forced
     * merge. The default is PyTorch's {@code @pytorchbot merge -f "reason"} or {@code --force}, the flag anywhere on
     * the command's line; {@code -i} (ignore current failures) is no force.
     */
    @WithDefault("@pytorchbot\\s+merge\\b[^\\n]*\\s(?:-f|--force)\\b")
    String forcePattern();
}
