package dev.greenboard.model.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The PostgreSQL that {@code @QuarkusTest}s run against: the server in {@code GREENBOARD_TEST_DB_URL} when set, else
 * one embedded server for the whole test JVM, on a fresh data directory.
 */
public class TestDatabase implements QuarkusTestResourceLifecycleManager {

    private static EmbeddedDatabase embedded;

    @Override
    public synchronized Map<String, String> start() {
        String external = System.getenv("GREENBOARD_TEST_DB_URL");
        if (external != null && !external.isBlank()) {
            DatabaseUrl url = DatabaseUrl.parse(external);
            return DatabaseUrl.quarkusProperties(url, url);
        }
        if (embedded == null) {
            try {
                Path dataDir = Files.createTempDirectory("greenboard-test-db");
                embedded = EmbeddedDatabase.start(dataDir);
            } catch (IOException e) {
                throw new IllegalStateException("Cannot start the embedded PostgreSQL for tests", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(embedded::close, "test-database-stop"));
        }
        return embedded.quarkusProperties();
    }

    @Override
    public void stop() {
        // Kept for the whole JVM: several test classes share it, and the shutdown hook stops it.
    }
}
