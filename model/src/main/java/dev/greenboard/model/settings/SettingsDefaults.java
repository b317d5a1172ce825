package dev.greenboard.model.settings;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The defaults of the per-repository settings, for repositories (or fields) that nobody has set in the settings page:
 * a fresh installation works with nothing set, and an operator can preconfigure repositories in the environment.
 */
@ConfigMapping(prefix = "greenboard.settings")
public interface SettingsDefaults {

    /** PyTorch's job names: {@code <base> / test (<config>, <shard>, <num_shards>, <runner>)}. */
    String PYTORCH_JOB_NAMES = "^(?<base>.+?) / test \\((?<config>[^,()]+)(?:, (?<shard>\\d+), (?<shards>\\d+)"
            + "(?:, [^)]*)?)?\\)$";

    /**
     * Blocking workflows per repository by workflow name:
     * {@code greenboard.settings.blocking-workflows."owner/name"=pull,trunk}. Not listed: every workflow.
     */
    Map<String, List<String>> blockingWorkflows();

    /**
     * Ordered HUD column groups as {@code Name=regex} for every repository
     * ({@code greenboard.settings.hud-column-groups[0]=Linux=^(pull|trunk) / linux}).
     */
    Optional<List<String>> hudColumnGroups();

    /** How job names split into base, config and shard, unless a repository has its own pattern. */
    @WithDefault(PYTORCH_JOB_NAMES)
    String jobNamePattern();

    /** Per-repository job-name patterns: {@code greenboard.settings.job-name-patterns."owner/name"=<regex>}. */
    Map<String, String> jobNamePatterns();
}
