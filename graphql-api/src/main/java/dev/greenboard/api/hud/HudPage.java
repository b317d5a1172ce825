package dev.greenboard.api.hud;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

import dev.greenboard.api.page.PageInfo;

@Type("HudPage")
@Description("A page of the HUD grid: commits of a branch (rows, newest first) by job names (columns); cells[i] of a"
        + " row is the cell of jobNames[i].")
public record HudPage(String repository, String branch, @NonNull List<@NonNull String> jobNames,
        List<HudGroup> groups, @NonNull List<@NonNull HudRow> rows, PageInfo pageInfo) {

    @Type("HudRow")
    public record HudRow(String sha, Instant time, String title, String author, Integer prNumber,
            @NonNull List<@NonNull HudCell> cells) {
    }

    @Type("HudGroup")
    @Description("A column group (configured regexes, in order); jobNames in the order of the page's columns.")
    public record HudGroup(String name, List<String> jobNames) {
    }
}
