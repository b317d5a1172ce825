package dev.greenboard.ingest.githubapi;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.greenboard.ingest.githubapi.GitHubApiException.Kind;

/** The token appears in no log line (debug included), exception message or {@code toString()}. */
class TokenSecrecyTest {

    private static final String TOKEN = GitHubApiServer.TOKEN;
    private static final RepoRef REPO = RepoRef.parse("acme/app");

    private final List<String> logged = new ArrayList<>();
    private final Handler capture = new Handler() {

        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            String message = record instanceof ExtLogRecord ext
                    ? ext.getFormattedMessage()
                    : formatter.formatMessage(record);
            StringBuilder text = new StringBuilder(record.getLevel() + " " + record.getLoggerName() + " " + message);
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                text.append('\n').append(trace);
            }
            synchronized (logged) {
                logged.add(text.toString());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    /** Held here: JUL keeps loggers weakly, and a collected logger would forget its level. */
    private final Logger packageLogger = Logger.getLogger("dev.greenboard.ingest.githubapi");
    private Level previousLevel;
    private GitHubApiServer github;

    @BeforeEach
    void captureLogs() {
        previousLevel = packageLogger.getLevel();
        packageLogger.setLevel(Level.ALL);
        capture.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(capture);
        github = GitHubApiServer.start();
    }

    @AfterEach
    void stopCapturing() {
        Logger.getLogger("").removeHandler(capture);
        packageLogger.setLevel(previousLevel);
        github.stop();
    }

    @Test
    void theTokenAppearsInNoLogLineExceptionOrDescription() {
        FakeTime time = new FakeTime(Instant.parse("2026-12-01T12:00:00Z"));
        GitHubApiFixtures.History history = GitHubApiServer.FIXTURES.history(REPO.fullName()).commits(120).build();
        github.pagedList(REPO.path() + "/commits", Map.of(), history.commits(), GitHubApiServer.PageBody.ARRAY);
        github.answerFirst(github.path(REPO.path() + "/commits"),
                GitHubApiServer.primaryLimitExhausted(time.instant().plusSeconds(90), 403),
                GitHubApiServer.secondaryLimit(403), GitHubApiServer.error(502, "Bad Gateway"));
        github.answerFirst(github.path(REPO.path() + "/actions/jobs/1"), GitHubApiServer.error(401, "Bad credentials"));
        github.answerFirst(github.path(REPO.path() + "/actions/jobs/2"), GitHubApiServer.error(404, "Not Found"));
        // A proxy that echoes the request's headers into its error page.
        github.answerFirst(github.path(REPO.path() + "/actions/jobs/3"),
                aResponse().withStatus(400).withBody("<html>Bad request; Authorization: Bearer " + TOKEN + "</html>"));
        GitHubApiClient client = github.client(time);
        List<String> texts = new ArrayList<>();

        client.commits(REPO, "main", null).allItems();
        for (long job = 1; job <= 3; job++) {
            long id = job;
            texts.add(assertThrows(GitHubApiException.class, () -> client.job(REPO, id)).getMessage());
        }
        GitHubApiConfig closed = GitHubApiTestConfig.forServer("http://127.0.0.1:9", TOKEN);
        GitHubApiClient unreachable = new GitHubApiClient(new GitHubApiTransport(closed, TokenSource.of(TOKEN),
                new InMemoryEtagStore(1024), time, time));
        GitHubApiException transport = assertThrows(GitHubApiException.class, () -> unreachable.job(REPO, 1));
        texts.add(transport.getMessage());
        texts.add(String.valueOf(transport.getCause()));
        texts.add(client.toString());
        texts.add(client.transport().toString());
        texts.add(TokenSource.of(TOKEN).toString());
        texts.add(TokenSource.fromConfig(closed, time, time).toString());

        github.server().verify(getRequestedFor(urlPathMatching("/repos/acme/app/.*"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
        assertTrue(texts.get(2).contains("Authorization: Bearer ***"), texts.get(2));
        assertTrue(transport.kind() == Kind.TRANSPORT);
        List<String> lines;
        synchronized (logged) {
            lines = List.copyOf(logged);
        }
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("DEBUG") || line.startsWith("FINE")),
                "debug lines were captured: " + lines);
        assertTrue(lines.stream().anyMatch(line -> line.contains("rate limit")), "waits were logged: " + lines);
        assertTrue(lines.stream().anyMatch(line -> line.contains("retry")), "retries were logged: " + lines);
        for (String line : lines) {
            assertFalse(line.contains(TOKEN), "log line holds the token: " + line);
        }
        for (String text : texts) {
            assertFalse(text.contains(TOKEN), "text holds the token: " + text);
        }
        assertTrue(time.sleeps().containsAll(List.of(Duration.ofSeconds(91), Duration.ofMinutes(1))));
    }
}
