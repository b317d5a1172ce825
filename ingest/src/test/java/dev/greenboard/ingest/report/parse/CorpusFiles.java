package dev.greenboard.ingest.report.parse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds the shared test corpus: the repository's own copy under {@code testdata/corpus} when it has one, else the
 * {@code shared/corpus} folder that sits beside the repository (as on CI), else the workplace's shared folder.
 */
final class CorpusFiles {

    private static final Path WORKPLACE_CORPUS = Path.of("/work/shared/corpus");

    private CorpusFiles() {
    }

    static Path root() {
        String repoRoot = System.getProperty("greenboard.repo.root");
        if (repoRoot != null && !repoRoot.isBlank()) {
            Path repository = Path.of(repoRoot);
            for (Path candidate : List.of(repository.resolve("testdata/corpus"),
                    repository.resolveSibling("shared").resolve("corpus"))) {
                if (Files.isDirectory(candidate.resolve("junit"))) {
                    return candidate;
                }
            }
        }
        if (Files.isDirectory(WORKPLACE_CORPUS.resolve("junit"))) {
            return WORKPLACE_CORPUS;
        }
        throw new IllegalStateException("No test corpus found: looked under greenboard.repo.root[" + repoRoot
                + "] for testdata/corpus and ../shared/corpus, and at " + WORKPLACE_CORPUS);
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
