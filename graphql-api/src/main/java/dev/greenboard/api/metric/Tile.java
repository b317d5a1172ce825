package dev.greenboard.api.metric;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The scalar tiles of the metrics dashboard (docs/metrics.md#tiles) with their default thresholds: a value at or
 * above {@code amber} is amber, at or above {@code red} red. Higher is worse for every tile. PyTorch's red thresholds
 * where its /metrics page has one; amber is our choice (about half way). A tile without a default threshold is
 * never coloured until a repository sets one.
 */
enum Tile {

    RED_RATE("% commits red on the default branch", "ratio", 0.10, 0.20),
    BROKEN_RATE("% commits broken on the default branch", "ratio", 0.10, 0.20),
    FLAKY_RATE("% commits flaky on the default branch", "ratio", 0.10, 0.20),
    TIME_SINCE_GREEN("Time since the branch was last green", "seconds", 3 * 3600.0, 6 * 3600.0),
    TIME_SINCE_PUSH("Time since the last push to the default branch", "seconds", 86400.0, 7 * 86400.0),
    REVERTS("Reverts", "commits", 5.0, 10.0),
    COMMITS("Commits", "commits", null, null),
    DISABLED_TESTS("Disabled tests", "tests", null, null),
    WORKFLOW_TTS_P50("p50 time to signal of the chosen workflows", "seconds", 3 * 3600.0, 4 * 3600.0),
    TIME_SINCE_WORKFLOW_SUCCESS("Time since the chosen workflows last succeeded", "seconds", 86400.0, 3 * 86400.0);

    private final String title;
    private final String unit;
    private final Double amber;
    private final Double red;

    Tile(String title, String unit, Double amber, Double red) {
        this.title = title;
        this.unit = unit;
        this.amber = amber;
        this.red = red;
    }

    /** The name callers pass, e.g. {@code time_since_green}. */
    String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    String title() {
        return title;
    }

    String unit() {
        return unit;
    }

    Double defaultAmber() {
        return amber;
    }

    Double defaultRed() {
        return red;
    }

    static Optional<Tile> byName(String name) {
        return Arrays.stream(values()).filter(t -> t.apiName().equals(name)).findFirst();
    }

    static String knownNames() {
        return Arrays.stream(values()).map(Tile::apiName).collect(Collectors.joining(", "));
    }
}
