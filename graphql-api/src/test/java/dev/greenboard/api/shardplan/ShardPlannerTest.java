package dev.greenboard.api.shardplan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

class ShardPlannerTest {

    @Test
    void longestFirstOntoTheLeastLoadedShard() {
        Map<String, Double> times = Map.of("a", 10.0, "b", 8.0, "c", 6.0, "d", 4.0, "e", 2.0);
        ShardPlanner.Plan plan = ShardPlanner.plan(null, times, 2);
        // a->0 (10), b->1 (8), c->1 (14), d->0 (14), e->0 on the tie (16): 16 is also the optimum here.
        assertEquals(List.of("a", "d", "e"), plan.shards().get(0).tests());
        assertEquals(List.of("b", "c"), plan.shards().get(1).tests());
        assertEquals(16.0, plan.shards().get(0).expectedSeconds());
        assertEquals(14.0, plan.shards().get(1).expectedSeconds());
        assertEquals(List.of(), plan.unknown());
    }

    @Test
    void unknownTestsAreDealtRoundRobinAfterTheKnownOnes() {
        ShardPlanner.Plan plan = ShardPlanner.plan(List.of("z_new", "a", "y_new", "x_new", "b"),
                Map.of("a", 5.0, "b", 3.0), 2);
        assertEquals(List.of("x_new", "y_new", "z_new"), plan.unknown());
        assertEquals(List.of("a", "x_new", "z_new"), plan.shards().get(0).tests());
        assertEquals(List.of("b", "y_new"), plan.shards().get(1).tests());
        assertEquals(5.0, plan.shards().get(0).expectedSeconds());
    }

    @Test
    void equalInputsGiveEqualPlansWhateverTheirOrder() {
        Map<String, Double> times = new LinkedHashMap<>();
        times.put("t1", 3.0);
        times.put("t2", 3.0);
        times.put("t3", 3.0);
        times.put("t4", 1.0);
        ShardPlanner.Plan first = ShardPlanner.plan(List.of("t1", "t2", "t3", "t4"), times, 3);
        ShardPlanner.Plan second = ShardPlanner.plan(List.of("t4", "t3", "t2", "t1"), Map.copyOf(times), 3);
        assertEquals(first, second);
    }

    @Test
    void withinTheLptBoundOfTheOptimum() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            int shards = 2 + random.nextInt(2);
            int count = 3 + random.nextInt(7);
            Map<String, Double> times = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                times.put("f" + i, (double) (1 + random.nextInt(100)));
            }
            double lpt = ShardPlanner.plan(null, times, shards).shards().stream()
                    .mapToDouble(ShardPlanner.Shard::expectedSeconds).max().orElseThrow();
            double optimum = optimum(new ArrayList<>(times.values()), shards);
            assertTrue(lpt <= (4.0 / 3.0 - 1.0 / (3.0 * shards)) * optimum + 1e-9,
                    "LPT " + lpt + " vs optimum " + optimum + " for " + times);
        }
    }

    /** The best makespan by trying every assignment (small inputs only). */
    private static double optimum(List<Double> jobs, int shards) {
        return best(jobs, 0, new double[shards]);
    }

    private static double best(List<Double> jobs, int next, double[] load) {
        if (next == jobs.size()) {
            double max = 0;
            for (double l : load) {
                max = Math.max(max, l);
            }
            return max;
        }
        double result = Double.MAX_VALUE;
        for (int s = 0; s < load.length; s++) {
            load[s] += jobs.get(next);
            result = Math.min(result, best(jobs, next + 1, load));
            load[s] -= jobs.get(next);
        }
        return result;
    }
}
