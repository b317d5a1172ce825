-- Bookkeeping of the metrics jobs (module metrics-jobs): every run, and what each job has processed so far.

create table metrics_job_run (
    id            bigint generated always as identity primary key,
    job           text        not null,
    trigger       text        not null, -- schedule | manual | run-all
    -- The scheduled fire time of a scheduled run. Every instance computes the same one from the cron expression, so
    -- the unique index below lets exactly one instance claim a period.
    scheduled_for timestamptz,
    instance      text        not null,
    started_at    timestamptz not null,
    finished_at   timestamptz,
    status        text        not null, -- running | success | failed | skipped
    rows_written  bigint,
    detail        text,
    duration_ms   bigint
);
create index metrics_job_run_job_idx on metrics_job_run (job, started_at desc);
create unique index metrics_job_run_period_idx on metrics_job_run (job, scheduled_for) where scheduled_for is not null;

-- How far a job has read its input: incremental jobs only look at facts newer than their watermark.
create table metrics_job_state (
    job        text        primary key,
    watermark  timestamptz,
    updated_at timestamptz not null
);
