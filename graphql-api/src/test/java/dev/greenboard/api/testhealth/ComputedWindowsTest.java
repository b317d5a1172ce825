package dev.greenboard.api.testhealth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** The cache of computed windows on its own: one computation per version, shared, failures not kept. */
class ComputedWindowsTest {

    private static final ComputedWindows.Window FLAKY_14 = new ComputedWindows.Window("flaky", 1, 14);

    @Test
    void requestsForTheSameVersionShareOneComputation() throws Exception {
        ComputedWindows windows = new ComputedWindows();
        AtomicInteger computations = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<List<String>>> answers = new ArrayList<>();
            answers.add(pool.submit(() -> windows.rows(FLAKY_14, "v1", () -> {
                computations.incrementAndGet();
                started.countDown();
                await(release);
                return List.of("test_a", "test_b");
            })));
            started.await(10, TimeUnit.SECONDS);
            for (int i = 0; i < 15; i++) {
                answers.add(pool.submit(() -> windows.rows(FLAKY_14, "v1", () -> {
                    computations.incrementAndGet();
                    return List.of("computed again");
                })));
            }
            release.countDown();
            for (Future<List<String>> answer : answers) {
                assertEquals(List.of("test_a", "test_b"), answer.get(10, TimeUnit.SECONDS));
            }
            assertEquals(1, computations.get());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aNewVersionIsComputedAgainAndReplacesTheOld() {
        ComputedWindows windows = new ComputedWindows();
        assertEquals(List.of("old"), windows.rows(FLAKY_14, "v1", () -> List.of("old")));
        assertEquals(List.of("old"), windows.rows(FLAKY_14, "v1", () -> List.of("not asked")));
        assertEquals(List.of("new"), windows.rows(FLAKY_14, "v2", () -> List.of("new")));
        assertEquals(List.of("other"), windows.rows(new ComputedWindows.Window("flaky", 1, 3), "v2",
                () -> List.of("other")));
        assertEquals(2, windows.size());
    }

    @Test
    void aFailedComputationIsNotKept() {
        ComputedWindows windows = new ComputedWindows();
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> windows.rows(FLAKY_14, "v1", () -> {
                    throw new IllegalStateException("statement timeout");
                }));
        assertEquals("statement timeout", failure.getMessage());
        assertEquals(0, windows.size());
        assertEquals(List.of("answer"), windows.rows(FLAKY_14, "v1", () -> List.of("answer")));
    }

    @Test
    void atMostTheBoundIsKeptTheLeastRecentlyAskedLeavingFirst() {
        ComputedWindows windows = new ComputedWindows();
        windows.rows(platform(0), "v1", () -> List.of("p0 rows"));
        for (int i = 1; i <= ComputedWindows.MAX_WINDOWS + 10; i++) {
            windows.rows(platform(i), "v1", () -> List.of("rows"));
            // p0 is asked for all along: it stays.
            windows.rows(platform(0), "v1", () -> List.of("p0 computed again"));
        }
        assertEquals(ComputedWindows.MAX_WINDOWS, windows.size());
        assertEquals(List.of("p0 rows"), windows.rows(platform(0), "v1", () -> List.of("recomputed")));
        assertEquals(List.of("recomputed"), windows.rows(platform(1), "v1", () -> List.of("recomputed")),
                "asked for least recently: gone");
    }

    private static ComputedWindows.Window platform(int i) {
        return new ComputedWindows.Window("platform p" + i, 1, 14);
    }

    @Test
    void anErrorEndsTheWaitAndIsNotKept() {
        ComputedWindows windows = new ComputedWindows();
        assertThrows(StackOverflowError.class, () -> windows.rows(FLAKY_14, "v1", () -> {
            throw new StackOverflowError();
        }));
        assertEquals(0, windows.size());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
