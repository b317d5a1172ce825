package dev.greenboard.api.namedquery;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.runtime.Startup;

import dev.greenboard.api.graphql.ApiException;
import dev.greenboard.api.namedquery.NamedQueryDefinition.Source;
import dev.greenboard.api.namedquery.NamedQueryLoader.InvalidNamedQuery;
import dev.greenboard.model.config.GreenboardConfig;

/**
 * Every named query there is: the ones shipped in the jar (resources {@code named-queries/<name>/}), loaded once at
 * start so that a broken one stops the start, and the ones in the user directory, re-read whenever a file in it
 * changes, so that users add and edit queries without a rebuild or a restart. A user query overrides a shipped one
 * of the same name.
 */
@Startup
@ApplicationScoped
public class NamedQueryCatalog {

    private static final Logger LOG = Logger.getLogger(NamedQueryCatalog.class);
    static final String SHIPPED_ROOT = "named-queries";
    /** The user directory's name inside the data directory, when greenboard.named-queries.dir is not set. */
    static final String DEFAULT_USER_DIRECTORY = "named-queries";

    /** Size and modification time of one file; null fields when the file is missing. */
    private record FileStamp(FileTime modified, long size) {
    }

    /** What one query directory looked like when it was read. */
    private record DirectoryStamp(String name, FileStamp query, FileStamp params) {
    }

    /** One query directory as last read: the query, or why it is not valid. */
    private record UserQuery(DirectoryStamp stamp, NamedQueryDefinition query, String problem) {
    }

    /** The user directory as last read, one entry per query directory, by name. */
    private record UserQueries(List<DirectoryStamp> stamps, Map<String, UserQuery> entries) {
    }

    private final Map<String, NamedQueryDefinition> shipped;
    private final Path userDirectory;
    private UserQueries user = new UserQueries(List.of(), Map.of());

    public NamedQueryCatalog(NamedQueryConfig config, GreenboardConfig greenboard) {
        this.userDirectory = config.dir().map(Path::of)
                .orElse(Path.of(greenboard.dataDir()).resolve(DEFAULT_USER_DIRECTORY))
                .toAbsolutePath();
        this.shipped = loadShipped();
        LOG.infof("Named queries: [%d] shipped, user queries read from [%s]", shipped.size(), userDirectory);
    }

    public Path userDirectory() {
        return userDirectory;
    }

    /** Every runnable named query, by name. */
    public synchronized List<NamedQueryDefinition> all() {
        Map<String, NamedQueryDefinition> merged = new TreeMap<>(shipped);
        for (UserQuery entry : userQueries().entries().values()) {
            // An invalid user query hides a shipped one of its name too: its author meant to replace it.
            if (entry.query() == null) {
                merged.remove(entry.stamp().name());
            } else {
                merged.put(entry.stamp().name(), entry.query());
            }
        }
        return List.copyOf(merged.values());
    }

    /**
     * The named query {@code name}.
     *
     * @throws ApiException.NotFound when there is none
     * @throws ApiException.BadInput when the user directory has one but its files are not valid
     */
    public synchronized NamedQueryDefinition require(String name) {
        UserQuery entry = userQueries().entries().get(name);
        if (entry != null && entry.query() == null) {
            throw ApiException.badInput("Named query '" + name + "' in the user directory is not valid: "
                    + entry.problem());
        }
        NamedQueryDefinition query = entry != null ? entry.query() : shipped.get(name);
        if (query == null) {
            throw ApiException.notFound("No named query '" + name + "'; namedQueries (GraphQL) and GET"
                    + " /api/v1/queries list the ones there are");
        }
        return query;
    }

    private UserQueries userQueries() {
        List<DirectoryStamp> stamps = stamps();
        if (!stamps.equals(user.stamps())) {
            user = reload(stamps);
        }
        return user;
    }

    /** Reads the query directories that are new or changed since the last read; the others are kept as they were. */
    private UserQueries reload(List<DirectoryStamp> stamps) {
        Map<String, UserQuery> entries = new TreeMap<>();
        int read = 0;
        for (DirectoryStamp stamp : stamps) {
            UserQuery known = user.entries().get(stamp.name());
            if (known != null && known.stamp().equals(stamp)) {
                entries.put(stamp.name(), known);
                continue;
            }
            read++;
            try {
                entries.put(stamp.name(), new UserQuery(stamp,
                        NamedQueryLoader.load(userDirectory.resolve(stamp.name()), Source.USER), null));
            } catch (InvalidNamedQuery e) {
                entries.put(stamp.name(), new UserQuery(stamp, null, e.getMessage()));
                LOG.warnf("Named query[%s] in [%s] is not loaded: %s", stamp.name(), userDirectory, e.getMessage());
            }
        }
        long invalid = entries.values().stream().filter(entry -> entry.query() == null).count();
        LOG.infof("Named queries: user directory [%s] changed, [%d] directories read; [%d] user queries, [%d] not"
                + " valid", userDirectory, read, entries.size() - invalid, invalid);
        return new UserQueries(stamps, Map.copyOf(entries));
    }

    /** Cheap enough for every call: a directory listing and two stats per query. */
    private List<DirectoryStamp> stamps() {
        if (!Files.isDirectory(userDirectory)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(userDirectory)) {
            return entries.filter(Files::isDirectory)
                    // hidden directories (.git of a checked-out query repository) are not queries
                    .filter(dir -> !dir.getFileName().toString().startsWith("."))
                    .map(dir -> new DirectoryStamp(dir.getFileName().toString(),
                            stamp(dir.resolve(NamedQueryLoader.QUERY_FILE)),
                            stamp(dir.resolve(NamedQueryLoader.PARAMS_FILE))))
                    .sorted(Comparator.comparing(DirectoryStamp::name)).toList();
        } catch (IOException e) {
            LOG.warnf("Named queries: cannot list the user directory [%s]: %s", userDirectory, e.getMessage());
            return List.of();
        }
    }

    private static FileStamp stamp(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new FileStamp(attributes.lastModifiedTime(), attributes.size());
        } catch (IOException e) {
            return new FileStamp(null, -1);
        }
    }

    /** The shipped queries, from a directory of the class path or from inside the application jar. */
    private static Map<String, NamedQueryDefinition> loadShipped() {
        URL root = Thread.currentThread().getContextClassLoader().getResource(SHIPPED_ROOT);
        if (root == null) {
            throw new IllegalStateException("The class path has no '" + SHIPPED_ROOT + "' directory of named queries");
        }
        try {
            URI uri = root.toURI();
            if (!"jar".equals(uri.getScheme())) {
                return loadShipped(Path.of(uri));
            }
            try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                return loadShipped(jar.provider().getPath(uri));
            } catch (FileSystemAlreadyExistsException e) {
                return loadShipped(Path.of(uri));
            }
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("Cannot read the shipped named queries at " + root, e);
        }
    }

    private static Map<String, NamedQueryDefinition> loadShipped(Path root) throws IOException {
        List<Path> directories;
        try (Stream<Path> entries = Files.list(root)) {
            directories = new ArrayList<>(entries.filter(Files::isDirectory).toList());
        }
        Map<String, NamedQueryDefinition> queries = new TreeMap<>();
        for (Path directory : directories) {
            try {
                NamedQueryDefinition query = NamedQueryLoader.load(directory, Source.SHIPPED);
                queries.put(query.name(), query);
            } catch (InvalidNamedQuery e) {
                throw new IllegalStateException("Shipped named query " + directory.getFileName() + " is not valid: "
                        + e.getMessage());
            }
        }
        return Map.copyOf(queries);
    }
}
