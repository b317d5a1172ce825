package dev.greenboard.metrics.jobname;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Splits a job name into base, config and shard with the repository's pattern; labels of a test-report upload
 * ({@code base}, {@code config}, {@code shard}, {@code num_shards}) override what the name says.
 */
@ApplicationScoped
public class JobNameParser {

    /** The parts of a job name. A name the pattern does not match is its own base with config "default". */
    public record JobNameParts(String base, String config, Integer shard, Integer shards) {
    }

    private final Pattern defaultPattern;
    private final Map<String, Pattern> repoPatterns = new ConcurrentHashMap<>();

    public JobNameParser(JobNameConfig config) {
        this.defaultPattern = Pattern.compile(config.pattern());
        config.repos().forEach((repo, regex) -> repoPatterns.put(repo, Pattern.compile(regex)));
    }

    /**
     * @param jobName the job's own name (without the workflow), e.g. {@code linux-jammy / test (default, 1, 5, x)}
     * @param labels the upload's labels; may be empty
     */
    public JobNameParts parse(String repo, String jobName, Map<String, String> labels) {
        Pattern pattern = repoPatterns.getOrDefault(repo, defaultPattern);
        String base = jobName == null ? "" : jobName;
        String config = "default";
        Integer shard = null;
        Integer shards = null;
        if (jobName != null) {
            Matcher matcher = pattern.matcher(jobName);
            if (matcher.matches()) {
                base = group(matcher, "base", base);
                config = group(matcher, "config", config);
                shard = number(group(matcher, "shard", null));
                shards = number(group(matcher, "shards", null));
            }
        }
        base = labels.getOrDefault("base", base);
        config = labels.getOrDefault("config", config);
        shard = labels.containsKey("shard") ? number(labels.get("shard")) : shard;
        shards = labels.containsKey("num_shards") ? number(labels.get("num_shards")) : shards;
        return new JobNameParts(base.trim(), config.trim(), shard, shards);
    }

    private static String group(Matcher matcher, String name, String fallback) {
        try {
            String value = matcher.group(name);
            return value == null ? fallback : value;
        } catch (IllegalArgumentException e) {
            return fallback; // the pattern has no such group
        }
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
