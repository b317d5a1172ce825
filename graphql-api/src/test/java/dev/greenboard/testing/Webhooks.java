package dev.greenboard.testing;

import static io.restassured.RestAssured.given;

import java.util.UUID;

import io.restassured.response.ValidatableResponse;

import dev.greenboard.ingest.github.WebhookSignature;

/** Sends webhook deliveries the way GitHub does: exact body bytes, signed with the test secret. */
public final class Webhooks {

    public static final String SECRET = "test-webhook-secret";

    private Webhooks() {
    }

    public static ValidatableResponse deliver(String event, byte[] body) {
        return deliver(event, UUID.randomUUID().toString(), body);
    }

    public static ValidatableResponse deliver(String event, String deliveryId, byte[] body) {
        return given().header("X-GitHub-Event", event)
                .header("X-GitHub-Delivery", deliveryId)
                .header("X-Hub-Signature-256", WebhookSignature.sign(SECRET, body))
                .contentType("application/json")
                .body(body)
                .post("/api/v1/github/webhook")
                .then();
    }
}
