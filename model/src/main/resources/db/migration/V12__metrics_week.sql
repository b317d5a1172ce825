-- Issue 16: metrics a CI team runs its week on (docs/metrics.md).

-- The largest sample of a bucket, for the "max" statistic beside the mean and the percentiles. Rows written before
-- this migration have none until job-time-stats recomputes their day (a full run recomputes them all).
alter table job_time_stats add column max_s double precision;

-- Per repository and tile, the values from which a tile turns amber and red (docs/metrics.md#tiles). A tile without
-- a row uses the default thresholds of the code (PyTorch's, where it has one).
create table metric_threshold (
    repo_id    bigint           not null references repository (id),
    tile       text             not null,
    amber      double precision not null,
    red        double precision not null,
    updated_at timestamptz      not null default now(),
    primary key (repo_id, tile)
);

-- Lasting changes the metric-changes rollup found in a daily series (docs/metrics.md#change-alerts): one row per
-- change, kept open while later runs still find it, and posted to the configured webhooks once (notified_at).
create table metric_change (
    id              bigint generated always as identity primary key,
    repo_id         bigint           not null references repository (id),
    -- red_rate, tts, job_duration or queue_time
    metric          text             not null,
    -- the job ("<workflow> / <job>") or runner label; '' for red_rate
    key             text             not null,
    -- the first day at the new level
    change_day      date             not null,
    direction       text             not null check (direction in ('up', 'down')),
    before_value    double precision not null,
    after_value     double precision not null,
    p_value         double precision not null,
    days_before     integer          not null,
    days_after      integer          not null,
    sentence        text             not null,
    detected_at     timestamptz      not null,
    last_seen_at    timestamptz      not null,
    open            boolean          not null default true,
    -- when the webhooks took it; null: not yet (posted on the next run)
    notified_at     timestamptz,
    unique (repo_id, metric, key, change_day)
);
create index metric_change_open_idx on metric_change (repo_id, change_day) where open;
