package dev.greenboard.model.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.greenboard.model.database.Sql;
import dev.greenboard.model.database.TestDatabase;

/**
 * Repository identity: GitHub's id decides, names follow renames and transfers, every former name stays findable in
 * any letter case, and a name that changed hands belongs to its new holder.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class RepositoryRowsTest {

    private static final AtomicLong GITHUB_IDS = new AtomicLong(900_000_000L + System.nanoTime() % 1_000_000 * 100);
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Inject
    AgroalDataSource dataSource;

    @Inject
    KnownRepositories known;

    Sql sql;
    String owner;

    @BeforeEach
    void setUp() {
        sql = new Sql(dataSource);
        owner = "o" + Long.toHexString(System.nanoTime());
    }

    /** A webhook delivery's repository, stored as the webhook receiver does. */
    private long deliver(String fullName, long githubId, Instant updatedAt) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return known.ensureCommitted(connection, new RepositoryFacts(fullName, githubId, "main",
                    "https://github.com/" + fullName, updatedAt));
        }
    }

    /** A report's repository, inside a transaction as the report upload does. */
    private long report(String fullName) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            long id = RepositoryRows.ensure(connection, fullName);
            connection.commit();
            return id;
        }
    }

    private OptionalLong idOf(String name) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return RepositoryRows.idOf(connection, name);
        }
    }

    private String fullNameOf(long id) {
        return (String) sql.row("select full_name from repository where id = ?", id).get("full_name");
    }

    @Test
    void renameKeepsTheRowAndTheOldNameFindsIt() throws SQLException {
        long github = GITHUB_IDS.incrementAndGet();
        long id = deliver(owner + "/old", github, T0);
        assertEquals(id, deliver(owner + "/new", github, T0.plusSeconds(60)));
        assertEquals(owner + "/new", fullNameOf(id));
        assertEquals("new", sql.row("select name from repository where id = ?", id).get("name"));
        assertEquals(OptionalLong.of(id), idOf(owner + "/old"));
        assertEquals(OptionalLong.of(id), idOf(owner + "/new"));
        assertEquals("https://github.com/" + owner + "/new",
                sql.row("select html_url from repository where id = ?", id).get("html_url"));
        // A report in the old name lands in the renamed repository; it does not rename it back.
        assertEquals(id, report(owner + "/old"));
        assertEquals(owner + "/new", fullNameOf(id));
    }

    @Test
    void transferChangesTheOwner() throws SQLException {
        long github = GITHUB_IDS.incrementAndGet();
        long id = deliver(owner + "/repo", github, T0);
        assertEquals(id, deliver(owner + "-org/repo", github, T0.plusSeconds(60)));
        assertEquals(owner + "-org", sql.row("select owner from repository where id = ?", id).get("owner"));
        assertEquals(OptionalLong.of(id), idOf(owner + "/repo"));
    }

    @Test
    void letterCaseIsOneNameAndAChangeOfCaseIsARename() throws SQLException {
        long github = GITHUB_IDS.incrementAndGet();
        long id = deliver(owner + "/Repo", github, T0);
        assertEquals(OptionalLong.of(id), idOf(owner.toUpperCase() + "/rEPO"));
        // Before V8 this second delivery was a unique violation on github_id: a 500 on every delivery.
        assertEquals(id, deliver(owner + "/repo", github, T0.plusSeconds(1)));
        assertEquals(owner + "/repo", fullNameOf(id));
        assertEquals(1, sql.count("select count(*) from repository where github_id = ?", github));
        assertEquals(id, report(owner + "/REPO"));
        assertEquals(1, sql.count("select count(*) from repository where lower(full_name) = lower(?)",
                owner + "/repo"));
    }

    @Test
    void aLateDeliveryInTheOldNameDoesNotRenameItBackButALaterRenameDoes() throws SQLException {
        long github = GITHUB_IDS.incrementAndGet();
        long id = deliver(owner + "/a", github, T0);
        deliver(owner + "/b", github, T0.plusSeconds(60));
        assertEquals(id, deliver(owner + "/a", github, T0.plusSeconds(30)));
        assertEquals(owner + "/b", fullNameOf(id));
        assertEquals(id, deliver(owner + "/a", github, T0.plusSeconds(120)));
        assertEquals(owner + "/a", fullNameOf(id));
    }

    @Test
    void aRepositoryKnownFromReportsIsAdoptedByItsFirstDelivery() throws SQLException {
        long id = report(owner + "/REPORTED");
        long github = GITHUB_IDS.incrementAndGet();
        assertEquals(id, deliver(owner + "/reported", github, T0));
        Object storedId = sql.row("select github_id from repository where id = ?", id).get("github_id");
        assertEquals(github, ((Number) storedId).longValue());
        assertEquals(owner + "/reported", fullNameOf(id), "GitHub's spelling wins");
    }

    @Test
    void aNameGivenToAnotherRepositoryBelongsToIt() throws SQLException {
        long first = GITHUB_IDS.incrementAndGet();
        long second = GITHUB_IDS.incrementAndGet();
        long x = deliver(owner + "/name", first, T0);
        deliver(owner + "/elsewhere", first, T0.plusSeconds(10));
        // A new GitHub repository takes the freed name: a repository of its own, and the name now means it.
        long z = deliver(owner + "/name", second, T0.plusSeconds(20));
        assertNotEquals(x, z);
        assertEquals(OptionalLong.of(z), idOf(owner + "/name"));
        assertEquals(OptionalLong.of(x), idOf(owner + "/elsewhere"));
        assertEquals(z, report(owner + "/name"));
    }

    @Test
    void aRenameOntoANameHeldByAReportOnlyRepositoryRetiresThatOne() throws SQLException {
        long github = GITHUB_IDS.incrementAndGet();
        long x = deliver(owner + "/before", github, T0);
        // Reports arrived under the new name before any delivery said that the repository was renamed.
        long y = report(owner + "/after");
        assertEquals(x, deliver(owner + "/after", github, T0.plusSeconds(60)));
        assertEquals(owner + "/after", fullNameOf(x));
        assertEquals(owner + "/after~" + y, fullNameOf(y));
        assertEquals(OptionalLong.of(x), idOf(owner + "/after"));
        assertEquals(OptionalLong.of(y), idOf(owner + "/after~" + y));
        assertEquals(x, report(owner + "/after"));
    }

    @Test
    void aRenameOntoTheStaleNameOfAnotherGithubRepositoryRetiresThatOneUntilItsOwnDelivery() throws SQLException {
        long first = GITHUB_IDS.incrementAndGet();
        long second = GITHUB_IDS.incrementAndGet();
        long w = deliver(owner + "/shared", first, T0);
        long x = deliver(owner + "/mine", second, T0);
        // W was renamed on GitHub without a delivery here; then X took W's old name.
        deliver(owner + "/shared", second, T0.plusSeconds(60));
        assertEquals(owner + "/shared", fullNameOf(x));
        assertEquals(owner + "/shared~" + w, fullNameOf(w));
        assertEquals(w, deliver(owner + "/w-now", first, T0.plusSeconds(90)));
        assertEquals(owner + "/w-now", fullNameOf(w));
        assertEquals(OptionalLong.of(x), idOf(owner + "/shared"));
    }

    @Test
    void rowsWrittenWithoutThisCodeHaveTheirNamesRecorded() throws SQLException {
        // An instance of the previous version inserts repositories itself; the trigger records their names.
        sql.execute("insert into repository (full_name, owner, name) values (?, ?, 'legacy')", owner + "/legacy",
                owner);
        assertTrue(idOf(owner + "/LEGACY").isPresent());
        assertEquals(idOf(owner + "/legacy").getAsLong(), report(owner + "/legacy"));
    }

    @Test
    void textsThatCannotBeNamesFindNothingAndFailNothing() throws SQLException {
        assertEquals(OptionalLong.empty(), idOf("o/r\0"));
        assertEquals(OptionalLong.empty(), idOf("o/" + "r".repeat(3000)));
        assertEquals(OptionalLong.empty(), idOf(" "));
        assertEquals(OptionalLong.empty(), idOf(null));
        assertEquals(OptionalLong.empty(), idOf("o/\ud800"));
        assertFalse(RepositoryRows.isValidFullName("o/" + "r".repeat(101)));
        assertFalse(RepositoryRows.isValidFullName("o/r~1"));
        assertTrue(RepositoryRows.isValidFullName("Codertocat/Hello-World"));
    }

    @Test
    void concurrentFirstDeliveriesAndReportsMakeOneRepository() throws Exception {
        long github = GITHUB_IDS.incrementAndGet();
        List<Callable<Long>> tasks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String spelling = i % 2 == 0 ? owner + "/Race" : owner + "/race";
            tasks.add(i < 4 ? () -> deliver(spelling, github, T0) : () -> report(spelling));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Long> ids = new ArrayList<>();
            for (Future<Long> future : pool.invokeAll(tasks)) {
                ids.add(future.get());
            }
            assertEquals(1, ids.stream().distinct().count(), "one repository for every spelling: " + ids);
        } finally {
            pool.shutdown();
        }
        assertEquals(1, sql.count("select count(*) from repository where lower(full_name) = lower(?)",
                owner + "/race"));
        assertEquals(github, sql.count("select github_id from repository where lower(full_name) = lower(?)",
                owner + "/race"), "the deliveries adopted whatever a report created");
    }
}
