package dev.greenboard.ingest;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Ingest settings (README.md "Configuration", docs/ingest.md): who may write, the webhook secret, and the limits that protect the service. */
@ConfigMapping(prefix = "greenboard")
public interface IngestConfig {

    /**
     * {@code GREENBOARD_INGEST_TOKENS}: bearer tokens allowed to write. Unset: one token is generated on first start,
     * kept in the data dir and printed once.
     */
    Optional<List<String>> ingestTokens();

    /** {@code GREENBOARD_GITHUB_WEBHOOK_SECRET}: unset refuses every webhook with a message saying so. */
    Optional<String> githubWebhookSecret();

    Limits ingest();

    interface Limits {

        /** Largest body accepted, counted after gzip decompression; over it: 413. */
        @WithDefault("268435456")
        long maxBodyBytes();

        /** Largest webhook body; GitHub caps payloads at 25 MB. */
        @WithDefault("26214400")
        long maxWebhookBytes();

        /** Failure messages are cut to this many characters. */
        @WithDefault("4096")
        int maxMessageChars();

        /** Failure texts (stack traces) are cut to this many characters. */
        @WithDefault("16384")
        int maxFailureTextChars();

        /** Test cases written per COPY batch. */
        @WithDefault("5000")
        int batchSize();

        /**
         * Committed test identities kept in memory, so that uploads of known tests need no identity SQL. Each takes
         * about 150 bytes of heap plus the length of its file, class and name (measured: 230 bytes for 79 characters),
         * so the default holds the 376,600 tests of the PyTorch-shaped {@code hour} benchmark in ~70 MB. 0 turns the
         * cache off: every batch then resolves its tests in the database.
         */
        @WithDefault("500000")
        long testIdentityCacheSize();
    }
}
