-- Hour buckets of the time metrics (issue 16, docs/metrics.md#granularity): job-time-stats keeps them for a recent
-- horizon only (greenboard.metrics.job-times.hour-horizon) and deletes older ones.

-- The check is widened without a scan of the table: every existing row passed the narrower check it replaces, and
-- NOT VALID only skips proving that again; new and updated rows are checked as before.
alter table job_time_stats drop constraint job_time_stats_bucket_check;
alter table job_time_stats add constraint job_time_stats_bucket_check check (bucket in ('hour', 'day', 'week'))
    not valid;

-- Hour rows past the horizon, found by the rollup that deletes them without reading the day and week rows. Empty
-- when created: building it reads the table once and writes nothing.
create index job_time_stats_hour_idx on job_time_stats (bucket_start) where bucket = 'hour';

-- The next incremental run rereads the jobs and runs written in the last 31 days (the default horizon), which fills
-- the hour buckets of that horizon on an existing installation; a longer horizon needs one full run.
update rollup_state set watermark = least(watermark, now() - interval '31 days')
 where rollup = 'job-time-stats' and watermark is not null;
