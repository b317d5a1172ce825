package dev.greenboard.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.greenboard.api.read.ReadSql;
import dev.greenboard.model.database.TestDatabase;
import dev.greenboard.testkit.GraphQL;
import dev.greenboard.testkit.HistoryBuilder;
import dev.greenboard.testkit.Webhooks;

/**
 * The root fields of the public API on a small history built through ingest, with values worked out by hand: four
 * commits on main (one push of one, a batched push of two, one push of one), jobs with planted outcomes, reruns and
 * test reports.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GraphqlApiTest {

    private static final Instant T = Instant.parse("2026-11-01T10:00:00Z");
    private static final String BUILD = "linux / build";
    private static final String TEST = "linux / test (default, 1, 2, linux.2xlarge)";

    @Inject
    ReadSql readSql;

    String repo;
    String c1, c2, c3, c4;
    long buildC1, testC4a1, testC4a2, testC3, queuedMac;
    long reportC4a1;
    long run4 = HistoryBuilder.nextId();

    /** Runs once, before the first test (RestAssured knows the app's port only from then on). */
    @BeforeEach
    void buildHistory() {
        if (repo != null) {
            return;
        }
        repo = "gql/r" + UUID.randomUUID().toString().substring(0, 8);
        HistoryBuilder h = new HistoryBuilder(repo, "main");
        c1 = HistoryBuilder.sha("c1");
        c2 = HistoryBuilder.sha("c2");
        c3 = HistoryBuilder.sha("c3");
        c4 = HistoryBuilder.sha("c4");
        h.push(T, List.of(c1), "alice");
        new HistoryBuilder(repo + "-fork", "main").push(T, List.of(HistoryBuilder.sha("fork")), "dave");
        h.push(T.plusSeconds(3600), List.of(c2, c3), "bob");
        h.push(T.plusSeconds(7200), List.of(c4), "carol");
        List<String> linux = List.of("linux.2xlarge");
        long run1 = HistoryBuilder.nextId();
        buildC1 = h.job(c1, run1, 1, "pull", BUILD, "completed", "success", T, T.plusSeconds(60),
                T.plusSeconds(660), linux);
        h.job(c2, HistoryBuilder.nextId(), 1, "pull", BUILD, "completed", "skipped", T.plusSeconds(3600),
                T.plusSeconds(3600), T.plusSeconds(3600), linux);
        long run3 = HistoryBuilder.nextId();
        h.job(c3, run3, 1, "pull", BUILD, "in_progress", null, T.plusSeconds(3700), T.plusSeconds(3710), null, linux);
        testC3 = h.job(c3, run3, 1, "pull", TEST, "completed", "timed_out", T.plusSeconds(3700),
                T.plusSeconds(3720), T.plusSeconds(7000), linux);
        h.workflowRun(run4, 1, c4, "pull", "push", "completed", "failure", T.plusSeconds(7200), T.plusSeconds(8000));
        h.workflowRun(run4, 2, c4, "pull", "push", "completed", "success", T.plusSeconds(8100), T.plusSeconds(9000));
        h.job(c4, run4, 1, "pull", BUILD, "completed", "success", T.plusSeconds(7200), T.plusSeconds(7230),
                T.plusSeconds(7500), linux);
        testC4a1 = h.job(c4, run4, 1, "pull", TEST, "completed", "failure", T.plusSeconds(7200),
                T.plusSeconds(7260), T.plusSeconds(7900), linux);
        testC4a2 = h.job(c4, run4, 2, "pull", TEST, "completed", "success", T.plusSeconds(8100),
                T.plusSeconds(8160), T.plusSeconds(8800), linux);
        h.job(c4, run4, 1, "pull", "win / test", "completed", "cancelled", T.plusSeconds(7200), T.plusSeconds(7300),
                T.plusSeconds(7400), List.of("windows.4xlarge"));
        h.job(c4, run4, 2, "pull", "win / test", "completed", "failure", T.plusSeconds(8100), T.plusSeconds(8200),
                T.plusSeconds(8300), List.of("windows.4xlarge"));
        queuedMac = h.job(c4, run4, 2, "pull", "mac / test", "queued", null, Instant.now().minusSeconds(120), null,
                null, List.of("macos-14"));

        h.report(c3, testC3, TEST, List.of(
                HistoryBuilder.testCase("test_ops.py", "TestOps", "test_add", "passed", 1.0, null),
                HistoryBuilder.testCase("test_ops.py", "TestOps", "test_mul", "error", 2.0, "segfault")),
                "platform=linux");
        reportC4a1 = h.report(c4, testC4a1, TEST, List.of(
                HistoryBuilder.testCase("test_ops.py", "TestOps", "test_add", "failed", 3.0, "boom"),
                HistoryBuilder.testCase("test_ops.py", "TestOps", "test_mul", "passed", 2.5, null),
                HistoryBuilder.testCase("test_nn.py", "TestNN", "test_conv", "passed", 4.0, null)),
                "platform=linux");
        h.report(c4, testC4a2, TEST, List.of(
                HistoryBuilder.testCase("test_ops.py", "TestOps", "test_add", "passed", 3.5, null),
                HistoryBuilder.testCase("test_ops.py", "TestOps", "test_mul", "passed", 2.5, null),
                HistoryBuilder.testCase("test_nn.py", "TestNN", "test_conv", "passed", 4.5, null)),
                "platform=linux");
    }

    @Test
    void hudMergesCellsPerTheSpec() {
        JsonPath hud = GraphQL.data("""
                query($repo: String!) {
                  hud(repo: $repo, first: 10) {
                    repository branch jobNames
                    rows { sha title author prNumber cells { status jobId attempts } }
                    pageInfo { hasNextPage endCursor }
                  }
                }""", "repo", repo);
        assertEquals("main", hud.getString("hud.branch"));
        assertEquals(List.of("pull / " + BUILD, "pull / " + TEST, "pull / mac / test", "pull / win / test"),
                hud.getList("hud.jobNames"));
        assertEquals(List.of(c4, c3, c2, c1), hud.getList("hud.rows.sha"));
        assertEquals(List.of("SUCCESS", "FLAKY", "QUEUED", "FAILURE"), hud.getList("hud.rows[0].cells.status"));
        assertEquals(List.of("RUNNING", "TIMED_OUT", "NONE", "NONE"), hud.getList("hud.rows[1].cells.status"));
        assertEquals(List.of("SKIPPED", "NONE", "NONE", "NONE"), hud.getList("hud.rows[2].cells.status"));
        assertEquals(List.of("SUCCESS", "NONE", "NONE", "NONE"), hud.getList("hud.rows[3].cells.status"));
        assertEquals(testC4a2, hud.getLong("hud.rows[0].cells[1].jobId"));
        assertEquals(2, hud.getInt("hud.rows[0].cells[1].attempts"));
        assertEquals(2, hud.getInt("hud.rows[0].cells[3].attempts"));
        assertEquals(HistoryBuilder.title(c4), hud.getString("hud.rows[0].title"));
        assertEquals("carol", hud.getString("hud.rows[0].author"));
        assertFalse(hud.getBoolean("hud.pageInfo.hasNextPage"));
    }

    @Test
    void hudPagesAndFilters() {
        String query = """
                query($repo: String!, $after: String, $filter: String) {
                  hud(repo: $repo, branch: "main", first: 3, after: $after, jobFilter: $filter) {
                    jobNames rows { sha cells { status } } pageInfo { hasNextPage endCursor }
                  }
                }""";
        JsonPath first = GraphQL.data(query, "repo", repo);
        assertEquals(List.of(c4, c3, c2), first.getList("hud.rows.sha"));
        assertTrue(first.getBoolean("hud.pageInfo.hasNextPage"));
        JsonPath second = GraphQL.data(query, "repo", repo, "after", first.getString("hud.pageInfo.endCursor"));
        assertEquals(List.of(c1), second.getList("hud.rows.sha"));
        assertFalse(second.getBoolean("hud.pageInfo.hasNextPage"));
        // A batched push keeps its order across a page boundary: c3 was pushed after c2 in one push.
        JsonPath filtered = GraphQL.data(query, "repo", repo, "filter", "WIN|mac");
        assertEquals(List.of("pull / mac / test", "pull / win / test"), filtered.getList("hud.jobNames"));
        assertEquals(List.of("QUEUED", "FAILURE"), filtered.getList("hud.rows[0].cells.status"));
        JsonPath substring = GraphQL.data(query, "repo", repo, "filter", "test (default");
        assertEquals(List.of("pull / " + TEST), substring.getList("hud.jobNames"));
    }

    @Test
    void jobHasTimesStepsAndTests() {
        JsonPath job = GraphQL.data("""
                query($id: ID!) {
                  job(id: $id) {
                    id name workflowName displayName repository headSha runAttempt status conclusion labels
                    createdAt startedAt completedAt queueSeconds durationSeconds
                    steps { name conclusion }
                  }
                }""", "id", String.valueOf(buildC1));
        assertEquals(BUILD, job.getString("job.name"));
        assertEquals("pull / " + BUILD, job.getString("job.displayName"));
        assertEquals(repo, job.getString("job.repository"));
        assertEquals("completed", job.getString("job.status"));
        assertEquals("success", job.getString("job.conclusion"));
        assertEquals(60.0, job.getDouble("job.queueSeconds"));
        assertEquals(600.0, job.getDouble("job.durationSeconds"));
        assertEquals(List.of("linux.2xlarge"), job.getList("job.labels"));
        assertEquals("Checkout", job.getString("job.steps[0].name"));

        JsonPath failed = GraphQL.data("""
                query($id: ID!) {
                  job(id: $id) {
                    testSummary { reports tests passed failed errors }
                    failedTests { status message test { file classname name } }
                    testReports { id tests failed labels { key value } }
                  }
                }""", "id", String.valueOf(testC4a1));
        assertEquals(1, failed.getInt("job.testSummary.reports"));
        assertEquals(3, failed.getInt("job.testSummary.tests"));
        assertEquals(1, failed.getInt("job.testSummary.failed"));
        assertEquals("boom", failed.getString("job.failedTests[0].message"));
        assertEquals("test_add", failed.getString("job.failedTests[0].test.name"));
        assertEquals("FAILED", failed.getString("job.failedTests[0].status"));
        assertEquals("platform", failed.getString("job.testReports[0].labels[0].key"));
        assertEquals("linux", failed.getString("job.testReports[0].labels[0].value"));
    }

    @Test
    void commitWithJobsAndReports() {
        JsonPath commit = GraphQL.data("""
                query($repo: String!, $sha: String!) {
                  commit(repo: $repo, sha: $sha) {
                    sha title authorLogin
                    jobs { name runAttempt conclusion }
                    testReports { tests passed failed }
                  }
                }""", "repo", repo, "sha", c4.substring(0, 10));
        assertEquals(c4, commit.getString("commit.sha"));
        assertEquals("carol", commit.getString("commit.authorLogin"));
        assertEquals(6, commit.getList("commit.jobs").size());
        assertEquals(List.of(3, 3), commit.getList("commit.testReports.tests"));
        assertEquals(List.of(1, 0), commit.getList("commit.testReports.failed"));
        assertNull(GraphQL.data("query($repo: String!) { commit(repo: $repo, sha: \"abcdef0123\") { sha } }",
                "repo", repo).get("commit"));
    }

    @Test
    void workflowRunLatestAttemptAndItsJobs() {
        JsonPath run = GraphQL.data("""
                query($id: ID!) {
                  latest: workflowRun(id: $id) { runAttempt conclusion durationSeconds jobs { name conclusion } }
                  first: workflowRun(id: $id, attempt: 1) { runAttempt conclusion jobs { name } }
                }""", "id", String.valueOf(run4));
        assertEquals(2, run.getInt("latest.runAttempt"));
        assertEquals("success", run.getString("latest.conclusion"));
        assertEquals(900.0, run.getDouble("latest.durationSeconds"));
        assertEquals(List.of(TEST, "mac / test", "win / test"), run.getList("latest.jobs.name"));
        assertEquals(List.of(BUILD, TEST, "win / test"), run.getList("first.jobs.name"));
    }

    @Test
    void jobsListFiltersAndPages() {
        String query = """
                query($repo: String!, $after: String) {
                  jobs(repo: $repo, filter: {name: "TEST (default", conclusion: null}, first: 2, after: $after) {
                    edges { node { id conclusion } cursor } pageInfo { hasNextPage endCursor }
                  }
                }""";
        JsonPath first = GraphQL.data(query, "repo", repo);
        assertEquals(List.of(testC4a2, testC4a1), first.getList("jobs.edges.node.id", Long.class));
        assertTrue(first.getBoolean("jobs.pageInfo.hasNextPage"));
        JsonPath second = GraphQL.data(query, "repo", repo, "after", first.getString("jobs.pageInfo.endCursor"));
        assertEquals(List.of(testC3), second.getList("jobs.edges.node.id", Long.class));
        assertFalse(second.getBoolean("jobs.pageInfo.hasNextPage"));
    }

    @Test
    void testReportTestsAndHistory() {
        JsonPath report = GraphQL.data("""
                query($id: ID!) {
                  testReport(id: $id) { id tests passed failed errors skipped flaky sha jobId
                    results(status: FAILED) { message durationSeconds test { name } } }
                }""", "id", String.valueOf(reportC4a1));
        assertEquals(3, report.getInt("testReport.tests"));
        assertEquals(2, report.getInt("testReport.passed"));
        assertEquals(1, report.getInt("testReport.failed"));
        assertEquals(c4, report.getString("testReport.sha"));
        assertEquals(List.of("test_add"), report.getList("testReport.results.test.name"));

        JsonPath tests = GraphQL.data("""
                query($repo: String!) { tests(repo: $repo, search: "test_", first: 2) {
                  edges { node { file classname name } } pageInfo { hasNextPage endCursor } } }""", "repo", repo);
        assertEquals(List.of("test_add", "test_mul"), tests.getList("tests.edges.node.name"));
        assertTrue(tests.getBoolean("tests.pageInfo.hasNextPage"));
        JsonPath more = GraphQL.data("""
                query($repo: String!, $after: String) { tests(repo: $repo, search: "TEST_", first: 2, after: $after) {
                  edges { node { name } } pageInfo { hasNextPage } } }""", "repo", repo, "after",
                tests.getString("tests.pageInfo.endCursor"));
        assertEquals(List.of("test_conv"), more.getList("tests.edges.node.name"));

        String history = """
                query($repo: String!, $after: String) {
                  testHistory(repo: $repo, file: "test_ops.py", classname: "TestOps", name: "test_add", first: 2,
                              after: $after) {
                    edges { node { status durationSeconds sha jobId branch message } }
                    pageInfo { hasNextPage endCursor }
                  }
                }""";
        JsonPath page1 = GraphQL.data(history, "repo", repo);
        assertEquals(List.of("PASSED", "FAILED"), page1.getList("testHistory.edges.node.status"));
        assertEquals(List.of(testC4a2, testC4a1), page1.getList("testHistory.edges.node.jobId", Long.class));
        assertEquals(List.of(3.5f, 3.0f), page1.getList("testHistory.edges.node.durationSeconds"));
        JsonPath page2 = GraphQL.data(history, "repo", repo, "after",
                page1.getString("testHistory.pageInfo.endCursor"));
        assertEquals(List.of(c3), page2.getList("testHistory.edges.node.sha"));
        assertFalse(page2.getBoolean("testHistory.pageInfo.hasNextPage"));
    }

    @Test
    void queuedJobsPerRunnerLabel() {
        JsonPath queue = GraphQL.data("query($repo: String!) { queuedJobs(repo: $repo) { label queued"
                + " maxQueueSeconds } }", "repo", repo);
        assertEquals(List.of("macos-14"), queue.getList("queuedJobs.label"));
        assertEquals(1, queue.getInt("queuedJobs[0].queued"));
        assertTrue(queue.getDouble("queuedJobs[0].maxQueueSeconds") >= 120);
    }

    @Test
    void pullRequestListsEveryHead() {
        long prId = HistoryBuilder.nextId();
        for (String[] head : new String[][]{{c2, "2026-11-01T11:00:00Z", "opened"},
                {c3, "2026-11-01T12:00:00Z", "synchronize"}}) {
            String body = """
                    {"action": "%s", "number": 5, "repository": {"id": %d, "full_name": "%s"},
                     "pull_request": {"id": %d, "number": 5, "title": "Speed up CI", "state": "open",
                       "user": {"login": "bob"}, "head": {"sha": "%s", "ref": "speed"}, "base": {"ref": "main"},
                       "merged": false, "draft": false, "created_at": "2026-11-01T11:00:00Z", "updated_at": "%s"}}
                    """.formatted(head[2], HistoryBuilder.githubIdOf(repo), repo, prId, head[0], head[1]);
            Webhooks.deliver("pull_request", body.getBytes()).statusCode(200);
        }
        JsonPath pr = GraphQL.data("""
                query($repo: String!) { pullRequest(repo: $repo, number: 5) {
                  number title state author headSha commits { sha } } }""", "repo", repo);
        assertEquals("Speed up CI", pr.getString("pullRequest.title"));
        assertEquals(c3, pr.getString("pullRequest.headSha"));
        assertEquals(List.of(c2, c3), pr.getList("pullRequest.commits.sha"));
    }

    @Test
    void repositoriesPage() {
        JsonPath page = GraphQL.data("{ repositories(first: 1) { edges { node { fullName defaultBranch } }"
                + " pageInfo { hasNextPage endCursor } } }");
        assertEquals(1, page.getList("repositories.edges").size());
        assertTrue(page.getBoolean("repositories.pageInfo.hasNextPage"));
        JsonPath next = GraphQL.data("query($after: String) { repositories(first: 500, after: $after) { edges { node"
                + " { fullName } } } }", "after", page.getString("repositories.pageInfo.endCursor"));
        List<String> all = new java.util.ArrayList<>(page.getList("repositories.edges.node.fullName"));
        all.addAll(next.getList("repositories.edges.node.fullName"));
        assertTrue(all.contains(repo), "every repository is on one of the pages");
        assertEquals(all.stream().sorted().toList(), all, "pages follow each other in name order");
    }

    @Test
    void nestedQueryCostsAConstantNumberOfStatements() {
        String query = """
                query($repo: String!, $first: Int) {
                  commits(repo: $repo, first: $first) { edges { node { sha
                    jobs { id testSummary { tests failed } failedTests { message test { name } }
                           testReports { id results(first: 5) { status test { name } } } }
                    testReports { id } } } }
                }""";
        long before = readSql.statementCount();
        JsonPath one = GraphQL.data(query, "repo", repo, "first", 1);
        long forOne = readSql.statementCount() - before;
        before = readSql.statementCount();
        JsonPath all = GraphQL.data(query, "repo", repo, "first", 50);
        long forAll = readSql.statementCount() - before;
        assertEquals(1, one.getList("commits.edges").size());
        assertEquals(4, all.getList("commits.edges").size());
        assertEquals(forOne, forAll, "statements must not grow with the number of commits");
        assertTrue(forAll <= 10, "statements: " + forAll);
    }

    @Test
    void badInputIsAClearErrorWithACode() {
        JsonPath response = GraphQL.raw("{ hud(repo: \"no/such-repo\") { jobNames } }");
        assertEquals("NOT_FOUND", response.getString("errors[0].extensions.code"));
        assertTrue(response.getString("errors[0].message").contains("no/such-repo"));
        JsonPath cursor = GraphQL.raw("query($repo: String!) { hud(repo: $repo, after: \"garbage\") { jobNames } }",
                "repo", repo);
        assertEquals("BAD_USER_INPUT", cursor.getString("errors[0].extensions.code"));
        JsonPath size = GraphQL.raw("query($repo: String!) { jobs(repo: $repo, first: 100000) { pageInfo {"
                + " hasNextPage } } }", "repo", repo);
        assertTrue(size.getString("errors[0].message").contains("first must be between 1 and"));
        assertNotNull(Map.of());
    }
}
