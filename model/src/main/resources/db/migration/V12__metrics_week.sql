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
