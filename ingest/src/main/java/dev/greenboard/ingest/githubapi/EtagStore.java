package dev.greenboard.ingest.githubapi;

import java.time.Instant;
import java.util.Optional;

/**
 * The answers of earlier GET requests, by URL, with the validators GitHub gave them. The client sends
 * {@code If-None-Match} (or {@code If-Modified-Since}) for a stored URL; GitHub answers 304, at no rate-limit cost,
 * when nothing changed, and the stored body is used instead. Implementations must be thread-safe and bounded.
 */
public interface EtagStore {

    /**
     * One stored answer.
     *
     * @param etag the {@code ETag} header, or null
     * @param lastModified the {@code Last-Modified} header, or null
     * @param link the {@code Link} header, kept so that a 304 page still leads to the next page; or null
     * @param body the JSON body as received
     * @param storedAt when it was stored
     */
    record StoredResponse(String etag, String lastModified, String link, String body, Instant storedAt) {

        public StoredResponse {
            if (etag == null && lastModified == null) {
                throw new IllegalArgumentException("A stored response needs an ETag or a Last-Modified date");
            }
        }
    }

    Optional<StoredResponse> get(String url);

    void put(String url, StoredResponse response);

    /** Forgets a URL, e.g. when its stored body turned out unreadable. */
    void remove(String url);

    /** Keeps nothing: every GET is unconditional. */
    static EtagStore none() {
        return new EtagStore() {

            @Override
            public Optional<StoredResponse> get(String url) {
                return Optional.empty();
            }

            @Override
            public void put(String url, StoredResponse response) {
            }

            @Override
            public void remove(String url) {
            }
        };
    }
}
