package dev.greenboard.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.vertx.RunOnVertxContext;
import io.quarkus.test.vertx.UniAsserter;
import io.smallrye.mutiny.Uni;

import dev.greenboard.app.DatabaseTestResource;
import dev.greenboard.model.ci.Job;
import dev.greenboard.model.ci.JobRepository;
import dev.greenboard.model.ci.RunStatus;
import dev.greenboard.model.ci.WorkflowRun;
import dev.greenboard.model.ci.WorkflowRunRepository;
import dev.greenboard.model.commit.BranchCommit;
import dev.greenboard.model.commit.BranchCommitRepository;
import dev.greenboard.model.commit.Commit;
import dev.greenboard.model.commit.CommitRepository;
import dev.greenboard.model.commit.PullRequest;
import dev.greenboard.model.commit.PullRequestRepository;
import dev.greenboard.model.commit.Push;
import dev.greenboard.model.commit.PushCommit;
import dev.greenboard.model.commit.PushRepository;
import dev.greenboard.model.document.Document;
import dev.greenboard.model.document.DocumentRepository;
import dev.greenboard.model.repo.Repo;
import dev.greenboard.model.repo.RepoRepository;
import dev.greenboard.model.test.TestIdentity;
import dev.greenboard.model.test.TestIdentityRepository;
import dev.greenboard.model.test.TestReport;
import dev.greenboard.model.test.TestReportRepository;
import dev.greenboard.model.test.TestResult;
import dev.greenboard.model.test.TestResultRepository;
import dev.greenboard.model.test.TestStatus;
import dev.greenboard.model.webhook.WebhookDelivery;
import dev.greenboard.model.webhook.WebhookDeliveryRepository;

/** Every entity written through its repository and read back on a real PostgreSQL. */
@QuarkusTest
@QuarkusTestResource(DatabaseTestResource.class)
class EntityRoundTripTest {

    private static final Instant T0 = Instant.parse("2026-11-20T10:15:30Z");

    @Inject
    RepoRepository repos;
    @Inject
    CommitRepository commits;
    @Inject
    BranchCommitRepository branchCommits;
    @Inject
    PushRepository pushes;
    @Inject
    PullRequestRepository pullRequests;
    @Inject
    WorkflowRunRepository runs;
    @Inject
    JobRepository jobs;
    @Inject
    WebhookDeliveryRepository deliveries;
    @Inject
    TestReportRepository reports;
    @Inject
    TestIdentityRepository identities;
    @Inject
    TestResultRepository results;
    @Inject
    DocumentRepository documents;

    private static <T> Uni<T> tx(java.util.function.Supplier<Uni<T>> work) {
        return Panache.withTransaction(work);
    }

    private static <T> Uni<T> read(java.util.function.Supplier<Uni<T>> work) {
        return Panache.withSession(work);
    }

    private Uni<Repo> newRepo() {
        Repo repo = Repo.named("roundtrip/r" + UUID.randomUUID().toString().substring(0, 8));
        repo.githubId = Math.abs(UUID.randomUUID().getMostSignificantBits());
        repo.defaultBranch = "trunk";
        return tx(() -> repos.persist(repo));
    }

    @Test
    @RunOnVertxContext
    void repositoryAndCommits(UniAsserter asserter) {
        asserter.execute(() -> newRepo().invoke(repo -> asserter.putData("repo", repo)));
        asserter.assertThat(() -> read(() -> repos.findByFullName(((Repo) asserter.getData("repo")).fullName)),
                found -> {
                    assertEquals("trunk", found.defaultBranch);
                    assertEquals("roundtrip", found.owner);
                });
        asserter.execute(() -> {
            Repo repo = (Repo) asserter.getData("repo");
            Commit commit = new Commit();
            commit.repoId = repo.id;
            commit.sha = "a".repeat(40);
            commit.message = "Fix flaky test (#7)\n\nbody";
            commit.title = "Fix flaky test (#7)";
            commit.prNumber = 7;
            commit.committedAt = T0;
            BranchCommit onBranch = new BranchCommit();
            onBranch.repoId = repo.id;
            onBranch.branch = "trunk";
            onBranch.sha = commit.sha;
            onBranch.seenAt = T0;
            onBranch.source = "push";
            return tx(() -> commits.persist(commit).chain(() -> branchCommits.persist(onBranch)));
        });
        asserter.assertThat(() -> read(() -> commits.findBySha(((Repo) asserter.getData("repo")).id,
                "a".repeat(40))), commit -> {
                    assertEquals(7, commit.prNumber);
                    assertEquals(T0, commit.committedAt);
                });
        asserter.assertThat(() -> read(() -> branchCommits.newest(((Repo) asserter.getData("repo")).id, "trunk", 10)),
                rows -> assertEquals(List.of("a".repeat(40)), rows.stream().map(r -> r.sha).toList()));
    }

