package dev.greenboard.graphql.ci;

import java.util.List;

import dev.greenboard.graphql.page.PageInfo;

public record JobConnection(List<JobEdge> edges, PageInfo pageInfo) {

    public record JobEdge(Job node, String cursor) {
    }
}
