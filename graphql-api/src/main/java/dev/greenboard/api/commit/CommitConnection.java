package dev.greenboard.api.commit;

import java.util.List;

import dev.greenboard.api.page.PageInfo;

public record CommitConnection(List<CommitEdge> edges, PageInfo pageInfo) {

    public record CommitEdge(Commit node, String cursor) {
    }
}
