package dev.greenboard.api.testhealth;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.greenboard.api.graphql.ApiException;
import dev.greenboard.api.graphql.WriteGuard;
import dev.greenboard.api.page.Cursor;
import dev.greenboard.api.page.PageSize;
import dev.greenboard.api.read.ReadSql;
import dev.greenboard.api.repo.RepoLookup;
import dev.greenboard.api.testhealth.TestHealthConnections.DisabledTestConnection;
import dev.greenboard.api.testhealth.TestHealthConnections.DisabledTestEdge;
import dev.greenboard.metrics.disabled.DisabledTestKey;

/**
 * The disabled-test list: read by anyone, changed through two authenticated mutations. Issues disable tests too (job
 * disabled-tests); the mutations only add and remove their own entries, so that closing an issue and enabling through
 * the API never undo each other.
 */
@GraphQLApi
public class DisabledTestApi {

    private final ReadSql sql;
    private final RepoLookup repos;
    private final WriteGuard guard;

    public DisabledTestApi(ReadSql sql, RepoLookup repos, WriteGuard guard) {
        this.sql = sql;
        this.repos = repos;
        this.guard = guard;
    }

    @Query("disabledTests")
    @Description("The tests disabled now, by key; disabled-tests-condensed.json has the same list in PyTorch's shape.")
    public Uni<DisabledTestConnection> disabledTests(@NonNull String repo, Integer first, String after) {
        int size = PageSize.of(first);
        List<String> cursor = Cursor.decode(after, 2);
        return repos.require(repo).chain(r -> sql.list("select " + DisabledTest.COLUMNS + """
                 from disabled_test
                where repo_id = $1 and active and ($2::text is null or (test_key, id) > ($2, $3))
                order by test_key, id
                limit $4""", Tuple.tuple().addLong(r.id()).addString(cursor == null ? null : cursor.get(0))
                .addLong(cursor == null ? null : parseLong(cursor.get(1))).addInteger(size + 1), DisabledTest::from))
                .map(rows -> TestHealthConnections.of(rows, size, DisabledTest::cursor, DisabledTestEdge::new,
                        DisabledTestConnection::new));
    }

    @Mutation("disableTest")
    @Description("Disables a test, given as \"<name> (<module>.<Class>)\", on 'platforms' (none: every platform)."
            + " Disabling it again replaces platforms and reason. Needs 'Authorization: Bearer <ingest token>'.")
    public Uni<DisabledTest> disableTest(@NonNull String repo, @NonNull String test, List<String> platforms,
            String reason) {
        guard.require("disableTest");
        DisabledTestKey key = parse(test);
        String[] normalized = normalize(platforms);
        return repos.require(repo)
                .chain(r -> sql.pool().preparedQuery("""
                        insert into disabled_test (repo_id, test_key, test_name, test_class, source, platforms, reason,
                            active)
                        values ($1, $2, $3, $4, 'api', $5, $6, true)
                        on conflict (repo_id, source, issue_number, test_key) do update set
                            platforms = excluded.platforms, reason = excluded.reason, active = true, updated_at = now()
                        returning %s""".formatted(DisabledTest.COLUMNS))
                        .execute(Tuple.tuple().addLong(r.id()).addString(key.key())
                                .addString(key.name()).addString(key.className()).addArrayOfString(normalized)
                                .addString(reason)))
                .map(rows -> DisabledTest.from(rows.iterator().next()));
    }

    @Mutation("enableTest")
    @Description("Removes a test disabled through disableTest from the list; one disabled by an issue is enabled by"
            + " closing the issue. Needs 'Authorization: Bearer <ingest token>'.")
    public Uni<DisabledTest> enableTest(@NonNull String repo, @NonNull String test) {
        guard.require("enableTest");
        DisabledTestKey key = parse(test);
        return repos.require(repo).chain(r -> sql.pool().preparedQuery("""
                update disabled_test set active = false, updated_at = now()
                where repo_id = $1 and source = 'api' and test_key = $2 and active
                returning %s""".formatted(DisabledTest.COLUMNS)).execute(Tuple.of(r.id(), key.key()))
                .chain(rows -> rows.iterator().hasNext()
                        ? Uni.createFrom().item(DisabledTest.from(rows.iterator().next()))
                        : notDisabledThroughApi(r.id(), key)));
    }

    private Uni<DisabledTest> notDisabledThroughApi(long repoId, DisabledTestKey key) {
        return sql.list("""
                select issue_url from disabled_test
                where repo_id = $1 and source = 'issue' and test_key = $2 and active
                order by issue_number""", Tuple.of(repoId, key.key()), row -> row.getString("issue_url"))
                .map(issues -> {
                    throw issues.isEmpty()
                            ? ApiException.notFound("'" + key.key() + "' is not disabled through the API")
                            : ApiException.badInput("'" + key.key() + "' is disabled by " + String.join(", ", issues)
                                    + "; close the issue to enable it");
                });
    }

    private static DisabledTestKey parse(String test) {
        return DisabledTestKey.parse(test).filter(k -> test.strip().endsWith(")")).orElseThrow(() -> ApiException
                .badInput("test must be \"<name> (<module>.<Class>)\", e.g. \"test_add (__main__.TestOps)\", got '"
                        + test + "'"));
    }

    /** Lower case, trimmed, each once, in the order given. */
    private static String[] normalize(List<String> platforms) {
        Set<String> normalized = new LinkedHashSet<>();
        if (platforms != null) {
            for (String platform : platforms) {
                String value = platform == null ? "" : platform.strip().toLowerCase(Locale.ROOT);
                if (!value.isEmpty()) {
                    normalized.add(value);
                }
            }
        }
        return normalized.toArray(String[]::new);
    }

    private static long parseLong(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw ApiException.badInput("The cursor is not one this list gave out");
        }
    }
}
