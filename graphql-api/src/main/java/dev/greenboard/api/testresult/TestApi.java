package dev.greenboard.api.testresult;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.greenboard.api.graphql.ApiException;
import dev.greenboard.api.page.Cursor;
import dev.greenboard.api.page.Page;
import dev.greenboard.api.page.PageSize;
import dev.greenboard.api.read.ReadSql;
import dev.greenboard.api.repo.RepoLookup;
import dev.greenboard.api.testresult.TestResultConnections.TestConnection;
import dev.greenboard.api.testresult.TestResultConnections.TestEdge;
import dev.greenboard.api.testresult.TestResultConnections.TestResultConnection;
import dev.greenboard.api.testresult.TestResultConnections.TestResultEdge;

@GraphQLApi
public class TestApi {

    private final ReadSql sql;
    private final RepoLookup repos;

    public TestApi(ReadSql sql, RepoLookup repos) {
        this.sql = sql;
        this.repos = repos;
    }

    @Query("testReport")
    @Description("One uploaded report by id.")
    public Uni<TestReport> testReport(@NonNull @Id long id) {
        return sql.one("select " + TestReport.COLUMNS + " from test_report r join repository rp on rp.id = r.repo_id"
                + " where r.id = $1", Tuple.of(id), TestReport::from);
    }

    @Query("tests")
    @Description("Tests of a repository whose file, class or name contains 'search' (ignoring case), by id.")
    public Uni<TestConnection> tests(@NonNull String repo, String search, Integer first, String after) {
        int size = PageSize.of(first);
        List<String> cursor = Cursor.decode(after, 1);
        long afterId = cursor == null ? 0 : parseLong(cursor.get(0));
        String pattern = search == null || search.isBlank() ? "%" : "%" + escapeLike(search.trim()) + "%";
        return repos.require(repo).chain(r -> sql.list("""
                select id, file, classname, name from test_identity
                where repo_id = $1 and id > $2
                  and (name ilike $3 or classname ilike $3 or file ilike $3)
                order by id limit $4""", Tuple.of(r.id(), afterId, pattern, size + 1), Test::from))
                .map(rows -> {
                    Page<Test> page = Page.of(rows, size);
                    return new TestConnection(page.items().stream()
                            .map(t -> new TestEdge(t, Cursor.encode(t.id()))).toList(),
                            page.pageInfo(t -> Cursor.encode(t.id())));
                });
    }

    @Query("testHistory")
    @Description("Every result of one test, newest first, with its commit, job and report. 'branch' narrows to"
            + " reports uploaded for that branch.")
    public Uni<TestResultConnection> testHistory(@NonNull String repo, String file, String classname,
            @NonNull String name, String branch, Integer first, String after) {
        int size = PageSize.of(first);
        List<String> cursor = Cursor.decode(after, 3);
        return repos.require(repo).chain(r -> sql.list("""
                select id from test_identity
                where repo_id = $1 and name = $2 and ($3::text is null or file = $3)
                  and ($4::text is null or classname = $4)
                order by id limit 100""", Tuple.of(r.id(), name, file, classname), row -> row.getLong("id")))
                .chain(testIds -> {
                    if (testIds.isEmpty()) {
                        return Uni.createFrom().item(List.<TestResult>of());
                    }
                    Tuple params = Tuple.tuple().addArrayOfLong(testIds.toArray(Long[]::new))
                            .addValue(branch)
                            .addValue(cursor == null ? null : OffsetDateTime.parse(cursor.get(0)))
                            .addLong(cursor == null ? 0 : parseLong(cursor.get(1)))
                            .addInteger(cursor == null ? 0 : (int) parseLong(cursor.get(2)))
                            .addInteger(size + 1);
                    return sql.list("select " + TestResult.COLUMNS + """
                             from test_result tr join test_report r on r.id = tr.report_id
                            where tr.test_id = any($1) and ($2::text is null or r.branch = $2)
                              and ($3::timestamptz is null
                                   or (tr.received_at, tr.report_id, tr.ordinal) < ($3, $4, $5))
                            order by tr.received_at desc, tr.report_id desc, tr.ordinal desc
                            limit $6""", params, TestResult::from);
                })
                .map(rows -> {
                    Page<TestResult> page = Page.of(rows, size);
                    return new TestResultConnection(page.items().stream()
                            .map(t -> new TestResultEdge(t, cursorOf(t))).toList(), page.pageInfo(TestApi::cursorOf));
                });
    }

    private static String cursorOf(TestResult result) {
        return Cursor.encode(result.receivedAt().atOffset(java.time.ZoneOffset.UTC), result.reportId(),
                result.ordinal());
    }

    @Description("The test this result belongs to.")
    public Uni<List<Test>> test(@Source List<TestResult> results) {
        Long[] ids = results.stream().map(TestResult::testId).distinct().toArray(Long[]::new);
        return sql.list("select id, file, classname, name from test_identity where id = any($1)",
                Tuple.of(ids), Test::from).map(tests -> {
                    Map<Long, Test> byId = new HashMap<>();
                    tests.forEach(t -> byId.put(t.id(), t));
                    return results.stream().map(r -> byId.get(r.testId())).toList();
                });
    }

    @Description("The report's test cases in report order, at most 'first' (default 100, at most 500) per report;"
            + " 'status' narrows to one outcome.")
    public Uni<List<List<TestResult>>> results(@Source List<TestReport> reports, Integer first,
            TestResultStatus status) {
        int limit = PageSize.of(first, 100, 500);
        Long[] ids = reports.stream().map(TestReport::id).toArray(Long[]::new);
        Short code = status == null ? null : dev.greenboard.model.testresult.TestStatus.valueOf(status.name()).code();
        return sql.list("select " + TestResult.COLUMNS + """
                 from (select *, row_number() over (partition by report_id order by ordinal) as n
                       from test_result where report_id = any($1) and ($2::smallint is null or status = $2)) tr
                 join test_report r on r.id = tr.report_id
                where tr.n <= $3
                order by tr.report_id, tr.ordinal""", Tuple.of(ids, code, limit), TestResult::from)
                .map(rows -> groupBy(reports.stream().map(TestReport::id).toList(), rows, TestResult::reportId));
    }

    static <T> List<List<T>> groupBy(List<Long> keys, List<T> rows, java.util.function.Function<T, Long> key) {
        Map<Long, List<T>> grouped = new HashMap<>();
        rows.forEach(row -> grouped.computeIfAbsent(key.apply(row), k -> new ArrayList<>()).add(row));
        return keys.stream().map(k -> grouped.getOrDefault(k, List.of())).toList();
    }

    static long parseLong(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw ApiException.badInput("The cursor is not one this list gave out");
        }
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
