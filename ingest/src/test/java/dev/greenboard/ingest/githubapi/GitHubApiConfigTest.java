package dev.greenboard.ingest.githubapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

import dev.greenboard.ingest.IngestConfig;

class GitHubApiConfigTest {

    @Test
    void defaultsWorkWithoutAnySetting() {
        GitHubApiConfig config = GitHubApiTestConfig.of(Map.of());

        assertEquals("https://api.github.com", config.apiUrl());
        assertTrue(config.token().isEmpty());
        assertTrue(config.hookId().isEmpty());
        assertEquals(100, config.pageSize());
        assertEquals(Duration.ofSeconds(10), config.connectTimeout());
        assertEquals(Duration.ofMinutes(65), config.maxRateLimitWait());
        FakeTime time = new FakeTime(Instant.EPOCH);
        assertTrue(TokenSource.fromConfig(config, time, time).token().isEmpty());
    }

    @Test
    void environmentVariablesNameTheKeys() {
        GitHubApiConfig config = GitHubApiTestConfig.ofEnvironment(Map.of("GREENBOARD_GITHUB_TOKEN", "t0ken",
                "GREENBOARD_GITHUB_API_URL", "https://ghe.example.com/api/v3", "GREENBOARD_GITHUB_HOOK_ID", "12345",
                "GREENBOARD_GITHUB_PAGE_SIZE", "50"));

        assertEquals("t0ken", config.token().orElseThrow());
        assertEquals("https://ghe.example.com/api/v3", config.apiUrl());
        assertEquals(12345, config.hookId().getAsLong());
        assertEquals(50, config.pageSize());
        FakeTime time = new FakeTime(Instant.EPOCH);
        GitHubApiTransport transport = new GitHubApiTransport(config, TokenSource.fromConfig(config, time, time),
                EtagStore.none(), time, time);
        assertEquals(URI.create("https://ghe.example.com/api/v3/repos/o/r"), transport.uri("/repos/o/r"));
    }

    @Test
    void theWebhookSecretAndTheApiTokenDoNotMixUp() {
        // Both live under GREENBOARD_GITHUB_: IngestConfig's github-webhook-secret and this mapping's keys.
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new EnvConfigSource(Map.of("GREENBOARD_GITHUB_WEBHOOK_SECRET", "hook-secret",
                        "GREENBOARD_GITHUB_TOKEN", "api-token", "GREENBOARD_GITHUB_APP_ID", "3"), 300))
                .withConverter(Duration.class, 200, new DurationConverter())
                .withMapping(IngestConfig.class)
                .withMapping(GitHubApiConfig.class)
                .build();

        assertEquals("hook-secret", config.getConfigMapping(IngestConfig.class).githubWebhookSecret().orElseThrow());
        GitHubApiConfig github = config.getConfigMapping(GitHubApiConfig.class);
        assertEquals("api-token", github.token().orElseThrow());
        assertEquals(3, github.app().id().getAsLong());
    }

    @Test
    void anAppNeedsAllThreeKeys() {
        GitHubApiConfig config = GitHubApiTestConfig.ofEnvironment(Map.of("GREENBOARD_GITHUB_APP_ID", "1"));
        FakeTime time = new FakeTime(Instant.EPOCH);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TokenSource.fromConfig(config, time, time));

        assertEquals("A GitHub App needs its id, installation id and private key; missing:"
                + " GREENBOARD_GITHUB_APP_INSTALLATION_ID, GREENBOARD_GITHUB_APP_PRIVATE_KEY", e.getMessage());
    }

    @Test
    void anApiUrlWithCredentialsIsRefusedWithoutRepeatingThem() {
        GitHubApiConfig config = GitHubApiTestConfig.of(Map.of("greenboard.github.api-url",
                "https://user:s3cret@ghe.example.com/api/v3"));
        FakeTime time = new FakeTime(Instant.EPOCH);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new GitHubApiTransport(config, TokenSource.none(), EtagStore.none(), time, time));

        assertFalse(e.getMessage().contains("s3cret"));
    }

    @Test
    void repositoryNamesAreCheckedBeforeTheyReachAPath() {
        assertEquals("/repos/octo-org/octo.repo_2", RepoRef.parse("octo-org/octo.repo_2").path());
        for (String bad : new String[]{"noslash", "a/b/c", "a/..", "a/b?x=1", "a/b#c", "/b", "a/"}) {
            assertThrows(IllegalArgumentException.class, () -> RepoRef.parse(bad), bad);
        }
    }
}
