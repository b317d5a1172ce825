package dev.greenboard.ingest.githubapi;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Optional;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import dev.greenboard.ingest.githubapi.GitHubApiException.Kind;

/**
 * Installation tokens of a GitHub App: a JWT signed with the App's private key buys a token for one installation
 * ({@code POST /app/installations/{id}/access_tokens}), valid for an hour; it is bought again five minutes before it
 * expires, or at once after a 401.
 */
public final class AppInstallationTokenSource implements TokenSource {

    private static final Logger LOG = Logger.getLogger(AppInstallationTokenSource.class);
    /** Buy the next token this long before the current one expires, so no request carries an expiring token. */
    static final Duration REFRESH_BEFORE_EXPIRY = Duration.ofMinutes(5);
    /** GitHub refuses JWTs valid for more than 10 minutes; its clock may also run behind ours. */
    private static final Duration JWT_BACKDATE = Duration.ofSeconds(60);
    private static final Duration JWT_LIFETIME = Duration.ofMinutes(9);
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    /** DER of AlgorithmIdentifier{rsaEncryption, NULL}, to wrap a PKCS#1 key (what GitHub hands out) as PKCS#8. */
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
            (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};

    private final long appId;
    private final long installationId;
    private final PrivateKey privateKey;
    private final GitHubApiTransport appTransport;
    private final Clock clock;
    private String token;
    private Instant expiresAt;

    /**
     * @param appTransport sends the token request; its own token source is not used for it (the JWT is)
     */
    public AppInstallationTokenSource(long appId, long installationId, PrivateKey privateKey,
            GitHubApiTransport appTransport, Clock clock) {
        this.appId = appId;
        this.installationId = installationId;
        this.privateKey = privateKey;
        this.appTransport = appTransport;
        this.clock = clock;
    }

    @Override
    public synchronized Optional<String> token() {
        Instant now = clock.instant();
        if (token == null || !now.isBefore(expiresAt.minus(REFRESH_BEFORE_EXPIRY))) {
            refresh(now);
        }
        return Optional.of(token);
    }

    @Override
    public synchronized void invalidate() {
        token = null;
        expiresAt = null;
    }

    private void refresh(Instant now) {
        JsonNode answer = appTransport.postWithBearer(
                appTransport.uri("/app/installations/" + installationId + "/access_tokens"), jwt(now)).body();
        String newToken = answer.path("token").asText(null);
        Instant expiry = null;
        try {
            expiry = OffsetDateTime.parse(answer.path("expires_at").asText("")).toInstant();
        } catch (DateTimeParseException e) {
            // handled below
        }
        if (newToken == null || newToken.isBlank() || expiry == null) {
            throw new GitHubApiException(Kind.PROTOCOL, 201, "POST",
                    "/app/installations/" + installationId + "/access_tokens",
                    "the answer has no token or no expires_at", null, null);
        }
        token = newToken;
        expiresAt = expiry;
        LOG.infof("GitHub App [%d] has a new token for installation [%d], valid until [%s]", appId, installationId,
                expiry);
    }

    /** The App's JSON Web Token (RS256), valid from a minute ago for nine minutes. */
    String jwt(Instant now) {
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        String payload = "{\"iat\":" + now.minus(JWT_BACKDATE).getEpochSecond() + ",\"exp\":"
                + now.plus(JWT_LIFETIME).getEpochSecond() + ",\"iss\":\"" + appId + "\"}";
        String signingInput = BASE64URL.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + BASE64URL.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(privateKey);
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + BASE64URL.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot sign the GitHub App's JWT with its private key", e);
        }
    }

    /**
     * Reads an RSA private key from PEM: {@code BEGIN RSA PRIVATE KEY} (PKCS#1, as GitHub hands it out) or
     * {@code BEGIN PRIVATE KEY} (PKCS#8). Literal {@code \n} sequences count as line breaks, for keys passed through
     * one-line environment variables.
     */
    public static PrivateKey readPrivateKey(String pem) {
        String text = pem.replace("\\n", "\n");
        boolean pkcs1 = text.contains("BEGIN RSA PRIVATE KEY");
        if (!pkcs1 && !text.contains("BEGIN PRIVATE KEY")) {
            throw new IllegalArgumentException(
                    "The GitHub App private key must be PEM text (BEGIN RSA PRIVATE KEY or BEGIN PRIVATE KEY)");
        }
        String base64 = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            byte[] der = Base64.getDecoder().decode(base64);
            byte[] pkcs8 = pkcs1 ? wrapPkcs1(der) : der;
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            // The key's text never goes into the message.
            throw new IllegalArgumentException("The GitHub App private key cannot be read as an RSA key", e);
        }
    }

    /** PrivateKeyInfo{version 0, rsaEncryption, OCTET STRING{pkcs1}}. */
    private static byte[] wrapPkcs1(byte[] pkcs1) {
        ByteArrayOutputStream inner = new ByteArrayOutputStream();
        inner.writeBytes(new byte[]{0x02, 0x01, 0x00});
        inner.writeBytes(RSA_ALGORITHM);
        inner.write(0x04);
        writeLength(inner, pkcs1.length);
        inner.writeBytes(pkcs1);
        ByteArrayOutputStream outer = new ByteArrayOutputStream();
        outer.write(0x30);
        writeLength(outer, inner.size());
        outer.writeBytes(inner.toByteArray());
        return outer.toByteArray();
    }

    private static void writeLength(ByteArrayOutputStream out, int length) {
        if (length < 0x80) {
            out.write(length);
            return;
        }
        int bytes = length > 0xffffff ? 4 : length > 0xffff ? 3 : length > 0xff ? 2 : 1;
        out.write(0x80 | bytes);
        for (int i = bytes - 1; i >= 0; i--) {
            out.write((length >>> (8 * i)) & 0xff);
        }
    }

    @Override
    public String toString() {
        return "AppInstallationTokenSource[app=" + appId + ", installation=" + installationId + "]";
    }
}
