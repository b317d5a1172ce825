package dev.greenboard.ingest.githubapi;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.greenboard.ingest.githubapi.GitHubApiException.Kind;

/**
 * {@code GET /repos/{o}/{r}/actions/jobs/{id}/logs} as GitHub answers it: a 302 to a signed URL on another host
 * (here {@code 127.0.0.1}, where the API is {@code localhost}), whose plain text is streamed; and the failures the
 * log classification tells apart, each failing at once instead of waiting.
 */
class JobLogDownloadTest {

    private static final RepoRef REPO = RepoRef.parse("acme/app");
    private static final String LOGS = "/repos/acme/app/actions/jobs/42/logs";
    private static final String LOG = "2026-12-01T12:00:00.0000000Z ##[group]Run pytest\n"
            + "2026-12-01T12:00:09.0000000Z FAILED test_a.py::test_b - AssertionError\n";
    private static GitHubApiServer github;

    private final FakeTime time = new FakeTime(Instant.parse("2026-12-01T12:00:00Z"));

    @BeforeAll
    static void startServer() {
        github = GitHubApiServer.start();
    }

    @AfterAll
    static void stopServer() {
        github.stop();
    }

    @AfterEach
    void resetServer() {
        github.reset();
    }

    @Test
    void followsTheRedirectToTheDownloadHostWithoutTheToken() throws IOException {
        redirectTo("/blobs/job-42.txt", aResponse().withStatus(200).withBody(LOG));

        assertEquals(LOG, read(github.client(time).jobLog(REPO, 42)));
        github.server().verify(1, getRequestedFor(urlPathEqualTo(LOGS))
                .withHeader("Authorization", equalTo("Bearer " + GitHubApiServer.TOKEN)));
        github.server().verify(1, getRequestedFor(urlPathEqualTo("/blobs/job-42.txt"))
                .withHeader("Host", equalTo("127.0.0.1:" + github.server().port()))
                .withQueryParam("sig", equalTo("signed")).withHeader("Authorization", absent()));
    }

