package dev.greenboard.model.settings;

import java.time.Instant;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * What people set for one repository (table {@code repository_settings}); a null field is not set here and the
 * configured default applies ({@link SettingsDefaults}). Only {@link RepositorySettingsService} changes it, and the
 * entity never leaves the model: readers get {@link EffectiveSettings}.
 */
@Entity
@Table(name = "repository_settings")
public class RepositorySettings {

    @Id
    @Column(name = "repo_id")
    Long repoId;

    @Column(name = "default_branch")
    String defaultBranch;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "blocking_workflows", columnDefinition = "text[]")
    List<String> blockingWorkflows;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "hud_column_groups", columnDefinition = "text[]")
    List<String> hudColumnGroups;

    @Column(name = "job_name_pattern")
    String jobNamePattern;

    /** Optimistic locking: an edit based on an older version fails instead of overwriting a newer one. */
    @Version
    Integer version;

    @Column(name = "updated_at")
    Instant updatedAt;

    protected RepositorySettings() {
    }

    RepositorySettings(long repoId) {
        this.repoId = repoId;
    }
}
