package dev.greenboard.api.testresult;

import java.util.List;

import dev.greenboard.api.page.PageInfo;

/** Relay connections of the test feature. */
public final class TestResultConnections {

    private TestResultConnections() {
    }

    public record TestConnection(List<TestEdge> edges, PageInfo pageInfo) {
    }

    public record TestEdge(Test node, String cursor) {
    }

    public record TestResultConnection(List<TestResultEdge> edges, PageInfo pageInfo) {
    }

    public record TestResultEdge(TestResult node, String cursor) {
    }
}
