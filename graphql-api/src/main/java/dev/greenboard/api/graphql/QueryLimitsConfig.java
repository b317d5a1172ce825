package dev.greenboard.api.graphql;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * What one GraphQL query may cost and how long it may run (docs/graphql.md, "Limits"). A request with an ingest token
 * ({@code Authorization: Bearer …}) gets the {@code token-} values: tools that need more identify themselves.
 */
@ConfigMapping(prefix = "greenboard.graphql")
public interface QueryLimitsConfig {

    /**
     * How long a query may run before what has not finished is stopped and answered with TIME_BUDGET_EXCEEDED. Below
     * the read pool's statement timeout (15 s), so that the request, not the database, decides.
     */
    @WithDefault("10s")
    Duration timeBudget();

    /** The time budget of a query sent with an ingest token. */
    @WithDefault("60s")
    Duration tokenTimeBudget();

    /**
     * The most a query may cost, priced before it runs (QueryCost: 10 per field that reads the database, 1 per item of
     * a page, 300 per named query); the web UI's largest query, a HUD page of 200 commits, costs about 1,100.
     */
    @WithDefault("2000")
    int maxCost();

    /** The most a query sent with an ingest token may cost. */
    @WithDefault("20000")
    int tokenMaxCost();

    /** The most {@code runNamedQuery} fields one query may have, with or without a token. */
    @WithDefault("5")
    int maxNamedQueries();
}
