package dev.greenboard.metrics.testtimes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.greenboard.metrics.rollup.RollupRun;
import dev.greenboard.metrics.rollup.RollupRunner;
import dev.greenboard.metrics.rollup.RollupRuns;
import dev.greenboard.metrics.stats.StatsArtifact;
import dev.greenboard.metrics.testtimes.TestTimesArtifacts.SlowTestsFile;
import dev.greenboard.metrics.testtimes.TestTimesArtifacts.TestClassTimesFile;
import dev.greenboard.metrics.testtimes.TestTimesArtifacts.TestTimesFile;
import dev.greenboard.metrics.testtimes.TestTimesStore.FileTimes;
import dev.greenboard.model.database.Sql;
import dev.greenboard.model.database.TestDatabase;
import dev.greenboard.testkit.Corpus;
import dev.greenboard.testkit.HistoryBuilder;

/**
 * Test times, class times and slow tests on a history whose answers are worked out by hand, as rows, as the files CI
 * downloads (byte for byte) and through the fallbacks of {@link TestTimesStore}.
 *
 * <pre>
 * main: c1 .. c5, one push each. Jobs (workflow "pull") on every commit:
 *   L1 = linux-jammy / test (default, 1, 2, linux.2xlarge)      test_ops.py: TestOps.test_add, TestOps.test_mul
 *   L2 = linux-jammy / test (default, 2, 2, linux.2xlarge)      test_nn.py: TestNN.test_conv; test_ops.py: TestOpsSlow.test_big
 *   W  = win-vs2022 / test (default, 1, 1, windows.4xlarge)     test_ops.py: TestOps.test_add
 *   D  = linux-jammy / test (distributed, 1, 1, linux.8xlarge)  invoking_file=distributed.test_c10d: one case
 * c5: L1 fails, so c5 is not green. c3: L2 failed on attempt 1, passed on attempt 2 (green; the rerun's report wins).
 * c4 has a second workflow run ("periodic") that runs W again: test_add 30 s. A run is a workflow run (PyTorch's
 * test_times/per_file), so win-vs2022/default has 4 runs.
 * The 3 newest green commits are c4, c3, c2 (c1 is older).
 *                 c2     c3             c4            -> mean
 * L1 add/mul      10/20  12/22          14/24
 * L2 conv/big     30/70  33/80 (31/75)  36/90
 * W  add          12     15             18, 30 (periodic)
 * D  case         5      6              7
 * linux-jammy/default: test_ops = add+mul+big = 100, 114, 128 -> 114; test_nn = 30, 33, 36 -> 33
 * win-vs2022/default: test_ops = (12 + 15 + 18 + 30) / 4 = 18.75
 * linux-jammy/distributed: distributed/test_c10d -> 6
 * default/distributed: distributed/test_c10d = 6 (the mean over the environments that ran the config)
 * default/default, the mean over every (environment, config) value of the file, as PyTorch's update_test_times.py:
 *   test_ops = mean(114, 18.75) = 66.375 (runs 3 + 4); test_nn = 33; distributed/test_c10d = 6, although it only runs in
 *   the distributed config (before #13 default/default averaged the default config only and left it out)
 * classes linux-jammy/default/test_ops: TestOps 30, 34, 38 -> 34; TestOpsSlow 70, 80, 90 -> 80
 * classes win-vs2022/default/test_ops: TestOps 18.75 (4 runs)
 * classes default/default/test_ops: TestOps = mean(34, 18.75) = 26.375; TestOpsSlow 80; distributed/test_c10d
 *   TestC10d 6
 * slow tests (mean > 60 s): test_big (__main__.TestOpsSlow) = 80 over 3 runs
 * </pre>
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestTimesRollupTest {

    private static final Instant T = Instant.parse("2026-11-10T08:00:00Z");
    private static final String L1 = "linux-jammy / test (default, 1, 2, linux.2xlarge)";
    private static final String L2 = "linux-jammy / test (default, 2, 2, linux.2xlarge)";
    private static final String W = "win-vs2022 / test (default, 1, 1, windows.4xlarge)";
    private static final String D = "linux-jammy / test (distributed, 1, 1, linux.8xlarge)";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    RollupRunner runner;

    @Inject
    TestTimesStore store;

    @Inject
    TestTimesFile testTimesFile;

    @Inject
    TestClassTimesFile testClassTimesFile;

    @Inject
    SlowTestsFile slowTestsFile;

    @Inject
    AgroalDataSource dataSource;

    Sql sql;
    String repo;

    @BeforeEach
    void buildHistoryAndRunTheRollups() {
        if (repo != null) {
            return;
        }
        sql = new Sql(dataSource);
        repo = "times/r" + UUID.randomUUID().toString().substring(0, 8);
        HistoryBuilder h = new HistoryBuilder(repo, "main");
        double[][] durations = { // add, mul, conv, big, win add, distributed
                {1000, 1000, 1000, 1000, 1000, 1000}, {10, 20, 30, 70, 12, 5}, {12, 22, 33, 80, 15, 6},
                {14, 24, 36, 90, 18, 7}, {500, 500, 500, 500, 500, 500}};
        for (int c = 0; c < 5; c++) {
            String sha = HistoryBuilder.sha("c" + (c + 1));
            Instant at = T.plusSeconds(3600L * c);
            h.push(at, List.of(sha), "dev");
            long run = HistoryBuilder.nextId();
            double[] d = durations[c];
            long l1 = job(h, sha, run, 1, L1, c == 4 ? "failure" : "success", at);
            h.report(sha, l1, L1, List.of(tc("test_ops.py", "TestOps", "test_add", d[0]),
                    tc("test_ops.py", "TestOps", "test_mul", d[1])));
            if (c == 2) {
                long failed = job(h, sha, run, 1, L2, "failure", at);
                h.report(sha, failed, L2, List.of(tc("test_nn.py", "TestNN", "test_conv", 31),
                        tc("test_ops.py", "TestOpsSlow", "test_big", 75)));
            }
            long l2 = job(h, sha, run, c == 2 ? 2 : 1, L2, "success", at.plusSeconds(60));
            h.report(sha, l2, L2, List.of(tc("test_nn.py", "TestNN", "test_conv", d[2]),
                    tc("test_ops.py", "TestOpsSlow", "test_big", d[3])));
            long w = job(h, sha, run, 1, W, "success", at);
            h.report(sha, w, W, List.of(tc("test_ops.py", "TestOps", "test_add", d[4])));
            if (c == 3) {
                // A second workflow run on c4 runs W again: another run of win-vs2022/default, not more time in one.
                long periodic = HistoryBuilder.nextId();
                long again = h.job(sha, periodic, 1, "periodic", W, "completed", "success", at, at.plusSeconds(10),
                        at.plusSeconds(600), List.of("windows.4xlarge"));
                h.report(sha, again, W, List.of(tc("test_ops.py", "TestOps", "test_add", 30)));
            }
            long dist = job(h, sha, run, 1, D, "success", at);
            h.report(sha, dist, D, List.of(tc("whatever.py", "TestC10d", "test_allreduce", d[5])),
                    "invoking_file=distributed.test_c10d");
        }
        RollupRuns.runAll(runner, false).assertSucceeded(List.of("commit-health", "test-times"));
    }

    private static long job(HistoryBuilder h, String sha, long run, int attempt, String name, String conclusion,
            Instant at) {
        return h.job(sha, run, attempt, "pull", name, "completed", conclusion, at, at.plusSeconds(10),
                at.plusSeconds(600), List.of("linux.2xlarge"));
    }

    private static String tc(String file, String classname, String name, double seconds) {
        return HistoryBuilder.testCase(file, classname, name, "passed", seconds, null);
    }

    private long repoId() {
        return ((Number) sql.row("select repository_id(?) as id", repo).get("id")).longValue();
    }

    private String render(StatsArtifact artifact) {
        try (Connection connection = dataSource.getConnection()) {
            return artifact.render(connection, repoId(), Map.of());
        } catch (SQLException e) {
            throw new AssertionError("Rendering " + artifact.name() + " failed", e);
        }
    }

    private FileTimes fileTimes(String job, String config) {
        try (Connection connection = dataSource.getConnection()) {
            return store.fileTimes(connection, repoId(), repo, job, config);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void fileTimesAreMeansOverTheNewestGreenCommitsWithADefaultEnvironment() {
        assertEquals(List.of(
                "default|default|distributed/test_c10d|6.0|3",
                "default|default|test_nn|33.0|3",
                "default|default|test_ops|66.375|7",
                "default|distributed|distributed/test_c10d|6.0|3",
                "linux-jammy|default|test_nn|33.0|3",
                "linux-jammy|default|test_ops|114.0|3",
                "linux-jammy|distributed|distributed/test_c10d|6.0|3",
                "win-vs2022|default|test_ops|18.75|4"),
                lines("""
                        select base, config, file, seconds, runs from test_file_time where repo_id = repository_id(?)"""));
        assertEquals(List.of(
                "default|default|distributed/test_c10d|TestC10d|6.0|3",
                "default|default|test_nn|TestNN|33.0|3",
                "default|default|test_ops|TestOps|26.375|7",
                "default|default|test_ops|TestOpsSlow|80.0|3",
                "default|distributed|distributed/test_c10d|TestC10d|6.0|3",
                "linux-jammy|default|test_nn|TestNN|33.0|3",
                "linux-jammy|default|test_ops|TestOps|34.0|3",
                "linux-jammy|default|test_ops|TestOpsSlow|80.0|3",
                "linux-jammy|distributed|distributed/test_c10d|TestC10d|6.0|3",
                "win-vs2022|default|test_ops|TestOps|18.75|4"), lines("""
                        select base, config, file, classname, seconds, runs from test_class_time
                         where repo_id = repository_id(?)"""));
        assertEquals(List.of("test_big (__main__.TestOpsSlow)|test_ops|TestOpsSlow|test_big|80.0|3"),
                lines("""
                        select test_key, file, classname, name, seconds, runs from slow_test where repo_id = repository_id(?)"""));
    }

    /** Each row of the repository as its values joined by "|", sorted column by column. */
    private List<String> lines(String query) {
        // A tab sorts before every printable character, so "TestOps" comes before "TestOpsSlow" as in the files.
        return sql.rows(query, repo).stream().map(row -> row.values().stream().map(String::valueOf).toList())
                .sorted(Comparator.comparing(values -> String.join("\t", values)))
                .map(values -> String.join("|", values)).toList();
    }

    @Test
    void testTimesFileHasPyTorchsShapeAndBytes() throws Exception {
        String file = render(testTimesFile);
        assertEquals("""
                {
                  "default": {
                    "default": {
                      "distributed/test_c10d": 6.0,
                      "test_nn": 33.0,
                      "test_ops": 66.375
                    },
                    "distributed": {
                      "distributed/test_c10d": 6.0
                    }
                  },
                  "linux-jammy": {
                    "default": {
                      "test_nn": 33.0,
                      "test_ops": 114.0
                    },
                    "distributed": {
                      "distributed/test_c10d": 6.0
                    }
                  },
                  "win-vs2022": {
                    "default": {
                      "test_ops": 18.75
                    }
                  }
                }""", file);
        // The corpus file, PyTorch's own, reads into the very same structure.
        TypeReference<Map<String, Map<String, Map<String, Double>>>> shape = new TypeReference<>() {
        };
        JSON.readValue(file, shape);
        JSON.readValue(Corpus.bytes("pytorch-stats/test-times.sample.json"), shape);
    }

    @Test
    void classTimesAndSlowTestsFilesHavePyTorchsShapeAndBytes() throws Exception {
        String classes = render(testClassTimesFile);
        assertEquals("""
                {
                  "default": {
                    "default": {
                      "distributed/test_c10d": {
                        "TestC10d": 6.0
                      },
                      "test_nn": {
                        "TestNN": 33.0
                      },
                      "test_ops": {
                        "TestOps": 26.375,
                        "TestOpsSlow": 80.0
                      }
                    },
                    "distributed": {
                      "distributed/test_c10d": {
                        "TestC10d": 6.0
                      }
                    }
                  },
                  "linux-jammy": {
                    "default": {
                      "test_nn": {
                        "TestNN": 33.0
                      },
                      "test_ops": {
                        "TestOps": 34.0,
                        "TestOpsSlow": 80.0
                      }
                    },
                    "distributed": {
                      "distributed/test_c10d": {
                        "TestC10d": 6.0
                      }
                    }
                  },
                  "win-vs2022": {
                    "default": {
                      "test_ops": {
                        "TestOps": 18.75
                      }
                    }
                  }
                }""", classes);
        TypeReference<Map<String, Map<String, Map<String, Map<String, Double>>>>> shape = new TypeReference<>() {
        };
        JSON.readValue(classes, shape);
        JSON.readValue(Corpus.bytes("pytorch-stats/test-class-times.sample.json"), shape);

        String slow = render(slowTestsFile);
        assertEquals("""
                {
                  "test_big (__main__.TestOpsSlow)": 80.0
                }""", slow);
        JSON.readValue(Corpus.bytes("pytorch-stats/slow-tests.json"), new TypeReference<Map<String, Double>>() {
        });
    }

    /** The environment asked for, else the default environment's rows for the config, else default/default. */
    @Test
    void fileTimesFallBackToTheDefaultEnvironment() {
        FileTimes windows = fileTimes("win-vs2022", null);
        assertEquals(List.of("win-vs2022", "default"), List.of(windows.base(), windows.config()));
        assertEquals(Map.of("test_ops", 18.75), windows.seconds());
        assertEquals(Map.of("test_ops", 4), windows.runs());
        // A whole job name is parsed into its build environment.
        FileTimes fromJobName = fileTimes(W, "default");
        assertEquals("win-vs2022", fromJobName.base());
        assertEquals(Map.of("test_ops", 18.75), fromJobName.seconds());
        // No rows for mac-arm64: the default environment's times are used.
        FileTimes mac = fileTimes("mac-arm64 / test (default, 1, 1, m1)", "default");
        assertEquals(List.of("default", "default"), List.of(mac.base(), mac.config()));
        assertEquals(Map.of("test_ops", 66.375, "test_nn", 33.0, "distributed/test_c10d", 6.0), mac.seconds());
        assertEquals(Map.of("test_ops", 7, "test_nn", 3, "distributed/test_c10d", 3), mac.runs());
        FileTimes macDistributed = fileTimes("mac-arm64", "distributed");
        assertEquals(List.of("default", "distributed"), List.of(macDistributed.base(), macDistributed.config()));
        assertEquals(Map.of("distributed/test_c10d", 6.0), macDistributed.seconds());
        // A config nobody ran: default/default.
        FileTimes crossref = fileTimes("linux-jammy", "crossref");
        assertEquals(List.of("default", "default"), List.of(crossref.base(), crossref.config()));
        // No job: the default environment.
        assertEquals(List.of("default", "default"), List.of(fileTimes(null, null).base(), fileTimes(null, null)
                .config()));
    }

    @Test
    void slowTestsAreReadSlowestFirst() {
        try (Connection connection = dataSource.getConnection()) {
            assertEquals(List.of(new TestTimesStore.SlowTest("test_big (__main__.TestOpsSlow)", "test_ops",
                    "TestOpsSlow", "test_big", 80.0, 3)), store.slowTests(connection, repoId()));
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aSecondRunWithNoNewDataWritesNothing() {
        RollupRun first = runner.runNow("test-times", false);
        assertEquals("success", first.status(), first.detail());
        RollupRun second = runner.runNow("test-times", false);
        assertEquals("success", second.status(), second.detail());
        assertEquals(0, second.rowsWritten(), second.detail());
        assertEquals("no new reports or jobs", second.detail());
    }
}
