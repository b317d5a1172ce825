-- Per-repository settings that people edit (GraphQL mutation updateRepositorySettings, the settings page). A null
-- column means "not set here": the configured default applies (greenboard.settings.*, docs/settings.md). Hibernate
-- Reactive maps this table (dev.greenboard.model.settings); version makes concurrent edits fail instead of overwrite.
create table repository_settings (
    repo_id            bigint      primary key references repository (id),
    -- the branch the HUD, commit health and test statistics treat as the default; null: what GitHub says
    default_branch     text,
    -- workflow names whose jobs decide commit health; null: the configured default; empty: every workflow
    blocking_workflows text[],
    -- ordered HUD column groups as "Name=regex"; null: the configured default
    hud_column_groups  text[],
    -- how job names split into base, config and shard (named groups base, config, shard, shards); null: default
    job_name_pattern   text,
    version            integer     not null default 0,
    updated_at         timestamptz not null default now()
);

-- The default branch every statistic uses: the one set in repository_settings, else GitHub's. Queries join this
-- view instead of reading repository.default_branch, which holds what GitHub last said.
create view repository_default_branch as
select r.id as repo_id, coalesce(s.default_branch, r.default_branch) as default_branch
from repository r
left join repository_settings s on s.repo_id = r.id;

-- Test reports place their commit on the default branch as the settings make it.
create or replace view test_report_run as
select r.id                                                          as report_id,
       r.repo_id,
       r.sha,
       r.job_id,
       r.received_at,
       coalesce(j.completed_at, j.started_at, r.received_at)         as ran_at,
       coalesce(j.run_attempt, r.run_attempt)                        as attempt,
       concat_ws(' / ', coalesce(j.workflow_name, r.workflow_name), coalesce(j.name, r.job_name))
                                                                     as job_name,
       test_platform(r.labels, j.labels,
                     concat_ws(' / ', coalesce(j.workflow_name, r.workflow_name), coalesce(j.name, r.job_name)))
                                                                     as platform,
       bc.seen_at                                                    as commit_seen_at,
       bc.push_ordinal                                               as commit_ordinal
from test_report r
join repository_default_branch rp on rp.repo_id = r.repo_id
left join job j on j.id = r.job_id
left join branch_commit bc on bc.repo_id = r.repo_id and bc.branch = rp.default_branch and bc.sha = r.sha;
