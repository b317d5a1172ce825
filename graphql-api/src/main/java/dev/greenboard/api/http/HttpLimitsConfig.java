package dev.greenboard.api.http;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * What one HTTP request and one client may hold of the server (docs/security.md, "HTTP limits"). Each refusal answers
 * the REST error shape, {@code {"error": ..., "detail": ...}}, and its detail names the setting to change.
 */
@ConfigMapping(prefix = "greenboard.http")
public interface HttpLimitsConfig {

    /**
     * {@code GREENBOARD_HTTP_BODY_TIMEOUT}: a request body must have arrived whole this long after its headers;
     * otherwise the answer is 408 and the connection is closed. 30 s carry 256 MB (the upload limit) at 70 Mbit/s.
     */
    @WithDefault("30s")
    Duration bodyTimeout();

    /**
     * {@code GREENBOARD_HTTP_COLLECTED_BODY_BYTES}: ingest bodies that declare at most this many bytes are collected
     * in memory on the event loop before their endpoint takes a worker thread ({@link IngestBodyCollector}), so that
     * one arriving slowly holds no thread. Larger ones stream through a worker, for at most {@link #bodyTimeout()}.
     */
    @WithDefault("4194304")
    long collectedBodyBytes();

    /** {@code GREENBOARD_HTTP_MAX_URL_LENGTH}: longest request URL (path and query, in characters); over it: 414. */
    @WithDefault("4096")
    int maxUrlLength();

    /**
     * {@code GREENBOARD_HTTP_MAX_HEADER_BYTES}: most bytes all request headers together may take (names, values and
     * their separators); over it: 431.
     */
    @WithDefault("20480")
    int maxHeaderBytes();

    /**
     * {@code GREENBOARD_HTTP_MAX_REQUESTS_PER_CLIENT}: requests one client address may have in progress at once (an
     * open subscription is one); the next one gets 429 until one of them ends. 0 turns the limit off.
     */
    @WithDefault("256")
    int maxRequestsPerClient();
}
