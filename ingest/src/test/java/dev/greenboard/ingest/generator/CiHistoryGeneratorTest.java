package dev.greenboard.ingest.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class CiHistoryGeneratorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HistorySettings SETTINGS = new HistorySettings("octo/gen", 7,
            Instant.parse("2026-11-20T00:00:00Z"), 20, Duration.ofHours(2), 12, true);

    private static List<GeneratedEvent> events(HistorySettings settings) {
        List<GeneratedEvent> events = new ArrayList<>();
        new CiHistoryGenerator(settings).generate(events::add);
        return events;
    }

    @Test
    void sameSettingsGiveTheSameHistory() throws Exception {
        assertEquals(fingerprint(events(SETTINGS)), fingerprint(events(SETTINGS)));
        HistorySettings otherSeed = new HistorySettings("octo/gen", 8, SETTINGS.end(), 20, Duration.ofHours(2), 12,
                true);
        assertTrue(!fingerprint(events(SETTINGS)).equals(fingerprint(events(otherSeed))));
    }

    @Test
    void everyCommitIsPushedAndEveryJobGoesThroughItsStates() throws Exception {
        List<GeneratedEvent> events = events(SETTINGS);
        Map<Long, List<String>> jobStates = new HashMap<>();
        int pushes = 0;
        int reverts = 0;
        for (GeneratedEvent event : events) {
            if (event instanceof GeneratedEvent.Webhook webhook) {
                JsonNode body = JSON.readTree(webhook.body());
                assertEquals("octo/gen", body.path("repository").path("full_name").asText());
                switch (webhook.event()) {
                    case "push" -> {
                        pushes++;
                        if (body.path("head_commit").path("message").asText().startsWith("Revert")) {
                            reverts++;
                        }
                    }
                    case "workflow_job" -> jobStates.computeIfAbsent(body.path("workflow_job").path("id").asLong(),
                            id -> new ArrayList<>()).add(body.path("workflow_job").path("status").asText());
                    case "workflow_run" -> assertTrue(body.path("workflow_run").has("run_attempt"));
                    default -> throw new AssertionError("unexpected event " + webhook.event());
                }
            }
        }
        assertEquals(20, pushes);
        assertEquals(1, reverts, "commit 15 is a revert");
        for (List<String> states : jobStates.values()) {
            assertEquals("queued", states.get(0));
            assertTrue(states.size() == 1 || states.get(1).equals("in_progress"));
            assertTrue(states.size() < 3 || states.get(2).equals("completed"));
        }
        assertTrue(jobStates.values().stream().anyMatch(s -> s.size() < 3), "the newest commit is still in CI");
    }

    @Test
    void plantedFailuresAndFlakesAreThere() throws Exception {
        List<GeneratedEvent.Report> reports = events(SETTINGS).stream()
                .filter(GeneratedEvent.Report.class::isInstance).map(GeneratedEvent.Report.class::cast).toList();
        int flakyReruns = 0;
        int windowsFailures = 0;
        int otherPlatformFailures = 0;
        int slow = 0;
        int cases = 0;
        for (GeneratedEvent.Report report : reports) {
            String platform = report.source().labels().get("platform");
            for (String line : new String(report.jsonLines(), StandardCharsets.UTF_8).split("\n")) {
                JsonNode test = JSON.readTree(line);
                cases++;
                String name = test.path("name").asText();
                String status = test.path("status").asText();
                if (name.equals("test_flaky_rerun") && status.equals("flaky")) {
                    flakyReruns++;
                }
                if (name.equals("test_windows_paths") && status.equals("failed")) {
                    if (platform.equals("windows")) {
                        windowsFailures++;
                    } else {
                        otherPlatformFailures++;
                    }
                }
                if (test.path("duration_s").asDouble() > 60) {
                    slow++;
                }
            }
            assertEquals(report.testCases(), new String(report.jsonLines(), StandardCharsets.UTF_8).split("\n").length);
        }
        assertTrue(flakyReruns > 0);
        assertTrue(windowsFailures > 0);
        assertEquals(0, otherPlatformFailures);
        assertTrue(slow > 0);
        assertTrue(cases > 1000);
    }

    private static String fingerprint(List<GeneratedEvent> events) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        for (GeneratedEvent event : events) {
            if (event instanceof GeneratedEvent.Webhook webhook) {
                digest.update(webhook.deliveryId().getBytes(StandardCharsets.UTF_8));
                digest.update(webhook.body());
            } else if (event instanceof GeneratedEvent.Report report) {
                digest.update(report.source().toString().getBytes(StandardCharsets.UTF_8));
                digest.update(report.jsonLines());
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
