/**
 * Scheduled rollups: each job one stage from stored facts to rollup tables and published artifacts.
 */
package dev.greenboard.metrics;
