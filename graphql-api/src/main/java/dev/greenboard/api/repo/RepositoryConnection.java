package dev.greenboard.api.repo;

import java.util.List;

import dev.greenboard.api.page.PageInfo;

public record RepositoryConnection(List<RepositoryEdge> edges, PageInfo pageInfo) {

    public record RepositoryEdge(Repository node, String cursor) {
    }
}
