package dev.greenboard.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The committed test corpus ({@code testdata/corpus}): real webhook payloads, JUnit files and PyTorch stats. */
public final class Corpus {

    private Corpus() {
    }

    public static Path root() {
        String projectRoot = System.getProperty("project.root");
        Path base = projectRoot != null ? Path.of(projectRoot) : Path.of("..");
        Path corpus = base.resolve("testdata/corpus");
        if (!Files.isDirectory(corpus)) {
            throw new IllegalStateException("Test corpus not found at " + corpus.toAbsolutePath());
        }
        return corpus;
    }

    public static Path path(String relative) {
        return root().resolve(relative);
    }

    public static byte[] bytes(String relative) {
        try {
            return Files.readAllBytes(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every file below {@code folder}, sorted, as paths relative to the corpus root. */
    public static List<String> files(String folder) {
        Path root = root();
        try (Stream<Path> walk = Files.walk(root.resolve(folder))) {
            return walk.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
