package dev.greenboard.metrics.jobname;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

import dev.greenboard.model.settings.RepositorySettingsService;

/**
 * Splits a job name into base, config and shard (docs/definitions.md, "Job name parts") with the repository's pattern
 * (its settings, else the configured default); labels of a test-report upload ({@code base}, {@code config},
 * {@code shard}, {@code num_shards}) override what the name says. Patterns run on RE2: linear in the name's length.
 */
@ApplicationScoped
public class JobNameParser {

    /** The parts of a job name. A name the pattern does not match is its own base with config "default". */
    public record JobNameParts(String base, String config, Integer shard, Integer shards) {
    }

    /** More distinct patterns than repositories of one installation; past it the cache starts over. */
    private static final int MAX_PATTERNS = 1_000;

    private final RepositorySettingsService settings;
    private final Map<String, Pattern> compiled = new ConcurrentHashMap<>();

    public JobNameParser(RepositorySettingsService settings) {
        this.settings = settings;
    }

    /**
     * @param jobName the job's own name (without the workflow), e.g. {@code linux-jammy / test (default, 1, 5, x)}
     * @param labels the upload's labels; may be empty
     */
    public JobNameParts parse(long repoId, String jobName, Map<String, String> labels) {
        String pattern = settings.currentBlocking(repoId).jobNamePattern().value();
        if (compiled.size() >= MAX_PATTERNS) {
            compiled.clear();
        }
        return parse(compiled.computeIfAbsent(pattern, Pattern::compile), jobName, labels);
    }

    /** The parts of {@code jobName} by {@code pattern} and the labels. */
    public static JobNameParts parse(Pattern pattern, String jobName, Map<String, String> labels) {
        String base = jobName == null ? "" : jobName;
        String config = "default";
        Integer shard = null;
        Integer shards = null;
        if (jobName != null) {
            Matcher matcher = pattern.matcher(jobName);
            if (matcher.matches()) {
                base = group(pattern, matcher, "base", base);
                config = group(pattern, matcher, "config", config);
                shard = number(group(pattern, matcher, "shard", null));
                shards = number(group(pattern, matcher, "shards", null));
            }
        }
        base = labels.getOrDefault("base", base);
        config = labels.getOrDefault("config", config);
        shard = labels.containsKey("shard") ? number(labels.get("shard")) : shard;
        shards = labels.containsKey("num_shards") ? number(labels.get("num_shards")) : shards;
        return new JobNameParts(base.trim(), config.trim(), shard, shards);
    }

    private static String group(Pattern pattern, Matcher matcher, String name, String fallback) {
        if (!pattern.namedGroups().containsKey(name)) {
            return fallback;
        }
        String value = matcher.group(name);
        return value == null ? fallback : value;
    }

    private static Integer number(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Integer.valueOf(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
