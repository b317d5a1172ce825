package dev.greenboard.ingest.githubapi;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** {@link GitHubApiConfig} built the way Quarkus builds it, from properties and environment variables. */
public final class GitHubApiTestConfig {

    private GitHubApiTestConfig() {
    }

    /** From properties ({@code greenboard.github.api-url=...}); every other key keeps its default. */
    public static GitHubApiConfig of(Map<String, String> properties) {
        return build(new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(properties, "test", 300)));
    }

    /** From environment variables ({@code GREENBOARD_GITHUB_TOKEN=...}), as a deployment sets them. */
    public static GitHubApiConfig ofEnvironment(Map<String, String> environment) {
        return build(new SmallRyeConfigBuilder().withSources(new EnvConfigSource(environment, 300)));
    }

    /** The API at {@code apiUrl} with a token and no back-off delays beyond the fake clock's. */
    public static GitHubApiConfig forServer(String apiUrl, String token) {
        Map<String, String> properties = new HashMap<>();
        properties.put("greenboard.github.api-url", apiUrl);
        if (token != null) {
            properties.put("greenboard.github.token", token);
        }
        return of(properties);
    }

    private static GitHubApiConfig build(SmallRyeConfigBuilder builder) {
        // Quarkus reads durations such as "10s" with this converter; plain SmallRye only knows ISO-8601 ("PT10S").
        SmallRyeConfig config = builder.withConverter(Duration.class, 200, new DurationConverter())
                .withMapping(GitHubApiConfig.class)
                .build();
        return config.getConfigMapping(GitHubApiConfig.class);
    }
}
