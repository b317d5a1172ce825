package dev.greenboard.model.deployment;

/**
 * What one Greenboard instance does. Every instance of a deployment shares one database and keeps no state of its own
 * that matters, so roles only decide where work runs: for example ingest instances that take webhooks and uploads
 * with no rollup competing for their CPU, and one instance that runs the rollups.
 */
public enum InstanceRole {
    /** Takes data in: webhooks, test reports, documents, GitHub sync. */
    INGEST,
    /** Serves reads: GraphQL, the REST reads (stats files, shard plans, rollups, named queries) and the web UI. */
    API,
    /** Runs the scheduled rollups (each period still runs once across all instances that have this role). */
    ROLLUPS
}
