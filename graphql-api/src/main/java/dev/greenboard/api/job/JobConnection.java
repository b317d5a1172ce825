package dev.greenboard.api.job;

import java.util.List;

import dev.greenboard.api.page.PageInfo;

public record JobConnection(List<JobEdge> edges, PageInfo pageInfo) {

    public record JobEdge(Job node, String cursor) {
    }
}
