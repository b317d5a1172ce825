package dev.greenboard.api.graphql;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Sends the same GraphQL query several times at once, each on a connection of its own, as separate clients would. */
public final class ConcurrentQueries {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ConcurrentQueries() {
    }

    /**
     * Sends {@code count} concurrent POSTs of {@code query} with {@code variables} to {@code graphql}; {@code token}
     * (may be null) goes as a bearer token. Each request gives up after {@code timeout}. The answers as they come.
     */
    public static List<CompletableFuture<JsonNode>> send(URI graphql, int count, String query,
            Map<String, Object> variables, String token, Duration timeout) throws IOException {
        byte[] body = JSON.writeValueAsBytes(Map.of("query", query, "variables", variables));
        List<CompletableFuture<JsonNode>> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            // A client each: one connection each, so the requests spread over the server's event loops.
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpRequest.Builder request = HttpRequest.newBuilder(graphql).timeout(timeout)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            sent.add(client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray())
                    .thenApply(response -> {
                        try {
                            return JSON.readTree(response.body());
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }));
        }
        return sent;
    }

    /** Waits until every request has an answer or has failed (timed out), without throwing. */
    public static void settle(List<CompletableFuture<JsonNode>> sent) {
        CompletableFuture.allOf(sent.stream().map(f -> f.exceptionally(e -> null)).toArray(CompletableFuture[]::new))
                .join();
    }

    /** The answers, once all have come; a request that failed fails this. */
    public static List<JsonNode> answers(List<CompletableFuture<JsonNode>> sent) {
        return sent.stream().map(CompletableFuture::join).toList();
    }
}
