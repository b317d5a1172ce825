package dev.greenboard.bench;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Measurement 7: the same three questions answered by Greenboard, by DuckDB over the generated files, and by the
 * "gzipped JSON files" approach (what PyTorch's scripts did with files in S3: read, decompress and aggregate in plain
 * Java). The questions:
 * <ol>
 * <li>test history: the 50 newest results of one test;</li>
 * <li>test times per file: per (job base, config, file), the sum of the file's test durations in one workflow run
 * (the latest result of each test in the run), averaged over the runs of the 3 newest green commits (every job's
 * latest attempt succeeded) that have test reports;</li>
 * <li>red rate per day: the share of commits per day (UTC, by commit time) that have a job whose latest attempt
 * failed.</li>
 * </ol>
 * DuckDB and the gzip approach compute exactly these; Greenboard answers 1 with {@code testHistory}, 2 with the
 * published {@code test-times.json} (precomputed by the test-times job; it adds 'default' fallback rows) and 3 with
 * SQL on its own PostgreSQL (this revision has no GraphQL field for it yet).
 */
final class CompareBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int NEWEST_COMMITS = 3;

    /** One engine's answers, compared between DuckDB and the gzip approach. */
    record Answers(List<String> history, Map<String, Double> testTimes, Map<String, Double> redRate) {
    }

    /**
     * How the fast engines are timed: {@code runs} timed runs after {@code warmUp} of untimed ones (so that a freshly
     * started Greenboard's JIT has compiled the path, as in a long-running instance), {@code heyRun} per hey run.
     */
    record Timing(int runs, Duration warmUp, Duration heyRun) {

        static Timing of(Scale scale) {
            return scale.name().equals("small")
                    ? new Timing(5, Duration.ofMillis(500), Duration.ofSeconds(1))
                    : new Timing(Math.max(5, scale.repeats() * 5), Duration.ofSeconds(3), Duration.ofSeconds(10));
        }
    }

    /** Median milliseconds per question, and the answers. */
    record Timed(double historyMs, double testTimesMs, double redRateMs, Answers answers) {
    }

    private CompareBench() {
    }

    static Map<String, Object> run(BenchContext context) throws Exception {
        ResultLog log = context.log();
        log.section("7. Side by side: Greenboard vs DuckDB vs gzipped JSON files");
        Loader.ensureTests(context);
        int repeats = context.scale().repeats();
        Timing timing = Timing.of(context.scale());
        Timed greenboard;
        double testTimesJobMs;
        try (GreenboardApp app = context.startState()) {
            Loader.ensureJobsAndDocuments(context, app);
            Client client = new Client(app.baseUrl());
            JsonNode full = client.runAll(true).require("run-all").body();
            testTimesJobMs = Double.NaN;
            for (JsonNode job : full.path("jobs")) {
                if (job.path("name").asText().equals("test-times")) {
                    testTimesJobMs = job.path("duration_ms").asDouble();
                }
            }
            greenboard = greenboard(app, client, timing, context.work().resolve("query-bodies"), log);
        }
        log.line("Greenboard: the test-times job (full run) took " + String.format("%,.0f", testTimesJobMs)
                + " ms to precompute test-times.json.");

        Path duckFile = context.work().resolve("compare.duckdb");
        Files.deleteIfExists(duckFile);
        long started = System.nanoTime();
        Timed duck;
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:" + duckFile)) {
            loadDuckDb(duckdb, context.workload());
            double loadSeconds = (System.nanoTime() - started) / 1e9;
            log.line(String.format("DuckDB %s: loading the JSON lines and the webhook files took %.1f s.",
                    duckdbVersion(duckdb), loadSeconds));
            duck = duckdb(duckdb, timing);
        } finally {
            Files.deleteIfExists(duckFile);
            Files.deleteIfExists(Path.of(duckFile + ".wal"));
        }

        Path gz = context.work().resolve("gz");
        started = System.nanoTime();
        writeGzipFiles(context.workload(), gz);
        log.line(String.format("Gzipped JSON files: writing them took %.1f s (%,d MB).",
                (System.nanoTime() - started) / 1e9, Bench.sizeMb(gz)));
        Timed gzip = gzip(gz, repeats);

        boolean agree = duck.answers().equals(gzip.answers());
        boolean historyAgrees = greenboard.answers().history().size() == duck.answers().history().size();
        log.line("");
        log.line("| question | Greenboard ms | DuckDB ms | gzip files ms | DuckDB / Greenboard | gzip / Greenboard |");
        log.line("|---|---|---|---|---|---|");
        row(log, "test history of one test (50 newest)", greenboard.historyMs(), duck.historyMs(), gzip.historyMs());
        row(log, "test times per file", greenboard.testTimesMs(), duck.testTimesMs(), gzip.testTimesMs());
        row(log, "red rate per day", greenboard.redRateMs(), duck.redRateMs(), gzip.redRateMs());
        log.line("");
        log.line("Greenboard: p50 of `hey -c 1 -z " + timing.heyRun().toSeconds() + "s` over HTTP after a "
                + timing.warmUp().toMillis() + " ms warm-up (red rate: median of " + timing.runs() + " JDBC runs);"
                + " DuckDB (in process, JDBC): median of " + timing.runs() + " sequential runs after "
                + timing.warmUp().toMillis() + " ms of untimed warm-up runs;"
                + " gzip files: median of " + repeats + " (each run reads every file it needs).");
        log.line("Answers: DuckDB and gzip files agree on all three: " + (agree ? "yes" : "**no**")
                + "; test history length Greenboard " + greenboard.answers().history().size() + " vs DuckDB "
                + duck.answers().history().size() + "; test-times entries Greenboard "
                + greenboard.answers().testTimes().size() + " (green commits only, plus 'default' fallbacks) vs "
                + duck.answers().testTimes().size() + "; red-rate days Greenboard "
                + greenboard.answers().redRate().size() + " vs " + duck.answers().redRate().size() + ".");
        long sameTimes = duck.answers().testTimes().entrySet().stream().filter(e -> {
            Double theirs = greenboard.answers().testTimes().get(e.getKey());
            return theirs != null && Math.abs(theirs - e.getValue()) <= 1e-3 * Math.max(1, Math.abs(e.getValue()));
        }).count();
        log.line("Test times per file: Greenboard's test-times.json equals DuckDB's on " + sameTimes + " of "
                + duck.answers().testTimes().size() + " (base, config, file) entries.");
        if (!agree) {
            log.line("DuckDB: " + duck.answers());
            log.line("gzip: " + gzip.answers());
        }
        return Map.of("agree", agree && historyAgrees && greenboard.answers().redRate().equals(duck.answers()
                .redRate()), "greenboard", greenboard, "duckdb", duck, "gzip", gzip);
    }

    private static void row(ResultLog log, String question, double greenboard, double duck, double gzip) {
        log.line(String.format("| %s | %.1f | %.1f | %,.1f | %.2f× | %,.1f× |", question, greenboard, duck, gzip,
                duck / greenboard, gzip / greenboard));
    }

    // ---------------------------------------------------------------------------------------------------- Greenboard

    /**
     * Greenboard's HTTP answers are timed with {@code hey -c 1} (p50 of a 10 s run after a 3 s warm-up), as the
     * query measurement does: the JDK's HttpClient adds milliseconds of its own per request (over 15 ms for a POST on
     * this machine), which would be charged to Greenboard. Without hey, the HttpClient timing is used and said so.
     */
    private static Timed greenboard(GreenboardApp app, Client client, Timing timing, Path bodies, ResultLog log)
            throws Exception {
        QueryBench.Query history = QueryBench.query("test history of one test (50 newest)");
        QueryBench.Query testTimes = QueryBench.query("test-times.json");
        List<String> statuses = new ArrayList<>();
        for (JsonNode edge : QueryBench.check(client, history).path("data").path("testHistory").path("edges")) {
            statuses.add(edge.path("node").path("status").asText().toLowerCase());
        }
        Map<String, Double> times = new TreeMap<>();
        QueryBench.check(client, testTimes).fields().forEachRemaining(base -> base.getValue().fields()
                .forEachRemaining(config -> config.getValue().fields().forEachRemaining(file -> times.put(base
                        .getKey() + "|" + config.getKey() + "|" + file.getKey(), file.getValue().asDouble()))));
        double historyMs;
        double testTimesMs;
        if (QueryBench.hasHey()) {
            historyMs = heyMedian(app, history, bodies, timing);
            testTimesMs = heyMedian(app, testTimes, bodies, timing);
        } else {
            log.line("(hey is not installed: Greenboard's HTTP answers are timed with the JDK HttpClient, which adds"
                    + " its own milliseconds)");
            historyMs = median(timing, () -> QueryBench.check(client, history));
            testTimesMs = median(timing, () -> QueryBench.check(client, testTimes));
        }
        Map<String, Double> redRate = new TreeMap<>();
        try (Connection connection = DriverManager.getConnection(app.jdbcUrl())) {
            double redRateMs = median(timing, () -> {
                redRate.clear();
                redRate.putAll(twoColumns(connection, """
                        with latest as (
                            select distinct on (j.head_sha, j.workflow_name, j.name) j.head_sha, j.conclusion
                            from job j join repository r on r.id = j.repo_id
                            where r.full_name = ?
                            order by j.head_sha, j.workflow_name, j.name, j.run_attempt desc, j.id desc),
                        per_commit as (
                            select head_sha, bool_or(conclusion = 'failure') as broken from latest group by head_sha)
                        select to_char(c.committed_at at time zone 'UTC', 'YYYY-MM-DD') as day,
                               avg(case when p.broken then 1.0 else 0.0 end)::float8 as red_rate
                        from per_commit p
                        join commit c on c.sha = p.head_sha
                          and c.repo_id = (select id from repository where full_name = ?)
                        group by 1 order by 1""", Workload.REPO, Workload.REPO));
            });
            return new Timed(historyMs, testTimesMs, redRateMs, new Answers(List.copyOf(statuses), times, redRate));
        }
    }

    private static double heyMedian(GreenboardApp app, QueryBench.Query query, Path bodies, Timing timing)
            throws Exception {
        QueryBench.hey(app, query, bodies, 1, "-z", timing.warmUp().toMillis() + "ms"); // warm-up, untimed
        return QueryBench.hey(app, query, bodies, 1, "-z", timing.heyRun().toMillis() + "ms").p50();
    }

    // -------------------------------------------------------------------------------------------------------- DuckDB

    private static String duckdbVersion(Connection duckdb) throws SQLException {
        try (Statement statement = duckdb.createStatement();
                ResultSet rs = statement.executeQuery("select version()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Loads the report bodies, the report index and every webhook body, as DuckDB users would: from the files. */
    static void loadDuckDb(Connection duckdb, Workload workload) throws Exception {
        Path dir = workload.dir();
        List<String> hookFiles = new ArrayList<>();
        for (int round = 0; round < Scale.JOB_ROUNDS; round++) {
            hookFiles.add("'" + dir.resolve("jobs-" + round + ".tsv") + "'");
        }
        hookFiles.add("'" + dir.resolve("test-webhooks.tsv") + "'");
        try (Statement statement = duckdb.createStatement()) {
            statement.execute("create table reports as select seq, source.sha as sha, source.workflowRunId as run_id,"
                    + " base, config, commitTime::varchar as commit_time from read_json('" + dir.resolve(
                            "reports.jsonl")
                    + "', format = 'newline_delimited')");
            statement.execute("create table results as select cast(regexp_extract(filename, '(\\d+)\\.jsonl$', 1)"
                    + " as integer) as seq, file, classname, name, status, duration_s from read_json('" + dir.resolve(
                            "reports")
                    + "/*.jsonl', format = 'newline_delimited', filename = true, columns = {file:"
                    + " 'VARCHAR', classname: 'VARCHAR', name: 'VARCHAR', status: 'VARCHAR', duration_s: 'DOUBLE',"
                    + " message: 'VARCHAR', rerun_count: 'INTEGER'})");
            statement.execute("create table hooks as select * from read_csv([" + String.join(", ", hookFiles)
                    + "], delim = '\t', quote = '', escape = '', header = false, max_line_size = 100000000,"
                    + " columns = {'event': 'VARCHAR', 'delivery': 'VARCHAR', 'body': 'VARCHAR'})");
            statement.execute(
                    """
                            create table jobs as
                            select body->>'$.workflow_job.head_sha' as sha, body->>'$.workflow_job.workflow_name' as workflow,
                                   body->>'$.workflow_job.name' as name, cast(body->>'$.workflow_job.run_attempt' as int) as attempt,
                                   cast(body->>'$.workflow_job.id' as bigint) as id, body->>'$.workflow_job.conclusion' as conclusion
                            from hooks where event = 'workflow_job' and body->>'$.workflow_job.status' = 'completed'""");
            statement.execute("""
                    create table commits as
                    select body->>'$.head_commit.id' as sha, substr(body->>'$.head_commit.timestamp', 1, 10) as day
                    from hooks where event = 'push'""");
        }
    }

    private static Timed duckdb(Connection duckdb, Timing timing) throws Exception {
        List<String> history = new ArrayList<>();
        double historyMs = median(timing, () -> {
            history.clear();
            try (PreparedStatement statement = duckdb.prepareStatement("""
                    select status from results where file = ? and classname = ? and name = ?
                    order by seq desc limit 50""")) {
                statement.setString(1, QueryBench.TEST_FILE);
                statement.setString(2, QueryBench.TEST_CLASS);
                statement.setString(3, QueryBench.TEST_NAME);
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        history.add(rs.getString(1));
                    }
                }
            }
        });
        Map<String, Double> times = new TreeMap<>();
        double testTimesMs = median(timing, () -> {
            times.clear();
            times.putAll(twoColumns(duckdb, """
                    with latest_jobs as (
                        select sha, conclusion,
                               row_number() over (partition by sha, workflow, name order by attempt desc, id desc) as rn
                        from jobs),
                    green as (select sha from latest_jobs where rn = 1 group by sha
                              having bool_and(conclusion in ('success', 'skipped', 'neutral'))),
                    newest as (select sha from reports where sha in (select sha from green)
                               group by sha order by max(commit_time) desc limit ?),
                    placed as (select seq, run_id, base, config from reports where sha in (select sha from newest)),
                    latest as (
                        select p.run_id, p.base, p.config, r.file, r.duration_s,
                               row_number() over (partition by p.run_id, p.base, p.config, r.file, r.classname, r.name
                                                  order by p.seq desc) as rn
                        from results r join placed p on p.seq = r.seq),
                    per_run as (
                        select base, config, regexp_replace(file, '\\.py$', '') as file, run_id,
                               sum(coalesce(duration_s, 0)) as s
                        from latest where rn = 1 group by all)
                    select base || '|' || config || '|' || file, avg(s) from per_run group by all order by 1""",
                    NEWEST_COMMITS));
        });
        Map<String, Double> redRate = new TreeMap<>();
        double redRateMs = median(timing, () -> {
            redRate.clear();
            redRate.putAll(twoColumns(duckdb, """
                    with latest as (
                        select sha, conclusion,
                               row_number() over (partition by sha, workflow, name order by attempt desc, id desc) as rn
                        from jobs),
                    per_commit as (select sha, bool_or(conclusion = 'failure') as broken from latest where rn = 1
                                   group by sha)
                    select c.day, avg(case when p.broken then 1.0 else 0.0 end)::double
                    from per_commit p join commits c on c.sha = p.sha group by 1 order by 1"""));
        });
        return new Timed(historyMs, testTimesMs, redRateMs, new Answers(List.copyOf(history), times, redRate));
    }

    // ---------------------------------------------------------------------------------------- gzipped JSON files

    /**
     * One gzipped JSON-lines file per report under {@code reports/<commit time>_<sha>/}, each row carrying its
     * context (as the rows of PyTorch's S3 files did); the raw webhook deliveries gzipped per round.
     */
    static void writeGzipFiles(Workload workload, Path gz) throws Exception {
        Workload.deleteRecursively(gz);
        for (Workload.ReportFile report : workload.reports()) {
            Path commitDir = gz.resolve("reports").resolve(String.format("%012d_%s", report.commitTime()
                    .getEpochSecond(), report.source().sha()));
            Files.createDirectories(commitDir);
            try (BufferedWriter out = gzipWriter(commitDir.resolve(String.format("%06d.json.gz", report.seq())));
                    BufferedReader in = Files.newBufferedReader(report.path())) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    ObjectNode row = (ObjectNode) JSON.readTree(line);
                    row.put("seq", report.seq());
                    row.put("sha", report.source().sha());
                    row.put("workflow_run_id", report.source().workflowRunId());
                    row.put("run_attempt", report.source().runAttempt());
                    row.put("job_name", report.source().jobName());
                    row.put("base", report.base());
                    row.put("config", report.config());
                    row.put("commit_time", report.commitTime().toString());
                    out.write(row.toString());
                    out.write('\n');
                }
            }
        }
        Files.createDirectories(gz.resolve("webhooks"));
        int[] file = {0};
        List<List<Workload.Delivery>> rounds = new ArrayList<>();
        for (int round = 0; round < Scale.JOB_ROUNDS; round++) {
            rounds.add(workload.jobRound(round));
        }
        rounds.add(workload.testWebhooks());
        for (List<Workload.Delivery> round : rounds) {
            try (BufferedWriter out = gzipWriter(gz.resolve("webhooks").resolve(file[0]++ + ".json.gz"))) {
                for (Workload.Delivery delivery : round) {
                    out.write("{\"event\":\"" + delivery.event() + "\",\"payload\":");
                    out.write(new String(delivery.body(), StandardCharsets.UTF_8));
                    out.write("}\n");
                }
            }
        }
    }

    private static BufferedWriter gzipWriter(Path file) throws IOException {
        return new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(file), 1 << 16),
                StandardCharsets.UTF_8), 1 << 16);
    }

    /** Calls {@code row} for every JSON line of every gzipped file under {@code dir}. */
    private static void scan(Path dir, java.util.function.Consumer<JsonNode> row) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(p -> p.toString().endsWith(".json.gz")).sorted().toList();
        }
        for (Path file : files) {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files
                    .newInputStream(file), 1 << 16), StandardCharsets.UTF_8), 1 << 16)) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    row.accept(JSON.readTree(line));
                }
            }
        }
    }

    private record HistoryRow(int seq, String status) {
    }

    private record TestInRun(long runId, String base, String config, String file, String classname, String name) {
    }

    private record Latest(int seq, double seconds) {
    }

    private static Timed gzip(Path gz, int runs) throws Exception {
        List<String> history = new ArrayList<>();
        double historyMs = median(runs, Duration.ZERO, () -> {
            List<HistoryRow> rows = new ArrayList<>();
            scan(gz.resolve("reports"), row -> {
                if (row.path("name").asText().equals(QueryBench.TEST_NAME)
                        && row.path("classname").asText().equals(QueryBench.TEST_CLASS)
                        && row.path("file").asText().equals(QueryBench.TEST_FILE)) {
                    rows.add(new HistoryRow(row.path("seq").asInt(), row.path("status").asText()));
                }
            });
            rows.sort(Comparator.comparingInt(HistoryRow::seq).reversed());
            history.clear();
            rows.stream().limit(50).forEach(r -> history.add(r.status()));
        });
        Map<String, Double> times = new TreeMap<>();
        double testTimesMs = median(runs, Duration.ZERO, () -> {
            Map<String, Boolean> green = new HashMap<>();
            latestJobs(gz).forEach((job, attempt) -> green.merge(job.sha(), Set.of("success", "skipped", "neutral")
                    .contains(attempt.conclusion()), Boolean::logicalAnd));
            List<Path> commits;
            try (Stream<Path> list = Files.list(gz.resolve("reports"))) {
                commits = list.filter(dir -> green.getOrDefault(dir.getFileName().toString().substring(13), false))
                        .sorted(Comparator.reverseOrder()).limit(NEWEST_COMMITS).toList();
            }
            Map<TestInRun, Latest> latest = new HashMap<>();
            for (Path commit : commits) {
                scan(commit, row -> {
                    TestInRun key = new TestInRun(row.path("workflow_run_id").asLong(), row.path("base").asText(),
                            row.path("config").asText(), row.path("file").asText(), row.path("classname").asText(),
                            row.path("name").asText());
                    Latest candidate = new Latest(row.path("seq").asInt(), row.path("duration_s").asDouble(0));
                    latest.merge(key, candidate, (a, b) -> a.seq() >= b.seq() ? a : b);
                });
            }
            Map<String, Map<Long, Double>> perRun = new HashMap<>();
            latest.forEach((key, value) -> perRun.computeIfAbsent(key.base() + "|" + key.config() + "|" + key.file()
                    .replaceAll("\\.py$", ""), k -> new HashMap<>()).merge(key.runId(), value.seconds(), Double::sum));
            times.clear();
            perRun.forEach((key, byRun) -> times.put(key, round(byRun.values().stream()
                    .mapToDouble(Double::doubleValue).average().orElse(0))));
        });
        Map<String, Double> redRate = new TreeMap<>();
        double redRateMs = median(runs, Duration.ZERO, () -> {
            Map<String, String> commitDay = new HashMap<>();
            Map<JobKey, Attempt> latest = latestJobs(gz, commitDay);
            Map<String, Boolean> broken = new HashMap<>();
            latest.forEach((key, attempt) -> broken.merge(key.sha(), attempt.conclusion().equals("failure"),
                    Boolean::logicalOr));
            Map<String, double[]> perDay = new TreeMap<>();
            broken.forEach((sha, isBroken) -> {
                double[] counts = perDay.computeIfAbsent(commitDay.get(sha), d -> new double[2]);
                counts[0] += isBroken ? 1 : 0;
                counts[1]++;
            });
            redRate.clear();
            perDay.forEach((day, counts) -> redRate.put(day, round(counts[0] / counts[1])));
        });
        return new Timed(historyMs, testTimesMs, redRateMs, new Answers(List.copyOf(history), times, redRate));
    }

    private record JobKey(String sha, String workflow, String name) {
    }

    private record Attempt(int attempt, long id, String conclusion) {
    }

    private static Map<JobKey, Attempt> latestJobs(Path gz) throws IOException {
        return latestJobs(gz, new HashMap<>());
    }

    /** Reads every gzipped webhook file: the latest attempt of each job, and each pushed commit's day. */
    private static Map<JobKey, Attempt> latestJobs(Path gz, Map<String, String> commitDay) throws IOException {
        Map<JobKey, Attempt> latest = new HashMap<>();
        scan(gz.resolve("webhooks"), row -> {
            JsonNode payload = row.path("payload");
            switch (row.path("event").asText()) {
                case "push" -> commitDay.put(payload.path("head_commit").path("id").asText(), payload.path(
                        "head_commit").path("timestamp").asText().substring(0, 10));
                case "workflow_job" -> {
                    JsonNode job = payload.path("workflow_job");
                    if (job.path("status").asText().equals("completed")) {
                        latest.merge(new JobKey(job.path("head_sha").asText(), job.path("workflow_name").asText(),
                                job.path("name").asText()),
                                new Attempt(job.path("run_attempt").asInt(),
                                        job.path("id").asLong(), job.path("conclusion").asText()),
                                (a, b) -> a.attempt() > b.attempt() || a.attempt() == b.attempt() && a.id() > b.id()
                                        ? a
                                        : b);
                    }
                }
                default -> {
                }
            }
        });
        return latest;
    }

    // ------------------------------------------------------------------------------------------------------- helpers

    /** A step that may throw, timed. */
    interface Step {

        void run() throws Exception;
    }

    private static double median(Timing timing, Step step) throws Exception {
        return median(timing.runs(), timing.warmUp(), step);
    }

    /** Runs the step untimed for at least {@code warmUp}, then {@code runs} times, and returns the median in ms. */
    private static double median(int runs, Duration warmUp, Step step) throws Exception {
        long warmUpStarted = System.nanoTime();
        while (System.nanoTime() - warmUpStarted < warmUp.toNanos()) {
            step.run();
        }
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long started = System.nanoTime();
            step.run();
            ms.add((System.nanoTime() - started) / 1e6);
        }
        return Stats.spread(ms).median();
    }

    /** A query's rows as key → value, values rounded to 6 significant digits so that engines compare equal. */
    private static Map<String, Double> twoColumns(Connection connection, String sql, Object... params)
            throws SQLException {
        Map<String, Double> out = new TreeMap<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), round(rs.getDouble(2)));
                }
            }
        }
        return out;
    }

    static double round(double value) {
        return value == 0 ? 0 : new java.math.BigDecimal(value).round(new java.math.MathContext(6)).doubleValue();
    }
}
