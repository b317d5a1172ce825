package dev.greenboard.ingest.report.parse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import dev.greenboard.testkit.Corpus;

/** The JUnit files of the committed test corpus ({@link Corpus}), as the parser tests walk them. */
final class CorpusFiles {

    private CorpusFiles() {
    }

    static Path root() {
        return Corpus.root();
    }

    static Path junitDirectory() {
        return root().resolve("junit");
    }

    static Path junit(String relativePath) {
        return junitDirectory().resolve(relativePath);
    }

    /** Every file under {@code junit/}, as a '/'-separated path relative to it, sorted. */
    static List<String> junitFiles() {
        Path directory = junitDirectory();
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile)
                    .map(file -> directory.relativize(file).toString().replace('\\', '/'))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
