package dev.greenboard.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The Markdown record of a run: printed as it goes and written to {@code <work>/results/<time>-<command>.md}. */
public final class ResultLog {

    private final Path dir;
    private final StringBuilder text = new StringBuilder();
    private String name = "run";

    ResultLog(Path dir) {
        this.dir = dir;
    }

    void header(String command, BenchContext context) {
        name = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString().replace(':', '-') + "-" + command;
        line("# Greenboard benchmark: `" + command + " " + context.scale().name() + "`");
        line("");
        line("- date: " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + ", commit " + gitCommit());
        line("- machine: " + Machine.describe());
        line("- load average at start (1/5/15 min): " + Machine.load());
        line("- scale: " + context.scale() + ", uploaders " + context.uploaders() + ", concurrency "
                + context.concurrency() + ", app JVM options " + context.appJvmOptions());
        line("");
    }

    synchronized void line(String line) {
        System.out.println(line);
        text.append(line).append('\n');
    }

    /** A section heading with the load average at that moment, which every number below it should be read with. */
    void section(String title) {
        line("");
        line("## " + title);
        line("");
        line("load average at start of this step: " + Machine.load());
        line("");
    }

    Path write() throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(name + ".md");
        Files.writeString(file, text.toString(), StandardCharsets.UTF_8);
        return file;
    }

    String text() {
        return text.toString();
    }

    private static String gitCommit() {
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").redirectErrorStream(true).start();
            String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return git.waitFor() == 0 ? out : "unknown";
        } catch (IOException | InterruptedException e) {
            return "unknown";
        }
    }
}
