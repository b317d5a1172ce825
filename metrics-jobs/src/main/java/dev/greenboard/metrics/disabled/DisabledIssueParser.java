package dev.greenboard.metrics.disabled;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads PyTorch-style disable issues (as pytorch/test-infra's disabled-tests updater does):
 * <ul>
 * <li>title {@code DISABLED <test> (<module>.<Class>)}, platforms from body lines {@code Platforms: linux, win};</li>
 * <li>title {@code DISABLED MULTIPLE ...}, one test per line of the first fenced block after a line
 * {@code disable the following tests:}, each {@code <test> (<module>.<Class>): <platform>, <platform>}.</li>
 * </ul>
 * Platforms are lower-cased, trimmed and kept once each, in the order given; none means every platform. Titles are
 * case-sensitive ({@code DISABLED}), like PyTorch's; any other {@code DISABLED ...} title (e.g. a job) disables no test.
 */
public final class DisabledIssueParser {

    /** One test an issue disables. */
    public record DisabledByIssue(DisabledTestKey test, List<String> platforms) {
    }

    private static final String PREFIX = "DISABLED";
    private static final String MULTIPLE = "DISABLED MULTIPLE";
    private static final String PLATFORMS = "platforms:";
    private static final String MULTIPLE_START = "disable the following tests:";

    private DisabledIssueParser() {
    }

    /** The tests an issue disables; empty when its title is not a test-disable title. */
    public static List<DisabledByIssue> parse(String title, String body) {
        if (title == null) {
            return List.of();
        }
        String trimmed = title.trim();
        if (trimmed.startsWith(MULTIPLE)) {
            return multiple(body);
        }
        if (!trimmed.startsWith(PREFIX)) {
            return List.of();
        }
        return DisabledTestKey.parse(trimmed.substring(PREFIX.length()))
                .map(test -> List.of(new DisabledByIssue(test, platformsFromBody(body))))
                .orElse(List.of());
    }

    /** The platforms of every {@code Platforms:} line of the body (ignoring case and leading blanks). */
    static List<String> platformsFromBody(String body) {
        Set<String> platforms = new LinkedHashSet<>();
        if (body != null) {
            for (String line : body.split("\\R")) {
                String lower = line.strip().toLowerCase(Locale.ROOT);
                if (lower.startsWith(PLATFORMS)) {
                    platforms.addAll(platformList(lower.substring(PLATFORMS.length())));
                }
            }
        }
        return List.copyOf(platforms);
    }

    private static List<DisabledByIssue> multiple(String body) {
        if (body == null) {
            return List.of();
        }
        List<String> lines = List.of(body.split("\\R"));
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).toLowerCase(Locale.ROOT).contains(MULTIPLE_START)) {
                start = i;
                break;
            }
        }
        if (start < 0) {
            return List.of();
        }
        List<DisabledByIssue> tests = new ArrayList<>();
        boolean inBlock = false;
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.strip().startsWith("```")) {
                if (inBlock) {
                    break;
                }
                inBlock = true;
                continue;
            }
            if (!inBlock) {
                continue;
            }
            int colon = line.indexOf(':');
            String testPart = colon < 0 ? line : line.substring(0, colon);
            String platformPart = colon < 0 ? "" : line.substring(colon + 1);
            DisabledTestKey.parse(testPart).ifPresent(test -> tests.add(new DisabledByIssue(test,
                    List.copyOf(new LinkedHashSet<>(platformList(platformPart.toLowerCase(Locale.ROOT)))))));
        }
        return tests;
    }

    private static List<String> platformList(String commaSeparated) {
        List<String> platforms = new ArrayList<>();
        for (String part : commaSeparated.split(",")) {
            String platform = part.strip();
            if (!platform.isEmpty()) {
                platforms.add(platform);
            }
        }
        return platforms;
    }
}
