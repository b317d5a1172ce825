package dev.greenboard.api.testhealth;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

import dev.greenboard.api.page.Page;
import dev.greenboard.api.page.PageInfo;

/** Relay connections of the test-health feature. */
public final class TestHealthConnections {

    private TestHealthConnections() {
    }

    /** A connection of the first {@code size} of {@code rows} (fetched {@code size + 1}: the extra one means more). */
    static <T, E, C> C of(List<T> rows, int size, Function<T, String> cursor, BiFunction<T, String, E> edge,
            BiFunction<List<E>, PageInfo, C> connection) {
        Page<T> page = Page.of(rows, size);
        return connection.apply(page.items().stream().map(item -> edge.apply(item, cursor.apply(item))).toList(),
                page.pageInfo(cursor));
    }

    public record TestHealthConnection(List<TestHealthEdge> edges, PageInfo pageInfo) {
    }

    public record TestHealthEdge(TestHealth node, String cursor) {
    }

    public record PlatformSmokeTestConnection(List<PlatformSmokeTestEdge> edges, PageInfo pageInfo) {
    }

    public record PlatformSmokeTestEdge(PlatformSmokeTest node, String cursor) {
    }

    public record TestTimeRegressionConnection(List<TestTimeRegressionEdge> edges, PageInfo pageInfo) {
    }

    public record TestTimeRegressionEdge(TestTimeRegression node, String cursor) {
    }

    public record DisabledTestConnection(List<DisabledTestEdge> edges, PageInfo pageInfo) {
    }

    public record DisabledTestEdge(DisabledTest node, String cursor) {
    }
}
