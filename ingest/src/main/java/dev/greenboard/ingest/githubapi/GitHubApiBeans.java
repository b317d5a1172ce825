package dev.greenboard.ingest.githubapi;

import java.time.Clock;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.quarkus.arc.DefaultBean;

/**
 * The client as a bean for the sync. The ETag store is a default bean: a database-backed {@link EtagStore} bean
 * replaces the in-memory one without touching this class.
 */
public class GitHubApiBeans {

    @Produces
    @Singleton
    @DefaultBean
    EtagStore etagStore(GitHubApiConfig config) {
        return new InMemoryEtagStore(config.etagStoreMaxChars());
    }

    /** Real waits; tests replace it with one that only records them. */
    @Produces
    @Singleton
    @DefaultBean
    Sleeper sleeper() {
        return Sleeper.SYSTEM;
    }

    @Produces
    @Singleton
    GitHubApiClient gitHubApiClient(GitHubApiConfig config, EtagStore etags, Sleeper sleeper) {
        Clock clock = Clock.systemUTC();
        TokenSource tokens = TokenSource.fromConfig(config, clock, sleeper);
        return new GitHubApiClient(new GitHubApiTransport(config, tokens, etags, clock, sleeper));
    }
}
