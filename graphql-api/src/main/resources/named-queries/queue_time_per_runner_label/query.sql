-- Queue time per runner label, in seconds (docs/definitions.md): job.started_at - job.created_at, how long a job waited for a
-- runner.
--
-- Counted: every job execution (any workflow, branch, attempt or outcome) of the repository created within the last
-- :days days that has started, except skipped jobs: GitHub marks them started without giving them a runner, so
-- their zero wait would say nothing about the runners. A job that asked for several labels counts under each of
-- them; a job that asked for none is listed as '(no label)'.
--
-- One row per label: jobs, the 50th and 90th percentiles (percentile_cont: interpolated between the two nearest
-- values) and the longest wait, in seconds rounded to 0.1; longest p90 first.
with waits as (
    select coalesce(label, '(no label)') as label,
           extract(epoch from j.started_at - j.created_at)::double precision as wait
    from repository r
    join job j on j.repo_id = r.id
    left join lateral unnest(j.labels) as label on true
    where r.id = repository_id(:repo)
      and j.created_at >= now() - :days * interval '1 day'
      and j.started_at is not null
      and j.conclusion is distinct from 'skipped'
)
select label,
       count(*) as jobs,
       round((percentile_cont(0.50) within group (order by wait))::numeric, 1) as p50_seconds,
       round((percentile_cont(0.90) within group (order by wait))::numeric, 1) as p90_seconds,
       round(max(wait)::numeric, 1) as max_seconds
from waits
group by label
order by p90_seconds desc, label
