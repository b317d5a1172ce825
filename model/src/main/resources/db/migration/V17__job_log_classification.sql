-- Issue 16, panel 27 (docs/metrics.md#failed-jobs-log-classifications-log-classifications): what the log
-- classifier found in the log of each failed, cancelled or timed-out job of the default branch. One row per job,
-- written once by the log-classifications rollup: "matched" (a rule matched: the rule, the line it matched and the
-- text it captured), "no_match" (the log was read, no rule matched) or "unavailable" (GitHub answered 404 or 410: the
-- log expired or was deleted). Jobs whose log could not be read for a passing reason (5xx, rate limit) get no row and
-- are tried again by a later run.
create table job_log_classification (
    job_id        bigint      primary key references job (id),
    repo_id       bigint      not null references repository (id),
    outcome       text        not null check (outcome in ('matched', 'no_match', 'unavailable')),
    rule          text,
    captured      text,
    line          text,
    line_number   integer,
    -- bytes of the log read before classifying: at most greenboard.log-classification.max-log-bytes
    bytes_read    bigint      not null default 0,
    completed_at  timestamptz not null,
    classified_at timestamptz not null,
    check ((outcome = 'matched') = (rule is not null))
);
-- The panel: a repository's classifications of jobs completed in a range.
create index job_log_classification_repo_completed_idx on job_log_classification (repo_id, completed_at);

-- The rollup's candidates: failed jobs by completion time, oldest first within the horizon.
create index job_failed_completed_idx on job (completed_at)
    where status = 'completed' and conclusion in ('failure', 'cancelled', 'timed_out');
