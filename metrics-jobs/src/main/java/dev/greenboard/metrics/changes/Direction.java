package dev.greenboard.metrics.changes;

/** Which way a level moved. */
public enum Direction {
    UP, DOWN
}
