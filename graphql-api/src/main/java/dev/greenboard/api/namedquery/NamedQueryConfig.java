package dev.greenboard.api.namedquery;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Named queries (docs/named-queries.md): where users add their own, and the bounds every execution runs within. */
@ConfigMapping(prefix = "greenboard.named-queries")
public interface NamedQueryConfig {

    /**
     * The directory of user-added named queries, one sub-directory per query ({@code <name>/query.sql} and
     * {@code <name>/params.json}), read at run time. Unset: {@code named-queries} inside {@code greenboard.data-dir}.
     */
    Optional<String> dir();

    /** Rows one execution returns at most; a result cut there says {@code truncated}. */
    @WithDefault("10000")
    int maxRows();

    /** How long one execution may run before PostgreSQL cancels it; a query's params.json may set its own. */
    @WithDefault("10s")
    Duration statementTimeout();

    /**
     * Named queries that run at once, server-wide; each holds a connection of the read pool
     * ({@code quarkus.datasource.reactive.max-size}, 20) while it runs, so this stays well below it.
     */
    @WithDefault("6")
    int maxConcurrent();

    /** Executions that wait for a free slot, server-wide; past them the answer is BUSY (REST: 503). */
    @WithDefault("60")
    int maxWaiting();
}