    @Test
    @RunOnVertxContext
    void pushesAndPullRequests(UniAsserter asserter) {
        asserter.execute(() -> newRepo().invoke(repo -> asserter.putData("repo", repo)));
        asserter.execute(() -> {
            Repo repo = (Repo) asserter.getData("repo");
            Push push = new Push();
            push.repoId = repo.id;
            push.deliveryId = UUID.randomUUID().toString();
            push.ref = "refs/heads/trunk";
            push.afterSha = "b".repeat(40);
            push.pushedAt = T0;
            return tx(() -> pushes.persist(push).chain(saved -> {
                PushCommit first = new PushCommit();
                first.pushId = saved.id;
                first.ordinal = 0;
                first.sha = "b".repeat(40);
                asserter.putData("push", saved);
                return Panache.getSession().chain(session -> session.persist(first));
            }));
        });
        asserter.assertThat(() -> read(() -> pushes.commitsOf(((Push) asserter.getData("push")).id)),
                list -> assertEquals("b".repeat(40), list.get(0).sha));
        asserter.assertThat(() -> read(() -> pushes.toRef(((Repo) asserter.getData("repo")).id, "refs/heads/trunk",
                5)), list -> assertEquals(1, list.size()));
        asserter.execute(() -> {
            Repo repo = (Repo) asserter.getData("repo");
            PullRequest pr = new PullRequest();
            pr.repoId = repo.id;
            pr.number = 42;
            pr.state = "open";
            pr.title = "Make CI green";
            pr.headSha = "c".repeat(40);
            pr.updatedAt = T0;
            return tx(() -> pullRequests.persist(pr));
        });
        asserter.assertThat(() -> read(() -> pullRequests.findByNumber(((Repo) asserter.getData("repo")).id, 42)),
                pr -> {
                    assertEquals("Make CI green", pr.title);
                    assertEquals(T0, pr.updatedAt);
                });
    }

    @Test
    @RunOnVertxContext
    void workflowRunsJobsAndDeliveries(UniAsserter asserter) {
        long runId = Math.abs(UUID.randomUUID().getLeastSignificantBits() % 1_000_000_000L);
        asserter.execute(() -> newRepo().invoke(repo -> asserter.putData("repo", repo)));
        asserter.execute(() -> {
            Repo repo = (Repo) asserter.getData("repo");
            WorkflowRun run = new WorkflowRun();
            run.id = runId;
            run.runAttempt = 2;
            run.repoId = repo.id;
            run.name = "pull";
            run.event = "push";
            run.headSha = "d".repeat(40);
            run.status = "completed";
            run.statusRank = RunStatus.rank("completed");
            run.conclusion = "failure";
            run.createdAt = T0;
            Job job = new Job();
            job.id = runId * 10;
            job.runId = runId;
            job.runAttempt = 2;
            job.repoId = repo.id;
            job.name = "linux-jammy-py3.10 / test (default, 1, 5, linux.2xlarge)";
            job.workflowName = "pull";
            job.headSha = run.headSha;
            job.labels = new String[]{"linux.2xlarge", "self-hosted"};
            job.status = "completed";
            job.statusRank = RunStatus.rank("completed");
            job.conclusion = "failure";
            job.createdAt = T0;
            job.startedAt = T0.plusSeconds(60);
            job.completedAt = T0.plusSeconds(600);
            job.steps = "[{\"name\": \"Checkout\", \"conclusion\": \"success\"}]";
            WebhookDelivery delivery = new WebhookDelivery();
            delivery.deliveryId = "rt-" + runId;
            delivery.receivedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
            delivery.event = "workflow_job";
            delivery.action = "completed";
            delivery.repoId = repo.id;
            delivery.normalized = true;
            delivery.body = "{\"action\": \"completed\"}";
            return tx(() -> runs.persist(run).chain(() -> jobs.persist(job)).chain(() -> deliveries.persist(delivery)));
        });
        asserter.assertThat(() -> read(() -> runs.findAttempt(runId, 2)), run -> {
            assertEquals("failure", run.conclusion);
            assertEquals(4, run.statusRank);
        });
        asserter.assertThat(() -> read(() -> jobs.forCommits(((Repo) asserter.getData("repo")).id,
                List.of("d".repeat(40)))), list -> {
                    Job job = list.get(0);
                    assertArrayEquals(new String[]{"linux.2xlarge", "self-hosted"}, job.labels);
                    assertTrue(job.steps.contains("Checkout"));
                    assertEquals("pull / linux-jammy-py3.10 / test (default, 1, 5, linux.2xlarge)", job.displayName());
                });
        asserter.assertThat(() -> read(() -> deliveries.findByDeliveryId("rt-" + runId)), delivery -> {
            assertEquals("workflow_job", delivery.event);
            assertTrue(delivery.body.contains("completed"));
        });
    }

