package dev.greenboard.model.settings;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;

/**
 * Reads and edits per-repository settings (Hibernate Reactive, table {@code repository_settings}). Readers get
 * {@link EffectiveSettings}: what was set for the repository, else {@link SettingsDefaults}. Hot readers (the HUD,
 * rollups) see an edit within {@link #CACHE_TTL}, on every instance: each instance keeps what it read that long.
 */
@ApplicationScoped
public class RepositorySettingsService {

    /** How long an instance may show settings that another instance has just changed. */
    static final Duration CACHE_TTL = Duration.ofSeconds(5);

    private static final int MAX_TEXT = 500;
    private static final int MAX_ENTRIES = 100;

    private record Cached(EffectiveSettings settings, long readAtNanos) {
    }

    private final Mutiny.SessionFactory sessions;
    private final SettingsDefaults defaults;
    private final ConcurrentHashMap<Long, Cached> cache = new ConcurrentHashMap<>();

    public RepositorySettingsService(Mutiny.SessionFactory sessions, SettingsDefaults defaults) {
        this.sessions = sessions;
        this.defaults = defaults;
    }

    /**
     * The settings of a repository as stored now, not from the cache: for the settings page and its edits. A session
     * of its own, not the one of the Vert.x context: GraphQL resolves the fields of one request concurrently on one
     * context, where {@code withSession} would hand every field the same session, and the first to finish would close
     * it under the others ("Session/EntityManager is closed").
     */
    public Uni<EffectiveSettings> read(long repoId) {
        return sessions.openSession().chain(session -> repository(session, repoId)
                .chain(repository -> session.find(RepositorySettings.class, repoId)
                        .map(stored -> remember(effective(repository, stored))))
                .eventually(session::close));
    }

    /** The settings, at most {@link #CACHE_TTL} old: for the HUD and other hot readers. */
    public Uni<EffectiveSettings> current(long repoId) {
        Cached cached = cache.get(repoId);
        if (cached != null && System.nanoTime() - cached.readAtNanos() < CACHE_TTL.toNanos()) {
            return Uni.createFrom().item(cached.settings());
        }
        return read(repoId);
    }

    /** {@link #current} for callers on a worker thread (JDBC readers that parse many rows). */
    public EffectiveSettings currentBlocking(long repoId) {
        return await(repoId, () -> current(repoId));
    }

    /**
     * {@link #read} for callers on a worker thread: a rollup that reclassifies after an edit must see that edit, even
     * when it was made on another instance a moment ago.
     */
    public EffectiveSettings readBlocking(long repoId) {
        return await(repoId, () -> read(repoId));
    }

    private static EffectiveSettings await(long repoId, Supplier<Uni<EffectiveSettings>> read) {
        try {
            return VertxContextSupport.subscribeAndAwait(read);
        } catch (SettingsException | IllegalStateException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("Reading the settings of repository[" + repoId + "] failed", e);
        }
    }

    /** Which repository settings are about: its name (defaults are by name) and GitHub's default branch. */
    private record RepositoryFacts(long id, String fullName, String githubDefaultBranch) {
    }

    private static Uni<RepositoryFacts> repository(Mutiny.Session session, long repoId) {
        return session.createNativeQuery("select full_name, default_branch from repository where id = :id",
                Object[].class).setParameter("id", repoId).getSingleResultOrNull()
                .onItem().ifNull().failWith(() -> new SettingsException(SettingsException.Reason.INVALID,
                        "No repository with id " + repoId))
                .map(row -> new RepositoryFacts(repoId, (String) row[0], (String) row[1]));
    }

    /**
     * Applies an edit made on the settings of {@code expectedVersion}; refused with {@link SettingsException} when a
     * value is not acceptable or someone else changed the settings since.
     */
    public Uni<EffectiveSettings> update(long repoId, SettingsChange change, int expectedVersion) {
        validate(change);
        return sessions.withTransaction(session -> repository(session, repoId).chain(repository -> session
                .find(RepositorySettings.class, repoId).chain(found -> {
                    int current = versionOf(found);
                    if (current != expectedVersion) {
                        return Uni.createFrom().failure(new SettingsException(SettingsException.Reason.CONFLICT,
                                "The settings of " + repository.fullName() + " changed since they were read"
                                        + " (version " + current + ", the edit is based on " + expectedVersion
                                        + "): read them again"));
                    }
                    RepositorySettings settings = found == null ? new RepositorySettings(repository.id()) : found;
                    apply(change, settings);
                    settings.updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
                    return (found == null ? session.persist(settings) : Uni.createFrom().voidItem())
                            .chain(session::flush).map(flushed -> remember(effective(repository, settings)));
                })));
    }

    private EffectiveSettings remember(EffectiveSettings settings) {
        cache.put(settings.repoId(), new Cached(settings, System.nanoTime()));
        return settings;
    }