    @Test
    void aGzippedDownloadIsReadAsText() throws IOException {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
            gzip.write(LOG.getBytes(StandardCharsets.UTF_8));
        }
        redirectTo("/blobs/job-42.txt", aResponse().withStatus(200).withHeader("Content-Encoding", "gzip")
                .withBody(zipped.toByteArray()));
        assertEquals(LOG, read(github.client(time).jobLog(REPO, 42)));
    }

    @ParameterizedTest
    @ValueSource(ints = {404, 410})
    void anExpiredLogIsNotFound(int status) {
        github.server().stubFor(get(urlPathEqualTo(LOGS)).willReturn(GitHubApiServer.error(status, "Not Found")));
        GitHubApiException e = assertThrows(GitHubApiException.class, () -> github.client(time).jobLog(REPO, 42));
        assertEquals(Kind.NOT_FOUND, e.kind());
        assertEquals(status, e.status());
    }

    @Test
    void aDownloadHostThatLostTheFileIsNotFoundToo() {
        redirectTo("/blobs/job-42.txt", aResponse().withStatus(404));
        GitHubApiException e = assertThrows(GitHubApiException.class, () -> github.client(time).jobLog(REPO, 42));
        assertEquals(Kind.NOT_FOUND, e.kind());
        assertEquals("GitHub API GET " + LOGS + " answered 404 (not_found)", e.getMessage(),
                "the signed download URL is not in the message");
    }

    @Test
    void aServerErrorFailsAtOnceWithoutRetries() {
        github.server().stubFor(get(urlPathEqualTo(LOGS)).willReturn(GitHubApiServer.error(502, "Bad gateway")));
        GitHubApiException e = assertThrows(GitHubApiException.class, () -> github.client(time).jobLog(REPO, 42));
        assertEquals(Kind.SERVER_ERROR, e.kind());
        github.server().verify(1, getRequestedFor(urlPathEqualTo(LOGS)));
        assertEquals(List.of(), time.sleeps());
    }

    @Test
    void anExhaustedRateLimitFailsWithoutWaitingAndStopsAsking() {
        Instant reset = time.instant().plus(Duration.ofMinutes(40));
        github.server().stubFor(get(urlPathEqualTo(LOGS))
                .willReturn(GitHubApiServer.primaryLimitExhausted(reset, 403)));
        GitHubApiClient client = github.client(time);
        assertEquals(Kind.RATE_LIMITED,
                assertThrows(GitHubApiException.class, () -> client.jobLog(REPO, 42)).kind());
        assertEquals(Kind.RATE_LIMITED,
                assertThrows(GitHubApiException.class, () -> client.jobLog(REPO, 43)).kind());
        assertEquals(List.of(), time.sleeps());
        github.server().verify(1, getRequestedFor(urlPathEqualTo(LOGS)));
        github.server().verify(0, getRequestedFor(urlPathEqualTo("/repos/acme/app/actions/jobs/43/logs")));
    }

    /** Redirects that leave the API origin are followed once, over http(s), to a named host; the others refused. */
    @ParameterizedTest
    @ValueSource(strings = {"file:///etc/passwd", "ftp://127.0.0.1/log.txt", "http://[broken", "SECOND_HOP"})
    void aRedirectThatIsNoPlainDownloadIsRefused(String target) {
        String first = "http://127.0.0.1:" + github.server().port() + "/blobs/hop?sig=signed";
        github.server().stubFor(get(urlPathEqualTo(LOGS)).willReturn(aResponse().withStatus(302)
                .withHeader("Location", target.equals("SECOND_HOP") ? first : target)));
        github.server().stubFor(get(urlPathEqualTo("/blobs/hop")).willReturn(aResponse().withStatus(302)
                .withHeader("Location", "http://127.0.0.1:" + github.server().port() + "/blobs/elsewhere")));
        GitHubApiException e = assertThrows(GitHubApiException.class, () -> github.client(time).jobLog(REPO, 42));
        assertEquals(Kind.PROTOCOL, e.kind(), e.getMessage());
        github.server().verify(0, getRequestedFor(urlPathEqualTo("/blobs/elsewhere")));
        assertFalse(e.getMessage().contains("sig=signed"), "the signature stays out of messages: " + e.getMessage());
    }

    /**
     * Where a download redirect may lead when the API is not on this machine (literal addresses: no DNS here). A
     * cloud's metadata service (link-local) and this machine are refused; a public download host is not.
     */
    @ParameterizedTest
    @CsvSource({
            "https://192.0.2.10/blobs/job-42.txt?sig=s, 0, ",
            "https://169.254.169.254/latest/meta-data/, 0, it is this machine or a link-local address",
            "https://127.0.0.1:8443/admin, 0, it is this machine or a link-local address",
            "https://[::1]/admin, 0, it is this machine or a link-local address",
            "http://192.0.2.10/blobs/job-42.txt, 0, downloads go over https",
            "https://192.0.2.11/blobs/job-42.txt, 1, a second redirect away from the API origin"})
    void aDownloadRedirectOffAPublicApiGoesOnlyToAPublicHttpsHost(String location, int previousHops, String refusal) {
        String refused = GitHubApiTransport.refusedDownload(URI.create("https://192.0.2.1/api/v3"),
                URI.create(location), previousHops);
        if (refusal == null) {
            assertEquals(null, refused);
        } else {
            assertTrue(refused != null && refused.contains(refusal), location + ": " + refused);
            assertFalse(refused.contains("sig="), "the signature stays out of messages");
        }
    }

    private static void redirectTo(String path,
            com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder download) {
        github.server().stubFor(get(urlPathEqualTo(LOGS)).willReturn(aResponse().withStatus(302)
                .withHeader("Location", "http://127.0.0.1:" + github.server().port() + path + "?sig=signed")));
        github.server().stubFor(get(urlPathEqualTo(path)).willReturn(download));
    }

    private static String read(InputStream in) throws IOException {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
