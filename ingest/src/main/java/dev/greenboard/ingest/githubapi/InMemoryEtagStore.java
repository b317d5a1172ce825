package dev.greenboard.ingest.githubapi;

import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/** An {@link EtagStore} in the heap, bounded by the characters of the bodies it holds (least recently used go). */
public final class InMemoryEtagStore implements EtagStore {

    private final Cache<String, StoredResponse> responses;

    public InMemoryEtagStore(long maxChars) {
        this.responses = Caffeine.newBuilder()
                .maximumWeight(maxChars)
                // Evict on the calling thread: the bound holds at once, and tests see it without waiting.
                .executor(Runnable::run)
                .<String, StoredResponse>weigher((url, response) -> url.length() + response.body().length()
                        + (response.link() == null ? 0 : response.link().length()))
                .build();
    }

    @Override
    public Optional<StoredResponse> get(String url) {
        return Optional.ofNullable(responses.getIfPresent(url));
    }

    @Override
    public void put(String url, StoredResponse response) {
        responses.put(url, response);
    }

    @Override
    public void remove(String url) {
        responses.invalidate(url);
    }

    /** Entries held now (an estimate while evictions are pending). */
    public long size() {
        return responses.estimatedSize();
    }
}