    private EffectiveSettings effective(RepositoryFacts repository, RepositorySettings stored) {
        Optional<RepositorySettings> s = Optional.ofNullable(stored);
        return new EffectiveSettings(repository.id(), versionOf(stored),
                s.map(x -> x.updatedAt).orElse(null),
                value(s.map(x -> x.defaultBranch), repository.githubDefaultBranch()),
                value(s.map(x -> x.blockingWorkflows).map(List::copyOf), defaults.blockingWorkflows()
                        .getOrDefault(repository.fullName(), List.of()).stream().map(String::strip)
                        .filter(name -> !name.isEmpty()).toList()),
                value(s.map(x -> x.hudColumnGroups).map(List::copyOf), defaults.hudColumnGroups().orElse(List.of())),
                value(s.map(x -> x.jobNamePattern), defaults.jobNamePatterns().getOrDefault(repository.fullName(),
                        defaults.jobNamePattern())));
    }

    /** 0 before the first edit, then one more per edit (Hibernate counts a new row's version from 0). */
    private static int versionOf(RepositorySettings stored) {
        return stored == null ? 0 : stored.version + 1;
    }

    private static <T> EffectiveSettings.Value<T> value(Optional<T> set, T fallback) {
        return set.map(v -> new EffectiveSettings.Value<>(v, true))
                .orElseGet(() -> new EffectiveSettings.Value<>(fallback, false));
    }

    private static void apply(SettingsChange change, RepositorySettings settings) {
        settings.defaultBranch = next(change.defaultBranch(), settings.defaultBranch, String::strip);
        settings.blockingWorkflows = next(change.blockingWorkflows(), settings.blockingWorkflows,
                RepositorySettingsService::distinctStripped);
        settings.hudColumnGroups = next(change.hudColumnGroups(), settings.hudColumnGroups,
                RepositorySettingsService::stripped);
        settings.jobNamePattern = next(change.jobNamePattern(), settings.jobNamePattern, String::strip);
    }

    private static <T> T next(Optional<T> change, T stored, Function<T, T> normalize) {
        if (change == null) {
            return stored;
        }
        return change.map(normalize).orElse(null);
    }

    private static List<String> distinctStripped(List<String> names) {
        return List.copyOf(new LinkedHashSet<>(stripped(names)));
    }

    private static List<String> stripped(List<String> values) {
        return values.stream().map(String::strip).filter(v -> !v.isEmpty()).toList();
    }

    /** Refuses values that readers could not use: every message names the field and the value. */
    static void validate(SettingsChange change) {
        if (change.defaultBranch() != null && change.defaultBranch().isPresent()) {
            String branch = change.defaultBranch().get().strip();
            text("defaultBranch", branch);
            if (branch.isEmpty() || branch.contains("..") || branch.startsWith("refs/")) {
                invalid("defaultBranch must be a branch name such as 'main', got '" + branch + "'");
            }
        }
        if (change.blockingWorkflows() != null && change.blockingWorkflows().isPresent()) {
            List<String> names = change.blockingWorkflows().get();
            count("blockingWorkflows", names);
            names.forEach(name -> text("blockingWorkflows", name));
        }
        if (change.hudColumnGroups() != null && change.hudColumnGroups().isPresent()) {
            List<String> groups = change.hudColumnGroups().get();
            count("hudColumnGroups", groups);
            for (String group : stripped(groups)) {
                text("hudColumnGroups", group);
                int equals = group.indexOf('=');
                if (equals <= 0 || equals == group.length() - 1) {
                    invalid("hudColumnGroups entries are 'Name=regex', got '" + group + "'");
                }
                pattern("hudColumnGroups", group.substring(equals + 1));
            }
        }
        if (change.jobNamePattern() != null && change.jobNamePattern().isPresent()) {
            String pattern = change.jobNamePattern().get().strip();
            text("jobNamePattern", pattern);
            Pattern compiled = pattern("jobNamePattern", pattern);
            if (!compiled.namedGroups().containsKey("base")) {
                invalid("jobNamePattern needs a named group 'base', e.g. (?<base>.+?); it may also name config,"
                        + " shard and shards");
            }
        }
    }

    /** The column groups of these settings, compiled (validated when they were stored). */
    public static List<ColumnGroup> columnGroups(EffectiveSettings settings) {
        List<ColumnGroup> groups = new ArrayList<>();
        for (String entry : settings.hudColumnGroups().value()) {
            int equals = entry.indexOf('=');
            if (equals > 0) {
                groups.add(new ColumnGroup(entry.substring(0, equals).strip(),
                        Pattern.compile(entry.substring(equals + 1).strip())));
            }
        }
        return groups;
    }

    /** A HUD column group: jobs whose name the pattern finds a match in (RE2: linear time on any name). */
    public record ColumnGroup(String name, Pattern pattern) {
    }

    private static Pattern pattern(String field, String regex) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            invalid(field + " has a pattern that does not compile ('" + regex + "'): " + e.getDescription()
                    + " (patterns are RE2: no backreferences or lookaround)");
            return null;
        }
    }

    private static void text(String field, String value) {
        if (value.length() > MAX_TEXT) {
            invalid(field + " values are at most " + MAX_TEXT + " characters, got " + value.length());
        }
        if (value.indexOf('\0') >= 0) {
            invalid(field + " values cannot contain NUL characters");
        }
    }

    private static void count(String field, List<String> values) {
        if (values.size() > MAX_ENTRIES) {
            invalid(field + " has at most " + MAX_ENTRIES + " entries, got " + values.size());
        }
    }

    private static void invalid(String message) {
        throw new SettingsException(SettingsException.Reason.INVALID, message);
    }
}
