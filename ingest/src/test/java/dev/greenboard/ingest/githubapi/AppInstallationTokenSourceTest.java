package dev.greenboard.ingest.githubapi;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import dev.greenboard.ingest.githubapi.GitHubApiException.Kind;

class AppInstallationTokenSourceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RepoRef REPO = RepoRef.parse("acme/app");
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static KeyPair keys;
    private static GitHubApiServer github;

    @BeforeAll
    static void setUp() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keys = generator.generateKeyPair();
        github = GitHubApiServer.start();
    }

    @AfterAll
    static void tearDown() {
        github.stop();
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    /** The RSAPrivateKey inside a PKCS#8 PrivateKeyInfo: the content of its OCTET STRING. */
    private static byte[] pkcs1Of(byte[] pkcs8) {
        int[] at = {0};
        expect(pkcs8, at, 0x30);
        readLength(pkcs8, at);
        expect(pkcs8, at, 0x02);
        int version = readLength(pkcs8, at);
        at[0] += version;
        expect(pkcs8, at, 0x30);
        int algorithm = readLength(pkcs8, at);
        at[0] += algorithm;
        expect(pkcs8, at, 0x04);
        int length = readLength(pkcs8, at);
        return Arrays.copyOfRange(pkcs8, at[0], at[0] + length);
    }

    private static void expect(byte[] der, int[] at, int tag) {
        assertEquals(tag, der[at[0]++] & 0xff);
    }

    private static int readLength(byte[] der, int[] at) {
        int first = der[at[0]++] & 0xff;
        if (first < 0x80) {
            return first;
        }
        int length = 0;
        for (int i = 0; i < (first & 0x7f); i++) {
            length = (length << 8) | (der[at[0]++] & 0xff);
        }
        return length;
    }

    @Test
    void readsPkcs1AsGitHubHandsItOutAndPkcs8() {
        byte[] pkcs8 = keys.getPrivate().getEncoded();

        assertArrayEquals(pkcs8, AppInstallationTokenSource.readPrivateKey(pem("PRIVATE KEY", pkcs8)).getEncoded());
        assertArrayEquals(pkcs8, AppInstallationTokenSource.readPrivateKey(pem("RSA PRIVATE KEY", pkcs1Of(pkcs8)))
                .getEncoded());
        String oneLine = pem("RSA PRIVATE KEY", pkcs1Of(pkcs8)).replace("\n", "\\n");
        assertArrayEquals(pkcs8, AppInstallationTokenSource.readPrivateKey(oneLine).getEncoded());
    }

    @Test
    void buysAnInstallationTokenWithASignedJwtAndBuysAgainBeforeItExpires() throws Exception {
        github.reset();
        String path = "/app/installations/42/access_tokens";
        github.server().stubFor(post(urlPathEqualTo(path)).inScenario("tokens").whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("second").willReturn(token("ghs_first", NOW.plus(Duration.ofHours(1)))));
        github.server().stubFor(post(urlPathEqualTo(path)).inScenario("tokens").whenScenarioStateIs("second")
                .willSetStateTo("third").willReturn(token("ghs_second", NOW.plus(Duration.ofHours(2)))));
        github.server().stubFor(post(urlPathEqualTo(path)).inScenario("tokens").whenScenarioStateIs("third")
                .willReturn(token("ghs_third", NOW.plus(Duration.ofHours(3)))));
        github.object(REPO.path() + "/actions/runs/5", GitHubApiServer.FIXTURES.run().id(5).build());
        GitHubApiConfig config = GitHubApiTestConfig.of(Map.of("greenboard.github.api-url", github.apiUrl(),
                "greenboard.github.app.id", "7", "greenboard.github.app.installation-id", "42",
                "greenboard.github.app.private-key", pem("RSA PRIVATE KEY", pkcs1Of(keys.getPrivate().getEncoded()))));
        FakeTime time = new FakeTime(NOW);
        TokenSource tokens = TokenSource.fromConfig(config, time, time);
        GitHubApiClient client = new GitHubApiClient(new GitHubApiTransport(config, tokens, EtagStore.none(), time,
                time));

        client.workflowRun(REPO, 5);
        time.advance(Duration.ofMinutes(54));
        client.workflowRun(REPO, 5);
        time.advance(Duration.ofMinutes(2));
        client.workflowRun(REPO, 5);
        github.answerFirst(github.path(REPO.path() + "/actions/runs/5"), GitHubApiServer.error(401, "Bad credentials"));
        GitHubApiException e = assertThrows(GitHubApiException.class, () -> client.workflowRun(REPO, 5));
        client.workflowRun(REPO, 5);

        assertEquals(Kind.UNAUTHORIZED, e.kind());
        List<String> bearers = github.server()
                .findAll(getRequestedFor(urlPathEqualTo("/repos/acme/app/actions/runs/5")))
                .stream().map(request -> request.getHeader("Authorization")).toList();
        assertEquals(List.of("Bearer ghs_first", "Bearer ghs_first", "Bearer ghs_second", "Bearer ghs_second",
                "Bearer ghs_third"), bearers);
        github.server().verify(3, postRequestedFor(urlPathEqualTo(path)));
        String jwt = github.server().findAll(postRequestedFor(urlPathEqualTo(path))).get(0).getHeader("Authorization")
                .substring("Bearer ".length());
        String[] parts = jwt.split("\\.");
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(keys.getPublic());
        verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertTrue(verifier.verify(Base64.getUrlDecoder().decode(parts[2])), "the JWT is signed with the App's key");
        JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        assertEquals("RS256", header.path("alg").asText());
        assertEquals("7", claims.path("iss").asText());
        assertEquals(NOW.minusSeconds(60).getEpochSecond(), claims.path("iat").asLong());
        assertEquals(NOW.plus(Duration.ofMinutes(9)).getEpochSecond(), claims.path("exp").asLong());
        assertEquals("AppInstallationTokenSource[app=7, installation=42]", tokens.toString());
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder token(String token,
            Instant expiresAt) {
        return aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("{\"token\":\"" + token + "\",\"expires_at\":\"" + expiresAt
                        + "\",\"permissions\":{\"actions\":\"read\"}}");
    }

    @Test
    void theJwtGoesOnlyToTheTokenEndpoint() {
        github.reset();
        github.server().stubFor(post(urlPathEqualTo("/app/installations/42/access_tokens"))
                .willReturn(token("ghs_only", NOW.plus(Duration.ofHours(1)))));
        github.object(REPO.path(), GitHubApiServer.FIXTURES.repository(REPO.fullName(), 1, "main"));
        GitHubApiConfig config = GitHubApiTestConfig.of(Map.of("greenboard.github.api-url", github.apiUrl(),
                "greenboard.github.app.id", "7", "greenboard.github.app.installation-id", "42",
                "greenboard.github.app.private-key", pem("PRIVATE KEY", keys.getPrivate().getEncoded())));
        FakeTime time = new FakeTime(NOW);
        GitHubApiClient client = new GitHubApiClient(new GitHubApiTransport(config,
                TokenSource.fromConfig(config, time, time), EtagStore.none(), time, time));

        client.repository(REPO);

        github.server().verify(getRequestedFor(urlPathEqualTo("/repos/acme/app"))
                .withHeader("Authorization", equalTo("Bearer ghs_only")));
    }
}
