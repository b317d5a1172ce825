package dev.greenboard.api.hud;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.greenboard.api.graphql.UserPattern;
import dev.greenboard.api.hud.HudPage.HudGroup;
import dev.greenboard.api.hud.HudPage.HudRow;
import dev.greenboard.api.job.Job;
import dev.greenboard.api.page.Cursor;
import dev.greenboard.api.page.PageSize;
import dev.greenboard.api.read.ReadSql;
import dev.greenboard.api.repo.RepoLookup;
import dev.greenboard.model.ci.JobExecution;
import dev.greenboard.model.settings.RepositorySettingsService;
import dev.greenboard.model.settings.RepositorySettingsService.ColumnGroup;

/** The HUD grid in one round trip: a page of commits, then every job on them, merged per cell. */
@GraphQLApi
public class HudApi {

    private record CommitRow(String sha, OffsetDateTime seenAt, int pushOrdinal, OffsetDateTime time, String title,
            String author, Integer prNumber) {
    }

    private final ReadSql sql;
    private final RepoLookup repos;
    private final RepositorySettingsService settings;

    public HudApi(ReadSql sql, RepoLookup repos, RepositorySettingsService settings) {
        this.sql = sql;
        this.repos = repos;
        this.settings = settings;
    }

    @Query("hud")
    @Description("The HUD grid for a branch (default: the repository's default branch), newest commits first."
            + " jobFilter keeps the columns whose name matches it as a regex (ignoring case), or contains it when it"
            + " is not a valid regex. Regexes are RE2 syntax (no backreferences or lookaround), at most "
            + UserPattern.MAX_LENGTH + " characters.")
    public Uni<HudPage> hud(@NonNull String repo, String branch, Integer first, String after, String jobFilter) {
        int size = PageSize.of(first, 50, 200);
        List<String> cursor = Cursor.decode(after, 3);
        UserPattern filter = UserPattern.of("jobFilter", jobFilter);
        return repos.require(repo).chain(r -> settings.current(r.id()).chain(repoSettings -> {
            List<ColumnGroup> groups = RepositorySettingsService.columnGroups(repoSettings);
            String branchName = branch == null || branch.isBlank() ? r.defaultBranch() : branch;
            Tuple params = Tuple.tuple().addLong(r.id()).addString(branchName)
                    .addValue(cursor == null ? null : OffsetDateTime.parse(cursor.get(0)))
                    .addInteger(cursor == null ? 0 : Integer.parseInt(cursor.get(1)))
                    .addString(cursor == null ? "" : cursor.get(2))
                    .addInteger(size + 1);
            return sql.list("""
                    select bc.sha, bc.seen_at, bc.push_ordinal, coalesce(c.committed_at, bc.seen_at) as time,
                           c.title, coalesce(c.author_login, c.author_name) as author, c.pr_number
                    from branch_commit bc join commit c on c.repo_id = bc.repo_id and c.sha = bc.sha
                    where bc.repo_id = $1 and bc.branch = $2
                      and ($3::timestamptz is null or (bc.seen_at, bc.push_ordinal, bc.sha) < ($3, $4, $5))
                    order by bc.seen_at desc, bc.push_ordinal desc, bc.sha desc
                    limit $6""", params, row -> new CommitRow(row.getString(0), row.getOffsetDateTime(1),
                    row.getInteger(2), row.getOffsetDateTime(3), row.getString(4), row.getString(5),
                    row.getInteger(6)))
                    .chain(commits -> {
                        boolean hasNext = commits.size() > size;
                        List<CommitRow> page = hasNext ? commits.subList(0, size) : commits;
                        if (page.isEmpty()) {
                            return Uni.createFrom().item(new HudPage(r.fullName(), branchName, List.of(), List.of(),
                                    List.of(), new dev.greenboard.api.page.PageInfo(false, null)));
                        }
                        List<String> pageShas = page.stream().map(CommitRow::sha).toList();
                        // Unordered: sorting them here costs the database more than the few cells with several
                        // executions cost the merge.
                        return sql.fold("""
                                select j.id, j.name, j.workflow_name, j.head_sha, j.run_attempt, j.status,
                                       j.conclusion, j.created_at
                                from job j where j.repo_id = $1 and j.head_sha = any($2)""",
                                Tuple.of(r.id(), pageShas.toArray(String[]::new)), new HudGrid(pageShas, name -> true),
                                (grid, row) -> grid.add(row.getString(3),
                                        Job.displayName(row.getString(2), row.getString(1)),
                                        new JobExecution(row.getLong(0), row.getInteger(4),
                                                instant(row.getOffsetDateTime(7)),
                                                row.getString(5), row.getString(6))))
                                .chain(grid -> filtered(grid, filter))
                                .map(grid -> page(r.fullName(), branchName, page, hasNext, grid, groups));
                    });
        }));
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    private static HudPage page(String repo, String branch, List<CommitRow> commits, boolean hasNext, HudGrid grid,
            List<ColumnGroup> groups) {
        List<String> jobNames = grid.jobNames();
        List<HudRow> rows = new ArrayList<>(commits.size());
        for (int i = 0; i < commits.size(); i++) {
            CommitRow commit = commits.get(i);
            rows.add(new HudRow(commit.sha(), commit.time().toInstant(), commit.title(), commit.author(),
                    commit.prNumber(), grid.cells(i)));
        }
        CommitRow last = commits.get(commits.size() - 1);
        String endCursor = Cursor.encode(last.seenAt().withOffsetSameInstant(ZoneOffset.UTC), last.pushOrdinal(),
                last.sha());
        return new HudPage(repo, branch, jobNames, groupsOf(jobNames, groups), rows,
                new dev.greenboard.api.page.PageInfo(hasNext, endCursor));
    }

    /** The page's job names by the repository's column groups (docs/settings.md): each in the first that finds it. */
    private static List<HudGroup> groupsOf(List<String> jobNames, List<ColumnGroup> groups) {
        Map<String, List<String>> grouped = new LinkedHashMap<>();
        groups.forEach(g -> grouped.put(g.name(), new ArrayList<>()));
        for (String name : jobNames) {
            for (ColumnGroup group : groups) {
                if (group.pattern().matcher(name).find()) {
                    grouped.get(group.name()).add(name);
                    break;
                }
            }
        }
        return grouped.entrySet().stream().filter(e -> !e.getValue().isEmpty())
                .map(e -> new HudGroup(e.getKey(), e.getValue())).toList();
    }

    /**
     * The grid with only the columns that {@code filter} keeps. Matching a caller's pattern over every job name is work
     * that grows with the names (some are long), so it runs on a worker thread, never on the event loop, and stops
     * between two names once the request is cancelled (its time budget ran out).
     */
    private static Uni<HudGrid> filtered(HudGrid grid, Predicate<String> filter) {
        if (filter == null) {
            return Uni.createFrom().item(grid);
        }
        return Uni.createFrom().<HudGrid>emitter(emitter -> {
            AtomicBoolean cancelled = new AtomicBoolean();
            emitter.onTermination(() -> cancelled.set(true)); // before completion, only a cancellation ends it
            if (grid.retain(filter, cancelled::get)) {
                emitter.complete(grid);
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
