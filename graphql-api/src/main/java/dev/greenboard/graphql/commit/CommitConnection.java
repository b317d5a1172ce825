package dev.greenboard.graphql.commit;

import java.util.List;

import dev.greenboard.graphql.page.PageInfo;

public record CommitConnection(List<CommitEdge> edges, PageInfo pageInfo) {

    public record CommitEdge(Commit node, String cursor) {
    }
}
