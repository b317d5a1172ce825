package dev.greenboard.api.document;

import java.util.List;

import dev.greenboard.api.page.PageInfo;

public record DocumentConnection(List<DocumentEdge> edges, PageInfo pageInfo) {

    public record DocumentEdge(Document node, String cursor) {
    }
}
