package dev.greenboard.metrics.logs;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * GitHub's job logs as the REST API serves them: {@code GET /repos/{o}/{r}/actions/jobs/{id}/logs} answers 302 with a
 * signed download URL on another host (here {@code 127.0.0.1} where the API is {@code localhost}), which answers the
 * plain text. Tests register each job's answer with {@link #log} or {@link #status}; a job
 * without one gets WireMock's 404, as an expired log does.
 */
public class GitHubLogsStandIn implements QuarkusTestResourceLifecycleManager {

    static final String TOKEN = "log-classification-test-token";

    static volatile WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().dynamicPort());
        server.start();
        return Map.of("greenboard.github.token", TOKEN,
                "greenboard.github.api-url", "http://localhost:" + server.port(),
                "greenboard.github.heal-interval", "0s",
                // Other test classes leave failed jobs in the shared database; they must not crowd these out.
                "greenboard.log-classification.max-jobs-per-run", "10000",
                "greenboard.log-classification.rules.\"oom-killer\".pattern", "Killed process (\\d+)",
                "greenboard.log-classification.rules.\"oom-killer\".priority", "97");
    }

    static String logsPath(String repo, long jobId) {
        return "/repos/" + repo + "/actions/jobs/" + jobId + "/logs";
    }

    static String downloadPath(long jobId) {
        return "/download/job-" + jobId + ".txt";
    }

    /** The job's log: a 302 from the API, then the text from the download host. */
    static void log(String repo, long jobId, String text) {
        server.stubFor(get(urlPathEqualTo(logsPath(repo, jobId))).willReturn(aResponse().withStatus(302)
                .withHeader("Location", "http://127.0.0.1:" + server.port() + downloadPath(jobId)
                        + "?sig=signed-by-github")));
        server.stubFor(get(urlPathEqualTo(downloadPath(jobId))).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/plain").withBody(text)));
    }

    /** The API's own answer for the job's log: 404, 410, 500 ... */
    static void status(String repo, long jobId, int status) {
        server.stubFor(get(urlPathEqualTo(logsPath(repo, jobId))).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"message\":\"answer " + status + "\"}")));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
