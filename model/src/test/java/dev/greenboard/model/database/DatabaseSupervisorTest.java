package dev.greenboard.model.database;

import static dev.greenboard.model.database.TestDatabases.awaitState;
import static dev.greenboard.model.database.TestDatabases.execute;
import static dev.greenboard.model.database.TestDatabases.queryOne;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.greenboard.model.database.DatabaseSupervisor.Phase;
import dev.greenboard.model.database.DatabaseSupervisor.State;

/** The supervisor brings a real embedded server back after SIGKILL, and after a full disk once space returns. */
class DatabaseSupervisorTest {

    private static final RestartBackoff SHORT = new RestartBackoff(Duration.ofMillis(100), Duration.ofSeconds(2));
    private static final Duration PATIENCE = Duration.ofMinutes(3);

    @Test
    void aKilledServerIsRestartedOnTheSamePortWithItsData(@TempDir Path dataDir) throws Exception {
        try (EmbeddedDatabase database = EmbeddedDatabase.start(dataDir, SHORT)) {
            BlockingQueue<State> states = new LinkedBlockingQueue<>();
            database.supervisor().addListener(states::add);
            execute(database.url(), "create table kept (id int)", "insert into kept values (1), (2), (3)");
            int port = database.url().port();
            long pid = database.pid();

            assertTrue(ProcessHandle.of(pid).orElseThrow().destroyForcibly(), "SIGKILL sent to the postmaster");

            List<State> seen = new ArrayList<>();
            State down = awaitState(states, PATIENCE, s -> s.phase() == Phase.RESTARTING, seen);
            assertNotNull(down.nextAttempt());
            assertTrue(down.retryAfter(down.since()).toSeconds() >= 1);
            awaitState(states, PATIENCE, s -> s.phase() == Phase.UP, seen);
            assertTrue(database.supervisor().state().isUp());
            assertNotEquals(pid, database.pid(), "a new postmaster");
            assertEquals(port, database.url().port());
            assertEquals("6", queryOne(database.url(), "select sum(id) from kept"), "committed rows survived");
            assertEquals("on", queryOne(database.url(), "show fsync"));
        }
    }

    /**
     * A tmpfs of its own makes the disk full for real: the server is killed while no byte is free, so it cannot start
     * again until the filler file is deleted.
     */
    @Test
    void aServerOnAFullDiskIsRetriedUntilSpaceReturns(@TempDir Path temp) throws Exception {
        assumeTrue(TestDatabases.isRoot(), "needs root to mount a small tmpfs");
        Path disk = Files.createDirectory(temp.resolve("disk"));
        assumeTrue(TestDatabases.run(List.of("mount", "-t", "tmpfs", "-o", "size=256m,mode=0700", "tmpfs",
                disk.toString())).exitCode() == 0, "mounting a tmpfs is not allowed here");
        try (EmbeddedDatabase database = EmbeddedDatabase.start(disk.resolve("data"), SHORT)) {
            BlockingQueue<State> states = new LinkedBlockingQueue<>();
            database.supervisor().addListener(states::add);
            execute(database.url(), "create table kept (id int)", "insert into kept values (40), (2)");
            Path filler = disk.resolve("filler");
            fill(filler);

            ProcessHandle.of(database.pid()).orElseThrow().destroyForcibly();

            List<State> seen = new ArrayList<>();
            // The first attempts may also meet the old postmaster's pid file until its process is reaped; wait for
            // the attempt that PostgreSQL itself refused for want of space.
            State full = awaitState(states, PATIENCE, s -> s.phase() == Phase.RESTARTING && s.diskFull()
                    && s.reason().contains("No space left on device"), seen);
            assertTrue(full.reason().contains("is full"), full.reason());
            assertTrue(full.failedAttempts() >= 1);
            assertFalse(database.supervisor().state().isUp());

            Files.delete(filler);
            awaitState(states, PATIENCE, s -> s.phase() == Phase.UP, seen);
            assertEquals("42", queryOne(database.url(), "select sum(id) from kept"), "committed rows survived");
        } finally {
            TestDatabases.run(List.of("umount", "-l", disk.toString()));
        }
    }

    /** Writes until the file system has no byte left, in big then small pieces. */
    private static void fill(Path filler) throws IOException {
        try (OutputStream out = Files.newOutputStream(filler)) {
            for (int size : new int[]{1 << 20, 4096, 1}) {
                byte[] chunk = new byte[size];
                try {
                    while (true) {
                        out.write(chunk);
                        out.flush();
                    }
                } catch (IOException full) {
                    // This size no longer fits: go on with the next smaller one.
                }
            }
        }
    }
}
