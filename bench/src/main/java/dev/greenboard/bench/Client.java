package dev.greenboard.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Executors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.greenboard.ingest.report.ReportSource;

/** Greenboard's HTTP API as CI, GitHub and a reader use it. Thread-safe. */
final class Client {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One answer: the status and the parsed JSON body (null when the body is not JSON). */
    record Answer(int status, JsonNode body, String text) {

        boolean ok() {
            return status >= 200 && status < 300;
        }

        Answer require(String what) {
            if (!ok()) {
                throw new IllegalStateException(what + " answered " + status + ": " + text);
            }
            return this;
        }
    }

    private final String baseUrl;
    private final HttpClient http;
    private final ThreadLocal<Mac> hmac;

    Client(String baseUrl) {
        this.baseUrl = baseUrl;
        // HTTP/1.1 keep-alive connections, as CI uploaders and GitHub use; the pool grows with the concurrency.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).executor(Executors.newCachedThreadPool(r -> {
                    Thread thread = new Thread(r, "bench-http");
                    thread.setDaemon(true);
                    return thread;
                })).build();
        this.hmac = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(GreenboardApp.SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    String baseUrl() {
        return baseUrl;
    }

    /** {@code X-Hub-Signature-256}: "sha256=" + hex HMAC-SHA256 of the exact body with the webhook secret. */
    String signature(byte[] body) {
        return "sha256=" + HexFormat.of().formatHex(hmac.get().doFinal(body));
    }

    Answer webhook(Workload.Delivery delivery) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/github/webhook"))
                .header("Content-Type", "application/json")
                .header("X-GitHub-Event", delivery.event())
                .header("X-GitHub-Delivery", delivery.deliveryId())
                .header("X-Hub-Signature-256", signature(delivery.body()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body())).build());
    }

    /** {@code POST /api/v1/test-reports} with the report's source as query parameters. */
    Answer report(ReportSource source, byte[] jsonLines) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/test-reports?" + query(source)))
                .header("Content-Type", "application/x-ndjson")
                .header("Authorization", "Bearer " + GreenboardApp.TOKEN)
                .timeout(Duration.ofMinutes(10))
                .POST(HttpRequest.BodyPublishers.ofByteArray(jsonLines)).build());
    }

    static String query(ReportSource source) {
        StringJoiner query = new StringJoiner("&");
        add(query, "repo", source.repo());
        add(query, "sha", source.sha());
        add(query, "workflow_run_id", source.workflowRunId());
        add(query, "run_attempt", source.runAttempt());
        add(query, "job_id", source.jobId());
        add(query, "job_name", source.jobName());
        add(query, "workflow_name", source.workflowName());
        add(query, "branch", source.branch());
        for (Map.Entry<String, String> label : new java.util.TreeMap<>(source.labels()).entrySet()) {
            add(query, "label", label.getKey() + "=" + label.getValue());
        }
        return query.toString();
    }

    private static void add(StringJoiner query, String key, Object value) {
        if (value != null) {
            query.add(key + "=" + URLEncoder.encode(value.toString(), StandardCharsets.UTF_8));
        }
    }

    Answer documents(String collection, byte[] body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/collections/" + collection + "/documents"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + GreenboardApp.TOKEN)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    /** {@code POST /api/v1/rollups/run-all}: every rollup once, answered when all are done. */
    Answer runAll(boolean full) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/rollups/run-all?full=" + full))
                .header("Authorization", "Bearer " + GreenboardApp.TOKEN)
                .timeout(Duration.ofHours(1))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    /** The JSON body of a GraphQL POST (also what {@code hey -D} sends). */
    static byte[] graphqlBody(String query, Map<String, Object> variables) {
        ObjectNode body = JSON.createObjectNode();
        body.put("query", query);
        body.set("variables", JSON.valueToTree(variables));
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A GraphQL query; fails on a non-2xx answer or on GraphQL errors, returns {@code data}. */
    JsonNode graphql(String query, Map<String, Object> variables) throws IOException, InterruptedException {
        Answer answer = graphqlAnswer(query, variables).require("GraphQL");
        if (answer.body() == null || answer.body().has("errors")) {
            throw new IllegalStateException("GraphQL errors: " + answer.text());
        }
        return answer.body().path("data");
    }

    /** A GraphQL query's whole answer, errors included (a NOT_FOUND is an answer too). */
    Answer graphqlAnswer(String query, Map<String, Object> variables) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/graphql"))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + GreenboardApp.TOKEN)
                .POST(HttpRequest.BodyPublishers.ofByteArray(graphqlBody(query, variables))).build());
    }

    /** A JSON POST to any path (a GraphQL body, for instance). */
    Answer send(String path, byte[] jsonBody) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + GreenboardApp.TOKEN)
                .POST(HttpRequest.BodyPublishers.ofByteArray(jsonBody)).build());
    }

    Answer get(String pathAndQuery) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                .header("Authorization", "Bearer " + GreenboardApp.TOKEN).GET().build());
    }

    private Answer send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode body = null;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            // not JSON: keep the text
        }
        return new Answer(response.statusCode(), body, response.body());
    }
}
