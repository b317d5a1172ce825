package dev.greenboard.testkit;

import static io.restassured.RestAssured.given;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.restassured.response.ValidatableResponse;

/**
 * Sends webhook deliveries the way GitHub does: exact body bytes, signed with the test secret. The signature is
 * computed here, as GitHub would, not with the receiver's own code under test.
 */
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
                .header("X-Hub-Signature-256", sign(SECRET, body))
                .contentType("application/json")
                .body(body)
                .post("/api/v1/github/webhook")
                .then();
    }

    /** {@code sha256=<hex HMAC-SHA256 of body>}, the value of {@code X-Hub-Signature-256}. */
    public static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
