package dev.greenboard.graphql.repo;

import java.util.List;

import dev.greenboard.graphql.page.PageInfo;

public record RepositoryConnection(List<RepositoryEdge> edges, PageInfo pageInfo) {

    public record RepositoryEdge(Repository node, String cursor) {
    }
}
