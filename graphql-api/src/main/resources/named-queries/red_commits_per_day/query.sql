-- Commit red rate of a branch, per UTC day (docs/definitions.md "Commit health").
--
-- Commits: those placed on :branch (branch_commit; default: the repository's default branch) at a time
-- (branch_commit.seen_at: when the commit was first seen on the branch) within the last :days days. The day of a
-- commit is the UTC date of that time. One row per day that has commits, oldest first.
--
-- A commit is classified from every job execution on it, of every workflow (which workflows block is not configured
-- yet). For each job display name ("<workflow> / <job>") its latest execution is the newest by created_at, then
-- run_attempt, then job id, as in the HUD; and, as in the HUD, a cancelled execution never hides another one and a
-- skipped execution never hides a real result. Then, in this order:
--   broken   some job name's latest execution failed (conclusion failure or timed_out);
--   flaky    some job name had a failed execution, but its latest execution succeeded (success or neutral);
--   pending  some job name's latest execution has not completed (queued, waiting, in progress);
--   green    none of the above: every latest execution succeeded, or was skipped or cancelled.
-- A commit with no job at all has no signal: it is counted in no_jobs, not classified.
--
-- Columns: day, commits (all of the day), broken, flaky, pending, green, no_jobs, and
-- red_share = broken / (commits - no_jobs), rounded to 4 decimals (null when no commit of the day has jobs).
with target as (
    select r.repo_id, coalesce(:branch, r.default_branch) as branch
    from repository_default_branch r
    where r.repo_id = repository_id(:repo)
),
commits as (
    select bc.repo_id, bc.sha, (bc.seen_at at time zone 'UTC')::date as day
    from branch_commit bc
    join target t on t.repo_id = bc.repo_id and t.branch = bc.branch
    where bc.seen_at >= now() - :days * interval '1 day'
),
executions as (
    select c.sha,
           coalesce(nullif(j.workflow_name, '') || ' / ', '') || j.name as job_name,
           j.status = 'completed' and j.conclusion in ('failure', 'timed_out') as failed,
           j.status = 'completed' and j.conclusion in ('success', 'neutral') as succeeded,
           j.status <> 'completed' as unfinished,
           -- 1 for the execution that decides the job name's state on this commit
           row_number() over (
               partition by c.sha, coalesce(nullif(j.workflow_name, '') || ' / ', '') || j.name
               order by case when j.status = 'completed' and j.conclusion = 'cancelled' then 0
                             when j.status = 'completed' and j.conclusion in ('skipped', 'stale') then 1
                             else 2 end desc,
                        j.created_at desc nulls last, j.run_attempt desc, j.id desc) as recency
    from commits c
    join job j on j.repo_id = c.repo_id and j.head_sha = c.sha
),
job_names as (
    select sha,
           bool_or(failed and recency = 1) as broken,
           bool_or(succeeded and recency = 1) and bool_or(failed) as flaky,
           bool_or(unfinished and recency = 1) as pending
    from executions
    group by sha, job_name
),
classified as (
    select c.day,
           case when count(n.sha) = 0 then 'no_jobs'
                when bool_or(n.broken) then 'broken'
                when bool_or(n.flaky) then 'flaky'
                when bool_or(n.pending) then 'pending'
                else 'green' end as state
    from commits c
    left join job_names n on n.sha = c.sha
    group by c.day, c.sha
)
select day,
       count(*) as commits,
       count(*) filter (where state = 'broken') as broken,
       count(*) filter (where state = 'flaky') as flaky,
       count(*) filter (where state = 'pending') as pending,
       count(*) filter (where state = 'green') as green,
       count(*) filter (where state = 'no_jobs') as no_jobs,
       round(count(*) filter (where state = 'broken')::numeric
             / nullif(count(*) filter (where state <> 'no_jobs'), 0), 4) as red_share
from classified
group by day
order by day
