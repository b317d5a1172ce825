-- CI health rollups (module metrics-jobs, docs/metrics.md "CI health"): commit health per branch commit, job and
-- workflow time statistics per day and week, runner queue snapshots, reverts per day. The GraphQL field `metric`
-- reads only these tables.

-- Incremental jobs find what changed since their watermark by the time Greenboard wrote a fact (never by GitHub's
-- own times, which arrive late and out of order). job.updated_at already is such a time; these columns add it to
-- the other facts the rollups read. They hold now(), the writing transaction's start, as job.updated_at does.
-- push and branch_commit rows are only ever inserted, so a default is enough.
alter table push add column recorded_at timestamptz not null default now();
alter table branch_commit add column recorded_at timestamptz not null default now();
-- workflow_run rows are upserted as their events arrive: a trigger stamps every insert and every update, whoever the
-- writer is (an upsert whose WHERE rejects an older event updates nothing and so stamps nothing).
alter table workflow_run add column recorded_at timestamptz not null default now();

create function stamp_recorded_at() returns trigger language plpgsql as $$
begin
    new.recorded_at := now();
    return new;
end
$$;

create trigger workflow_run_recorded_at before insert or update on workflow_run
    for each row execute function stamp_recorded_at();

-- Change scans of the incremental jobs.
create index job_updated_idx on job (updated_at);
create index workflow_run_recorded_idx on workflow_run (recorded_at);
create index push_recorded_idx on push (recorded_at);
create index branch_commit_recorded_idx on branch_commit (recorded_at);
-- Job samples of one repository and day (time statistics are bucketed by job creation).
create index job_repo_created_idx on job (repo_id, created_at);

-- One row per commit on a branch (every branch_commit row): the commit's verdict over the repository's blocking
-- workflows. state: green | flaky | broken | pending | none (no blocking job gave a signal: none ran, or every one
-- was cancelled or skipped). jobs counts the blocking job names seen on the commit, the other counts how many of them
-- are in that condition. seen_at is the branch_commit's (the HUD's time of the commit) and decides its time bucket.
create table commit_health (
    repo_id      bigint      not null,
    branch       text        not null,
    sha          text        not null,
    seen_at      timestamptz not null,
    state        text        not null check (state in ('green', 'flaky', 'broken', 'pending', 'none')),
    jobs         integer     not null,
    broken_jobs  integer     not null,
    flaky_jobs   integer     not null,
    pending_jobs integer     not null,
    -- When the row last changed (not when it was last recomputed): "broken since".
    changed_at   timestamptz not null default now(),
    -- No foreign key to branch_commit: a rollup never holds back the facts' retention; a full run drops orphans.
    primary key (repo_id, branch, sha)
);
create index commit_health_time_idx on commit_health (repo_id, branch, seen_at);

-- Time statistics in seconds, exact per bucket (percentile_cont over every sample of the bucket): one row per
-- repository, metric, key, bucket width (day | week, ISO weeks from Monday, UTC) and bucket start. Weeks are computed
-- from the facts, not merged from days, so their percentiles are exact too.
--   metric            key                    sample, bucketed by
--   tts               "<workflow> / <job>"   job.completed_at - workflow_run.created_at, by the run's creation
--   job_duration      "<workflow> / <job>"   job.completed_at - job.started_at, by the job's creation
--   queue_time        runner label           job.started_at - job.created_at, by the job's creation
--   workflow_duration workflow name          workflow_run.updated_at - created_at, by the run's creation
create table job_time_stats (
    repo_id      bigint           not null references repository (id),
    metric       text             not null,
    key          text             not null,
    bucket       text             not null check (bucket in ('day', 'week')),
    bucket_start timestamptz      not null,
    count        integer          not null,
    mean_s       double precision not null,
    p50_s        double precision not null,
    p90_s        double precision not null,
    p95_s        double precision not null,
    p99_s        double precision not null,
    primary key (repo_id, metric, bucket, key, bucket_start)
);
-- Every key of a metric over a time range.
create index job_time_stats_time_idx on job_time_stats (repo_id, metric, bucket, bucket_start);

-- The live queue per runner label, one snapshot per repository and quarter hour (the latest one taken in it).
-- A label with nothing queued has no row. Kept for good: a few rows per repository and quarter hour.
create table queue_snapshot (
    repo_id             bigint      not null references repository (id),
    slot                timestamptz not null,
    label               text        not null,
    taken_at            timestamptz not null,
    queued              integer     not null,
    oldest_queued_since timestamptz,
    oldest_age_s        double precision generated always as
                            (extract(epoch from taken_at - oldest_queued_since)::double precision) stored,
    primary key (repo_id, slot, label)
);

-- Commits and reverts landed on the default branch per UTC day (of the commit's seen_at, as the HUD places it).
create table revert_stats (
    repo_id bigint  not null references repository (id),
    day     date    not null,
    commits integer not null,
    reverts integer not null,
    primary key (repo_id, day)
);
