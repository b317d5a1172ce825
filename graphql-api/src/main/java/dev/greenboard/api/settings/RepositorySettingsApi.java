package dev.greenboard.api.settings;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Type;

import io.smallrye.mutiny.Uni;

import dev.greenboard.api.graphql.ApiException;
import dev.greenboard.api.graphql.WriteGuard;
import dev.greenboard.api.repo.RepoLookup;
import dev.greenboard.model.settings.EffectiveSettings;
import dev.greenboard.model.settings.RepositorySettingsService;
import dev.greenboard.model.settings.SettingsChange;
import dev.greenboard.model.settings.SettingsException;

/**
 * A repository's settings (docs/settings.md): read by anyone, changed by an authenticated mutation that names the
 * version it was based on, so that two people editing at once cannot silently overwrite each other.
 */
@GraphQLApi
public class RepositorySettingsApi {

    @Type("TextSetting")
    @Description("A setting's value and whether it was set for this repository (false: the configured default)")
    public record TextSetting(String value, boolean set) {
    }

    @Type("TextListSetting")
    @Description("A setting's values and whether they were set for this repository (false: the configured default)")
    public record TextListSetting(List<String> value, boolean set) {
    }

    @Type("RepositorySettings")
    public record RepositorySettingsView(String repo,
            @Description("Name it in updateRepositorySettings; 0 before the first edit") int version,
            Instant updatedAt,
            @Description("The branch the HUD, commit health and test statistics treat as the default") TextSetting defaultBranch,
            @Description("Workflows whose jobs decide commit health; empty: every workflow") TextListSetting blockingWorkflows,
            @Description("Ordered HUD column groups, \"Name=regex\" (RE2 syntax)") TextListSetting hudColumnGroups,
            @Description("How job names split into base, config and shard: named groups base, config, shard, shards") TextSetting jobNamePattern) {

        static RepositorySettingsView of(String repo, EffectiveSettings settings) {
            return new RepositorySettingsView(repo, settings.version(), settings.updatedAt(),
                    new TextSetting(settings.defaultBranch().value(), settings.defaultBranch().set()),
                    new TextListSetting(settings.blockingWorkflows().value(), settings.blockingWorkflows().set()),
                    new TextListSetting(settings.hudColumnGroups().value(), settings.hudColumnGroups().set()),
                    new TextSetting(settings.jobNamePattern().value(), settings.jobNamePattern().set()));
        }
    }

    /** The settings a caller can name in {@link RepositorySettingsInput#reset}. */
    public enum RepositorySetting {
        DEFAULT_BRANCH, BLOCKING_WORKFLOWS, HUD_COLUMN_GROUPS, JOB_NAME_PATTERN
    }

    @Input("RepositorySettingsInput")
    @Description("An edit: a field left out stays as it is; a setting named in reset returns to the configured default")
    public record RepositorySettingsInput(String defaultBranch, List<String> blockingWorkflows,
            List<String> hudColumnGroups, String jobNamePattern, List<RepositorySetting> reset) {

        SettingsChange change() {
            Set<RepositorySetting> resets = reset == null ? Set.of() : Set.copyOf(reset);
            return new SettingsChange(field(defaultBranch, resets.contains(RepositorySetting.DEFAULT_BRANCH)),
                    field(blockingWorkflows, resets.contains(RepositorySetting.BLOCKING_WORKFLOWS)),
                    field(hudColumnGroups, resets.contains(RepositorySetting.HUD_COLUMN_GROUPS)),
                    field(jobNamePattern, resets.contains(RepositorySetting.JOB_NAME_PATTERN)));
        }

        /** Null: leave it; empty: reset it; present: set it. A value and a reset together are refused. */
        private static <T> Optional<T> field(T value, boolean reset) {
            if (reset && value != null) {
                throw ApiException.badInput("A setting cannot be both given and reset in one edit");
            }
            return reset ? Optional.empty() : value == null ? null : Optional.of(value);
        }
    }

    private final RepoLookup repos;
    private final RepositorySettingsService settings;
    private final WriteGuard guard;

    public RepositorySettingsApi(RepoLookup repos, RepositorySettingsService settings, WriteGuard guard) {
        this.repos = repos;
        this.settings = settings;
        this.guard = guard;
    }

    @Query("repositorySettings")
    @Description("What is set for the repository, and the configured defaults for what is not.")
    public Uni<RepositorySettingsView> repositorySettings(@NonNull String repo) {
        return repos.require(repo).chain(r -> settings.read(r.id()))
                .map(read -> RepositorySettingsView.of(repo, read));
    }

    @Mutation("updateRepositorySettings")
    @Description("Edits the repository's settings, based on 'version' (as repositorySettings gave it): refused with"
            + " CONFLICT when they changed since. Commit health recomputes the repository's commits on its next run."
            + " Needs 'Authorization: Bearer <ingest token>'.")
    public Uni<RepositorySettingsView> updateRepositorySettings(@NonNull String repo, int version,
            @NonNull RepositorySettingsInput settings) {
        guard.require("updateRepositorySettings");
        SettingsChange change = settings.change();
        return repos.require(repo).chain(r -> this.settings.update(r.id(), change, version))
                .map(updated -> RepositorySettingsView.of(repo, updated))
                .onFailure(SettingsException.class).transform(e -> {
                    SettingsException refused = (SettingsException) e;
                    return refused.reason() == SettingsException.Reason.CONFLICT
                            ? new ApiException.Conflict(refused.getMessage())
                            : ApiException.badInput(refused.getMessage());
                });
    }
}
