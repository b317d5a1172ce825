package dev.greenboard.api.read;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIf;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.greenboard.testkit.GraphQL;
import dev.greenboard.testkit.HistoryBuilder;

/**
 * Reads on a streaming hot standby (Debian's PostgreSQL 15, {@link ReplicatedDatabase}): used while it keeps up,
 * skipped while its replay is paused (what was just stored stays visible: the primary answers), used again once it
 * caught up, and a stopped replica costs no read.
 */
@QuarkusTest
@QuarkusTestResource(value = ReplicatedDatabase.class, restrictToAnnotatedClass = true)
@EnabledIf(value = "clusterCanRun", disabledReason = "no PostgreSQL 15 with pg_basebackup (Debian's postgresql-15)")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReadReplicaTest {

    private static final String REPOSITORIES = "{ repositories(first: 100) { edges { node { fullName } } } }";

    @Inject
    MeterRegistry meters;

    static boolean clusterCanRun() {
        // CI installs the servers and says so: there, a missing one fails the test instead of skipping it.
        return ReplicatedDatabase.available() || "true".equals(System.getenv("GREENBOARD_REQUIRE_POSTGRES_CLUSTER"));
    }

    @Test
    @Order(1)
    void readsGoToAReplicaThatKeepsUp() {
        awaitReplica(true);
        awaitReadOnReplica();
    }

    @Test
    @Order(2)
    void aPausedReplicaIsSkippedAndWhatWasJustStoredStaysVisible() throws Exception {
        awaitReplica(true);
        try (Connection standby = ReplicatedDatabase.standby()) {
            ReplicatedDatabase.execute(standby, "select pg_wal_replay_pause()");
            try {
                String repo = "aaa-replica/r" + UUID.randomUUID().toString().substring(0, 8);
                new HistoryBuilder(repo, "main").push(Instant.now(), List.of(HistoryBuilder.sha(repo)), "alice");

                await(() -> repositories().contains(repo), "the new repository is read (from the primary)");
                awaitReplica(false);
                assertEquals(0, count(standby, repo), "the paused replica has not replayed it: the primary answered");
                double primaryBefore = primaryReads();
                assertTrue(repositories().contains(repo));
                assertTrue(primaryReads() > primaryBefore, "reads went to the primary");
            } finally {
                ReplicatedDatabase.execute(standby, "select pg_wal_replay_resume()");
            }
        }
        awaitReplica(true);
        awaitReadOnReplica();
    }

    @Test
    @Order(3)
    void aStoppedReplicaCostsNoRead() throws Exception {
        awaitReplica(true);
        ReplicatedDatabase.stopStandby();
        try {
            // The first reads may still be sent to it before a probe notices: they run again on the primary.
            for (int i = 0; i < 20; i++) {
                GraphQL.data(REPOSITORIES);
            }
            given().get("/api/v1/stats/test-times.json?repo=aaa-replica/none").then().statusCode(404);
            awaitReplica(false);
            given().get("/q/health/ready").then().statusCode(200);
        } finally {
            ReplicatedDatabase.startStandby();
        }
        awaitReplica(true);
    }

    /**
     * A read runs on the replica. (Under a loaded CI machine a probe may come late and the replica be skipped for that
     * moment: the next read goes there again.)
     */
    private void awaitReadOnReplica() {
        await(() -> {
            double before = replicaReads();
            GraphQL.data(REPOSITORIES);
            return replicaReads() > before;
        }, "a read runs on the replica");
    }

    private static List<String> repositories() {
        return GraphQL.data(REPOSITORIES).getList("repositories.edges.node.fullName");
    }

    private static int count(Connection standby, String repo) throws Exception {
        try (Statement statement = standby.createStatement();
                ResultSet rows = statement.executeQuery(
                        "select count(*) from repository where full_name = '" + repo.replace("'", "''") + "'")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    /** Waits until readiness reports the replica usable (or not). */
    private static void awaitReplica(boolean usable) {
        await(() -> {
            Map<String, Object> data = given().get("/q/health/ready").then().extract().jsonPath()
                    .getMap("checks.find { it.name == 'Read replicas' }.data");
            String state = String.valueOf(data.get("127.0.0.1:" + ReplicatedDatabase.standbyUrl().port()));
            return state.contains("usable=" + usable);
        }, "the replica " + (usable ? "is used" : "is skipped"));
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Waited 30 s in vain: " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private double replicaReads() {
        return reads("127.0.0.1:" + ReplicatedDatabase.standbyUrl().port());
    }

    private double primaryReads() {
        return reads("primary");
    }

    private double reads(String pool) {
        Counter counter = meters.find("greenboard.api.reads").tag("pool", pool).counter();
        return counter == null ? 0 : counter.count();
    }
}
