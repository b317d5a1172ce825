package dev.greenboard.api.shardplan;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Deals test files onto shards (docs/definitions.md): files with a known time by longest-processing-time first, each onto the
 * least-loaded shard (ties: the lowest shard number); files with no history round-robin after them. Equal inputs
 * give equal plans. LPT is within 4/3 of the optimal makespan.
 */
public final class ShardPlanner {

    /** One shard: its files in the order they were dealt, and the sum of their known times. */
    public record Shard(List<String> tests, double expectedSeconds) {
    }

    public record Plan(List<Shard> shards, List<String> unknown) {
    }

    /** More shards than any CI runs; a bound so that one request cannot ask for millions of empty lists. */
    public static final int MAX_SHARDS = 1000;

    private ShardPlanner() {
    }

    /**
     * @param tests the files to run, or null for every file with a known time
     * @param times known seconds per file
     */
    public static Plan plan(Collection<String> tests, Map<String, Double> times, int shards) {
        if (shards < 1) {
            throw new IllegalArgumentException("shards must be at least 1, got " + shards);
        }
        List<String> wanted = new ArrayList<>(new LinkedHashSet<>(tests == null ? times.keySet() : tests));
        List<String> known = wanted.stream().filter(times::containsKey)
                .sorted(Comparator.comparing((String t) -> times.get(t)).reversed().thenComparing(t -> t)).toList();
        List<String> unknown = wanted.stream().filter(t -> !times.containsKey(t)).sorted().toList();
        List<List<String>> assigned = new ArrayList<>();
        double[] load = new double[shards];
        for (int i = 0; i < shards; i++) {
            assigned.add(new ArrayList<>());
        }
        for (String test : known) {
            int target = 0;
            for (int i = 1; i < shards; i++) {
                if (load[i] < load[target]) {
                    target = i;
                }
            }
            assigned.get(target).add(test);
            load[target] += times.get(test);
        }
        for (int i = 0; i < unknown.size(); i++) {
            assigned.get(i % shards).add(unknown.get(i));
        }
        List<Shard> result = new ArrayList<>();
        for (int i = 0; i < shards; i++) {
            result.add(new Shard(List.copyOf(assigned.get(i)), load[i]));
        }
        return new Plan(result, unknown);
    }
}