    @Test
    @RunOnVertxContext
    void testReportsIdentitiesResultsAndDocuments(UniAsserter asserter) {
        asserter.execute(() -> newRepo().invoke(repo -> asserter.putData("repo", repo)));
        asserter.execute(() -> {
            Repo repo = (Repo) asserter.getData("repo");
            TestReport report = new TestReport();
            report.repoId = repo.id;
            report.sha = "e".repeat(40);
            report.jobId = 5L;
            report.format = "junit-xml";
            report.idempotencyKey = "rt-" + UUID.randomUUID();
            report.bodySha256 = "0".repeat(64);
            report.tests = 1;
            report.failed = 1;
            report.labels = "{\"platform\": \"windows\"}";
            report.receivedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
            TestIdentity identity = new TestIdentity();
            identity.repoId = repo.id;
            identity.file = "test_ops";
            identity.classname = "TestOps";
            identity.name = "test_add";
            return tx(() -> reports.persist(report).chain(() -> identities.persist(identity)).invoke(() -> {
                asserter.putData("report", report);
                asserter.putData("identity", identity);
            }));
        });
        asserter.execute(() -> {
            TestReport report = (TestReport) asserter.getData("report");
            TestResult result = new TestResult();
            result.reportId = report.id;
            result.ordinal = 0;
            result.receivedAt = report.receivedAt;
            result.testId = ((TestIdentity) asserter.getData("identity")).id;
            result.status = TestStatus.FAILED.code();
            result.durationSeconds = 1.25;
            result.message = "assert 1 == 2";
            result.extra = "{\"shard\": \"1\"}";
            return tx(() -> results.persist(result));
        });
        asserter.assertThat(() -> read(() -> reports.forJob(5L)),
                list -> assertTrue(list.stream().anyMatch(r -> r.labels.contains("windows"))));
        asserter.assertThat(() -> read(() -> identities.findTest(((Repo) asserter.getData("repo")).id, "test_ops",
                "TestOps", "test_add")), identity -> assertNotNull(identity.id));
        asserter.assertThat(() -> read(() -> results.forReport(((TestReport) asserter.getData("report")).id)),
                list -> {
                    assertEquals(TestStatus.FAILED, list.get(0).testStatus());
                    assertEquals(1.25, list.get(0).durationSeconds);
                });
        asserter.assertThat(() -> read(() -> results.history(((TestIdentity) asserter.getData("identity")).id, 10)),
                list -> assertEquals(1, list.size()));
        String collection = "rt_" + UUID.randomUUID().toString().substring(0, 8);
        asserter.execute(() -> {
            Document document = new Document();
            document.collection = collection;
            document.id = "d1";
            document.eventTime = T0;
            document.receivedAt = T0;
            document.body = "{\"_id\": \"d1\", \"value\": 3}";
            return Panache.withTransaction(() -> Panache.getSession()
                    .chain(session -> session.createNativeQuery(
                            "insert into document_collection (name) values (:name) on conflict do nothing")
                            .setParameter("name", collection).executeUpdate())
                    .chain(() -> documents.persist(document)));
        });
        asserter.assertThat(() -> read(() -> documents.findCurrent(collection, "d1")),
                document -> assertEquals("{\"_id\": \"d1\", \"value\": 3}", document.body));
    }
}
