package dev.greenboard.api.namedquery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.greenboard.api.graphql.ConcurrentQueries;
import dev.greenboard.api.graphql.ReadinessWatch;
import dev.greenboard.model.database.TestDatabase;

/**
 * Named queries cannot take the read pool: one anonymous query with 150 aliased named queries (issue 11: 32–38 s,
 * readiness 503 meanwhile) is refused before any runs, and however many requests run them, at most
 * {@code max-concurrent} run at once while readiness keeps answering.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class NamedQueryLimitsTest {

    @Inject
    NamedQueryCatalog catalog;

    @Inject
    NamedQueryConfig config;

    @Inject
    MeterRegistry meters;

    @TestHTTPResource("/q/health/ready")
    URL ready;

    @TestHTTPResource("/graphql")
    URL graphql;

    /** One query with {@code count} aliased runNamedQuery fields, all of $name with $params. */
    private static String aliased(int count) {
        StringBuilder query = new StringBuilder("query($name: String!, $params: String) {");
        for (int i = 0; i < count; i++) {
            query.append("\n  q").append(i).append(": runNamedQuery(name: $name, params: $params) { rowCount }");
        }
        return query.append("\n}").toString();
    }

    @Test
    void oneHundredFiftyAliasedNamedQueriesAreRefusedBeforeAnyRuns() throws Exception {
        try (SleepingQuery sleeping = new SleepingQuery(catalog); ReadinessWatch watch = ReadinessWatch.start(ready)) {
            List<CompletableFuture<JsonNode>> sent = ConcurrentQueries.send(graphql.toURI(), 1, aliased(150),
                    Map.of("name", sleeping.name(), "params", "{\"seconds\": 1}"), null, Duration.ofSeconds(120));
            ConcurrentQueries.settle(sent);
            watch.assertAlwaysUp(10);
            JsonNode answer = ConcurrentQueries.answers(sent).get(0);
            assertTrue(answer.path("data").isNull() || answer.path("data").isMissingNode(), answer::toString);
            assertEquals("QUERY_TOO_EXPENSIVE", answer.at("/errors/0/extensions/code").asText(), answer::toString);
            assertEquals("This query runs 150 named queries (runNamedQuery fields); at most 5 run in one request. Send"
                    + " the others in further requests.", answer.at("/errors/0/message").asText());
            assertNull(meters.find(NamedQueryService.TIMER).tag("name", sleeping.name()).timer(),
                    "no execution of the query was even started");
        }
    }

    @Test
    void atMostMaxConcurrentRunAtOnceWhateverTheRequests() throws Exception {
        try (SleepingQuery sleeping = new SleepingQuery(catalog);
                ReadinessWatch watch = ReadinessWatch.start(ready);
                RunningStatements running = new RunningStatements()) {
            // Three clients with five each (the most one request may have): fifteen at once without a bound.
            List<CompletableFuture<JsonNode>> sent = ConcurrentQueries.send(graphql.toURI(), 3, aliased(5),
                    Map.of("name", sleeping.name(), "params", "{\"seconds\": 0.5}"), null, Duration.ofSeconds(60));
            ConcurrentQueries.settle(sent);
            running.close();
            watch.assertAlwaysUp(5);
            for (JsonNode answer : ConcurrentQueries.answers(sent)) {
                assertTrue(answer.path("errors").isMissingNode(), answer::toString);
                for (int i = 0; i < 5; i++) {
                    assertEquals(1, answer.at("/data/q" + i + "/rowCount").asInt(), answer::toString);
                }
            }
            assertTrue(running.most() >= 1, "the sampler saw the named queries run");
            assertTrue(running.most() <= config.maxConcurrent(), () -> running.most() + " named queries ran at once,"
                    + " more than max-concurrent " + config.maxConcurrent());
        }
    }

    /** Samples how many sleeping named queries PostgreSQL runs at once, until closed. */
    private final class RunningStatements implements AutoCloseable {

        private final AtomicBoolean sampling = new AtomicBoolean(true);
        private final AtomicInteger most = new AtomicInteger();
        private final Thread thread;

        RunningStatements() {
            thread = new Thread(this::sample, "running-statements");
            thread.setDaemon(true);
            thread.start();
        }

        private void sample() {
            // As the role named queries run as: another role (the owner) sees no query text of its sessions.
            try (Connection connection = readerConnection();
                    Statement statement = connection.createStatement()) {
                while (sampling.get()) {
                    try (ResultSet rows = statement.executeQuery("select count(*) from pg_stat_activity"
                            + " where state = 'active' and pid <> pg_backend_pid() and query like '%"
                            + SleepingQuery.MARK + "%'")) {
                        rows.next();
                        most.accumulateAndGet(rows.getInt(1), Math::max);
                    }
                    Thread.sleep(20);
                }
            } catch (SQLException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }

        int most() {
            return most.get();
        }

        private static Connection readerConnection() throws SQLException {
            Config config = ConfigProvider.getConfig();
            Properties properties = new Properties();
            properties.setProperty("user", config.getValue("quarkus.datasource.reader.username", String.class));
            config.getOptionalValue("quarkus.datasource.reader.password", String.class)
                    .ifPresent(password -> properties.setProperty("password", password));
            return DriverManager.getConnection(
                    "jdbc:" + config.getValue("quarkus.datasource.reader.reactive.url", String.class), properties);
        }

        @Override
        public void close() throws InterruptedException {
            sampling.set(false);
            thread.join(5_000);
        }
    }
}
