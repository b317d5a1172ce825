package dev.greenboard.metrics.logs;

/**
 * What the classifier found in one log: the winning rule, what it captured, the whole line it matched (both cut to
 * the configured length) and that line's number.
 */
public record Classification(String rule, String captured, String line, int lineNumber) {
}
