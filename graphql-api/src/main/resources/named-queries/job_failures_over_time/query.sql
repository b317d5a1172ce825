-- Runs and failures per UTC day of the jobs whose display name ("<workflow> / <job>") contains :job_name, ignoring
-- case (a plain substring: % and _ are not wildcards).
--
-- Counted: job executions of the repository (any branch, any attempt) that completed within the last :days days with
-- a signal: conclusion success, neutral, failure or timed_out. Cancelled and skipped jobs said nothing about the code
-- and are left out. A failure is failure or timed_out. The day of a job is the UTC date of its completed_at.
--
-- One row per day with runs, oldest first: runs, failures and failure_share = failures / runs, rounded to 4 decimals.
select (j.completed_at at time zone 'UTC')::date as day,
       count(*) as runs,
       count(*) filter (where j.conclusion in ('failure', 'timed_out')) as failures,
       round((count(*) filter (where j.conclusion in ('failure', 'timed_out')))::numeric / count(*), 4)
           as failure_share
from repository r
join job j on j.repo_id = r.id
where r.id = repository_id(:repo)
  and j.status = 'completed'
  and j.conclusion in ('success', 'neutral', 'failure', 'timed_out')
  and j.completed_at >= now() - :days * interval '1 day'
  and strpos(lower(coalesce(nullif(j.workflow_name, '') || ' / ', '') || j.name), lower(:job_name)) > 0
group by day
order by day
