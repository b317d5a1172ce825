package dev.greenboard.model.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;

import dev.greenboard.model.database.Sql;
import dev.greenboard.model.database.TestDatabase;
import dev.greenboard.model.repository.RepositoryFacts;
import dev.greenboard.model.repository.RepositoryRows;

/** Per-repository settings on PostgreSQL through Hibernate Reactive: defaults, edits, resets, conflicts, refusals. */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class RepositorySettingsServiceTest {

    @Inject
    RepositorySettingsService settings;

    @Inject
    AgroalDataSource dataSource;

    long repo;

    @BeforeEach
    void newRepository() throws SQLException {
        String name = "settings/r" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            repo = RepositoryRows.ensureRow(connection, new RepositoryFacts(name, null, "main", null, null)).id();
            connection.commit();
        }
    }

    @Test
    void aRepositoryNobodyEditedHasTheDefaults() {
        EffectiveSettings read = await(() -> settings.read(repo));
        assertEquals(0, read.version());
        assertEquals(new EffectiveSettings.Value<>("main", false), read.defaultBranch());
        assertEquals(new EffectiveSettings.Value<>(List.of(), false), read.blockingWorkflows());
        assertEquals(new EffectiveSettings.Value<>(SettingsDefaults.PYTORCH_JOB_NAMES, false),
                read.jobNamePattern());
    }

    @Test
    void anEditSetsOnlyWhatItNamesAndAResetReturnsToTheDefault() {
        EffectiveSettings first = await(() -> settings.update(repo, new SettingsChange(Optional.of(" trunk "),
                Optional.of(List.of("pull", " trunk", "pull", "")), null, null), 0));
        assertEquals(1, first.version());
        assertEquals(new EffectiveSettings.Value<>("trunk", true), first.defaultBranch());
        assertEquals(new EffectiveSettings.Value<>(List.of("pull", "trunk"), true), first.blockingWorkflows());
        assertFalse(first.hudColumnGroups().set());

        EffectiveSettings second = await(() -> settings.update(repo, new SettingsChange(Optional.empty(), null,
                Optional.of(List.of("Linux=^trunk / linux", "Windows=win")), null), first.version()));
        assertEquals(new EffectiveSettings.Value<>("main", false), second.defaultBranch(), "reset to GitHub's");
        assertEquals(List.of("pull", "trunk"), second.blockingWorkflows().value(), "left alone");
        assertEquals(List.of("Linux", "Windows"), RepositorySettingsService.columnGroups(second).stream()
                .map(RepositorySettingsService.ColumnGroup::name).toList());
        assertEquals(2, second.version());

        EffectiveSettings stored = await(() -> settings.read(repo));
        assertEquals(second, stored, "what an edit answers is what is stored");
        assertEquals("pull,trunk", new Sql(dataSource).row("select array_to_string(blocking_workflows, ',') as names"
                + " from repository_settings where repo_id = ?", repo).get("names"));
    }

    @Test
    void anEditBasedOnAnOlderVersionIsRefused() {
        EffectiveSettings first = await(() -> settings.update(repo, new SettingsChange(null,
                Optional.of(List.of("pull")), null, null), 0));
        SettingsException conflict = assertThrows(SettingsException.class, () -> await(() -> settings.update(repo,
                new SettingsChange(null, Optional.of(List.of("trunk")), null, null), 0)));
        assertEquals(SettingsException.Reason.CONFLICT, conflict.reason());
        assertEquals(List.of("pull"), await(() -> settings.read(repo)).blockingWorkflows().value());
    }

    @Test
    void valuesReadersCannotUseAreRefusedWithTheField() {
        assertInvalid(new SettingsChange(null, null, Optional.of(List.of("no equals sign")), null), "hudColumnGroups");
        assertInvalid(new SettingsChange(null, null, Optional.of(List.of("Back=(a)\\1")), null), "hudColumnGroups");
        assertInvalid(new SettingsChange(null, null, null, Optional.of("^(?<config>.+)$")), "base");
        assertInvalid(new SettingsChange(Optional.of("refs/heads/main"), null, null, null), "defaultBranch");
        assertInvalid(new SettingsChange(Optional.of("x".repeat(501)), null, null, null), "defaultBranch");
        assertInvalid(new SettingsChange(null, Optional.of(List.of("a\0b")), null, null), "NUL");
        assertEquals(0, await(() -> settings.read(repo)).version(), "nothing was stored");
    }

    @Test
    void theDefaultBranchViewFollowsTheSetting() {
        Sql sql = new Sql(dataSource);
        String query = "select default_branch from repository_default_branch where repo_id = ?";
        assertEquals("main", sql.row(query, repo).get("default_branch"));
        await(() -> settings.update(repo, new SettingsChange(Optional.of("trunk"), null, null, null), 0));
        assertEquals("trunk", sql.row(query, repo).get("default_branch"));
    }

    private void assertInvalid(SettingsChange change, String mentioned) {
        SettingsException e = assertThrows(SettingsException.class, () -> settings.update(repo, change, 0));
        assertEquals(SettingsException.Reason.INVALID, e.reason());
        assertTrue(e.getMessage().contains(mentioned), e.getMessage());
    }

    private static <T> T await(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
