package dev.greenboard.api.namedquery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A user named query that takes as long as asked ({@code {"seconds": 0.5}}): the stand-in for an expensive query over
 * a large history. Written into the catalog's user directory, under a name of its own, and removed when closed.
 */
public final class SleepingQuery implements AutoCloseable {

    /** What its SQL contains, to find it among PostgreSQL's running statements. */
    public static final String MARK = "from pg_sleep(";

    private final String name;
    private final Path dir;

    public SleepingQuery(NamedQueryCatalog catalog) {
        this.name = "sleep_" + UUID.randomUUID().toString().substring(0, 8);
        this.dir = catalog.userDirectory().resolve(name);
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("params.json"), """
                    {
                      "description": "Sleeps, then answers one row",
                      "timeout": "60s",
                      "params": [{"name": "seconds", "type": "float", "description": "How long to sleep"}]
                    }""");
            Files.writeString(dir.resolve("query.sql"), "select 'slept' as done " + MARK + ":seconds)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String name() {
        return name;
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
