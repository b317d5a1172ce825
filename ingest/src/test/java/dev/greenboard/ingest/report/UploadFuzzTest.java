package dev.greenboard.ingest.report;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import dev.greenboard.ingest.input.InputMutation;
import dev.greenboard.model.database.Sql;
import dev.greenboard.model.database.TestDatabase;
import dev.greenboard.testkit.Corpus;
import dev.greenboard.testkit.HistoryBuilder;

/**
 * Uploads made from the corpus (JUnit XML files, JSON lines of PyTorch's tests, PyTorch stats files as documents) under
 * every mutation, seeded so that a failure repeats, plus hostile query parameters: no answer is a 5xx, and a refused
 * upload stored nothing.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class UploadFuzzTest {

    private static final long SEED = 20261130L;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The rows an upload can write, counted before and after a refused one. */
    private static final String TOUCHED = """
            select (select count(*) from test_report) + (select count(*) from test_identity)
                 + (select count(*) from test_result) + (select count(*) from repository)
                 + (select count(*) from commit) + (select count(*) from branch_commit)
                 + (select count(*) from document) + (select count(*) from document_key)
                 + (select count(*) from document_collection) as n""";

    private static final Pattern IDENTITY_ATTRIBUTE = Pattern.compile("\\b(name|classname|file)=\"[^\"]*\"");
    private static final Pattern TIME_ATTRIBUTE = Pattern.compile("\\btime=\"[^\"]*\"");

    @Inject
    AgroalDataSource dataSource;

    Sql sql;
    Random random;
    List<String> failures;
    int requests;
    int refused;

    @BeforeEach
    void setUp() {
        sql = new Sql(dataSource);
        random = new Random(SEED);
        failures = new ArrayList<>();
        requests = 0;
        refused = 0;
    }

    @Test
    void noMutationOfACorpusUploadGetsA5xxAndRefusedOnesStoreNothing() {
        for (String file : Corpus.files("junit")) {
            if (!file.endsWith(".xml") || Corpus.bytes(file).length > 200_000) {
                continue; // the one 1.3 MB report adds time, not kinds of input
            }
            byte[] xml = Corpus.bytes(file);
            for (XmlKind kind : XmlKind.values()) {
                InputMutation.Mutated mutated = xml(xml, kind);
                send(file + " with " + mutated.description(), "application/xml", mutated.body(), parameters());
            }
        }
        byte[] lines = jsonLines();
        for (InputMutation.Kind kind : InputMutation.Kind.values()) {
            for (int i = 0; i < 6; i++) {
                InputMutation.Mutated mutated = mutateOneLine(lines, kind);
                send("JSON lines with " + mutated.description(), "application/x-ndjson", mutated.body(),
                        parameters());
            }
        }
        for (String file : Corpus.files("pytorch-stats")) {
            byte[] document = Corpus.bytes(file);
            for (InputMutation.Kind kind : InputMutation.Kind.values()) {
                InputMutation.Mutated mutated = InputMutation.json(document, kind, random);
                sendDocuments(file + " with " + mutated.description(), mutated.body());
            }
            for (String special : documentSpecials(document)) {
                sendDocuments(file + " with " + InputMutation.excerpt(special), special.getBytes(
                        StandardCharsets.UTF_8));
            }
        }
        assertEquals(List.of(), failures, failures.size() + " of " + requests + " mutated uploads failed");
        assertTrue(refused > 0 && refused < requests, "the mutations refuse some uploads and store others: "
                + refused + " of " + requests + " refused");
    }

    /** What an XML mutation does. */
    private enum XmlKind {
        BOM,
        UTF_16,
        TRAILING_GARBAGE,
        TRUNCATION,
        HUGE_IDENTIFIER,
        NUL_REFERENCE,
        SURROGATE_REFERENCE,
        TIME,
        DEEP_NESTING
    }

    private InputMutation.Mutated xml(byte[] body, XmlKind kind) {
        String text = new String(body, StandardCharsets.UTF_8);
        return switch (kind) {
            case BOM -> InputMutation.json(body, InputMutation.Kind.BOM, random);
            case UTF_16 -> InputMutation.json(body, InputMutation.Kind.UTF_16, random);
            case TRAILING_GARBAGE -> InputMutation.json(body, InputMutation.Kind.TRAILING_GARBAGE, random);
            case TRUNCATION -> InputMutation.json(body, InputMutation.Kind.TRUNCATION, random);
            case HUGE_IDENTIFIER -> {
                int[] sizes = {3_000, 10_000, 1_048_576, 5 * 1_048_576};
                int size = sizes[random.nextInt(10) < 8 ? random.nextInt(2) : 2 + random.nextInt(2)];
                yield replaceOneAttribute(text, IDENTITY_ATTRIBUTE, "$1=\"" + InputMutation.randomText(random, size)
                        + "\"", "identity attribute of " + size + " characters");
            }
            case NUL_REFERENCE -> replaceOneAttribute(text, IDENTITY_ATTRIBUTE, "$1=\"a&#0;b\"", "&#0; in a name");
            case SURROGATE_REFERENCE -> replaceOneAttribute(text, IDENTITY_ATTRIBUTE, "$1=\"a&#xD800;b\"",
                    "&#xD800; in a name");
            case TIME -> {
                String[] times = {"1e999", "-5", "NaN", "Infinity", "99999999999999999999", "0x10", ""};
                String time = times[random.nextInt(times.length)];
                yield replaceOneAttribute(text, TIME_ATTRIBUTE, "time=\"" + time + "\"", "time=\"" + time + "\"");
            }
            case DEEP_NESTING -> {
                int depth = random.nextBoolean() ? 200 : 300;
                int start = text.indexOf("<testcase");
                if (start < 0) {
                    yield InputMutation.json(body, InputMutation.Kind.TRUNCATION, random);
                }
                String nested = text.substring(0, start) + "<testsuite name=\"n\">".repeat(depth)
                        + "<testcase name=\"deep\"/>" + "</testsuite>".repeat(depth) + text.substring(start);
                yield new InputMutation.Mutated(nested.getBytes(StandardCharsets.UTF_8), depth + " nested suites");
            }
        };
    }

    private InputMutation.Mutated replaceOneAttribute(String text, Pattern attribute, String replacement,
            String description) {
        Matcher matcher = attribute.matcher(text);
        List<int[]> found = new ArrayList<>();
        while (matcher.find()) {
            found.add(new int[]{matcher.start(), matcher.end()});
        }
        if (found.isEmpty()) {
            return new InputMutation.Mutated(text.getBytes(StandardCharsets.UTF_8), "no attribute for " + description);
        }
        int[] at = found.get(random.nextInt(found.size()));
        String original = text.substring(at[0], at[1]);
        // The replacement's only special character is the $1 it means; the random text has no '$' or '\'.
        String changed = attribute.matcher(original).replaceFirst(replacement);
        return new InputMutation.Mutated((text.substring(0, at[0]) + changed + text.substring(at[1]))
                .getBytes(StandardCharsets.UTF_8), description);
    }

    /** PyTorch's slow tests as JSON lines, one test case per key of slow-tests.json. */
    private static byte[] jsonLines() {
        try {
            JsonNode slow = JSON.readTree(Corpus.bytes("pytorch-stats/slow-tests.json"));
            StringBuilder lines = new StringBuilder();
            Iterator<Map.Entry<String, JsonNode>> tests = slow.fields();
            int i = 0;
            while (tests.hasNext()) {
                Map.Entry<String, JsonNode> test = tests.next();
                String key = test.getKey();
                int paren = key.indexOf(" (__main__.");
                ObjectNode line = JSON.createObjectNode();
                line.put("file", "test/inductor/test_" + (i % 5) + ".py");
                line.put("classname", paren < 0 ? "" : key.substring(paren + 11, key.length() - 1));
                line.put("name", paren < 0 ? key : key.substring(0, paren));
                line.put("status", i % 7 == 0 ? "failed" : "passed");
                line.put("duration_s", test.getValue().asDouble());
                line.put("started_at", "2026-11-29T10:00:00Z");
                if (i % 7 == 0) {
                    line.put("message", "AssertionError: slow test " + i);
                }
                lines.append(line).append('\n');
                i++;
            }
            return lines.toString().getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The body with one line mutated (the byte-level kinds act on the whole body). */
    private InputMutation.Mutated mutateOneLine(byte[] body, InputMutation.Kind kind) {
        if (kind == InputMutation.Kind.BOM || kind == InputMutation.Kind.UTF_16
                || kind == InputMutation.Kind.TRAILING_GARBAGE || kind == InputMutation.Kind.TRUNCATION) {
            return InputMutation.json(body, kind, random);
        }
        String[] lines = new String(body, StandardCharsets.UTF_8).split("\n");
        int at = random.nextInt(lines.length);
        InputMutation.Mutated line = InputMutation.json(lines[at].getBytes(StandardCharsets.UTF_8), kind, random);
        lines[at] = new String(line.body(), StandardCharsets.UTF_8);
        return new InputMutation.Mutated(String.join("\n", lines).getBytes(StandardCharsets.UTF_8),
                "line " + (at + 1) + ": " + line.description());
    }

    /** Documents whose _id or _event_time is out of bounds. */
    private List<String> documentSpecials(byte[] document) {
        String body = new String(document, StandardCharsets.UTF_8).strip();
        if (!body.startsWith("{")) {
            return List.of();
        }
        String rest = body.substring(1);
        return List.of("{\"_event_time\": \"+99999-01-01T00:00:00Z\"," + rest,
                "{\"_event_time\": \"0000-12-31T23:59:59Z\"," + rest,
                "{\"_event_time\": 12," + rest,
                "{\"_id\": \"" + InputMutation.randomText(random, 3000) + "\"," + rest,
                "{\"_id\": \"a\\u0000\"," + rest,
                "{\"_id\": \"\\u0000\"," + rest,
                "{\"_id\": 1e5," + rest);
    }

    /** Query parameters: mostly plain, sometimes hostile (NUL, long names, bad labels). */
    private Map<String, String> parameters() {
        Map<String, String> parameters = new java.util.LinkedHashMap<>();
        parameters.put("repo", "fuzz/uploads");
        parameters.put("sha", HistoryBuilder.sha("fuzz"));
        switch (random.nextInt(12)) {
            case 0 -> parameters.put("job_name", "linux\0test");
            // ASCII: the request line stays under the HTTP server's 4 KB limit, past which it answers 414 itself.
            case 1 -> parameters.put("branch", InputMutation.randomText(random, 3000).replaceAll("[^a-z]", "x"));
            case 2 -> parameters.put("invoking_file", "test/\0x");
            case 3 -> parameters.put("label", "platform=win\0");
            case 4 -> parameters.put("workflow_name", "\ud800");
            case 5 -> parameters.put("run_attempt", "99999999999");
            case 6 -> parameters.put("repo", "fuzz/" + "r".repeat(300));
            case 7 -> parameters.put("branch", "main\uFFFF");
            default -> parameters.put("branch", "main");
        }
        return parameters;
    }

    private void send(String what, String contentType, byte[] body, Map<String, String> parameters) {
        RequestSpecification request = given().auth().oauth2("test-token-1").contentType(contentType).body(body);
        parameters.forEach(request::queryParam);
        check(what + " " + parameters.keySet(), () -> request.post("/api/v1/test-reports").then().extract());
    }

    private void sendDocuments(String what, byte[] body) {
        check(what, () -> given().auth().oauth2("test-token-1").contentType("application/json").body(body)
                .post("/api/v1/collections/fuzz_docs/documents").then().extract());
    }

    private void check(String what, java.util.function.Supplier<ExtractableResponse<Response>> call) {
        long before = sql.count(TOUCHED);
        ExtractableResponse<Response> answer = call.get();
        requests++;
        String described = what + " -> " + answer.statusCode() + " " + InputMutation.excerpt(answer.asString());
        if (answer.statusCode() >= 500) {
            failures.add(described);
        } else if (answer.statusCode() >= 400) {
            refused++;
            if (sql.count(TOUCHED) != before) {
                failures.add("refused but stored rows: " + described);
            }
        }
    }
}
