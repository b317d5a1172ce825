package dev.greenboard.metrics.jobname;

import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How job names split into base (build environment), config and shard (SPEC §6). The default understands PyTorch's
 * {@code <base> / test (<config>, <shard>, <num_shards>, <runner>)}; a repository may have its own regex with the
 * same named groups ({@code base}, {@code config}, {@code shard}, {@code shards}; missing groups are empty).
 */
@ConfigMapping(prefix = "greenboard.job-names")
public interface JobNameConfig {

    @WithDefault("^(?<base>.+?) / test \\((?<config>[^,()]+)(?:, (?<shard>\\d+), (?<shards>\\d+)(?:, [^)]*)?)?\\)$")
    String pattern();

    /** Per-repository patterns: {@code greenboard.job-names.repos."owner/name"=<regex>}. */
    Map<String, String> repos();
}
