-- Time to signal (TTS) per job, in seconds (docs/definitions.md): job.completed_at - workflow_run.created_at, the time from the
-- push that started the workflow run to the job's green result.
--
-- Counted: jobs that succeeded (conclusion success) in the first attempt (run_attempt = 1) of a push-triggered
-- workflow run (workflow_run.event = 'push') created within the last :days days. Reruns, failures, cancelled and
-- skipped jobs and pull-request runs give no TTS.
--
-- One row per job display name ("<workflow> / <job>"): runs (jobs counted), the 50th, 90th, 95th and 99th
-- percentiles (percentile_cont: interpolated between the two nearest values) and the mean, in seconds rounded to
-- 0.1; slowest median first.
with signals as (
    select coalesce(nullif(coalesce(j.workflow_name, w.name), '') || ' / ', '') || j.name as job_name,
           extract(epoch from j.completed_at - w.created_at)::double precision as tts
    from repository r
    join workflow_run w on w.repo_id = r.id
    join job j on j.run_id = w.id and j.run_attempt = w.run_attempt
    where r.id = repository_id(:repo)
      and w.event = 'push'
      and w.run_attempt = 1
      and w.created_at >= now() - :days * interval '1 day'
      and j.status = 'completed'
      and j.conclusion = 'success'
      and j.completed_at is not null
)
select job_name,
       count(*) as runs,
       round((percentile_cont(0.50) within group (order by tts))::numeric, 1) as p50_seconds,
       round((percentile_cont(0.90) within group (order by tts))::numeric, 1) as p90_seconds,
       round((percentile_cont(0.95) within group (order by tts))::numeric, 1) as p95_seconds,
       round((percentile_cont(0.99) within group (order by tts))::numeric, 1) as p99_seconds,
       round(avg(tts)::numeric, 1) as mean_seconds
from signals
group by job_name
order by p50_seconds desc, job_name
