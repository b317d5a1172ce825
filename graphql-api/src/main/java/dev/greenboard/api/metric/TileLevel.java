package dev.greenboard.api.metric;

import org.eclipse.microprofile.graphql.Description;

@Description("How a tile's value compares with its thresholds: GREEN below amber, AMBER from amber, RED from red;"
        + " NONE when the tile has no value or no thresholds.")
public enum TileLevel {

    GREEN, AMBER, RED, NONE;

    /** Higher is worse: at or above red is red, at or above amber amber. */
    static TileLevel of(Double value, Double amber, Double red) {
        if (value == null || amber == null || red == null) {
            return NONE;
        }
        if (value >= red) {
            return RED;
        }
        return value >= amber ? AMBER : GREEN;
    }
}
