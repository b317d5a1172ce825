package dev.greenboard.graphql.test;

import java.util.List;

import dev.greenboard.graphql.page.PageInfo;

/** Relay connections of the test feature. */
public final class Connections {

    private Connections() {
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
