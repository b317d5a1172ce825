package dev.greenboard.graphql.document;

import java.util.List;

import dev.greenboard.graphql.page.PageInfo;

public record DocumentConnection(List<DocumentEdge> edges, PageInfo pageInfo) {

    public record DocumentEdge(Document node, String cursor) {
    }
}
