-- Issue 16, panel 27 (docs/metrics.md#failed-jobs-log-classifications-log-classifications): what the log
-- classifier found in the log of each failed, cancelled or timed-out job of the default branch. One row per job,
-- written once by the log-classifications rollup: "matched" (a rule matched: the rule, the line it matched and the
-- text it captured), "no_match" (the log was read, no rule matched) or "unavailable" (GitHub answered 410, or the log
-- could not be read in greenboard.log-classification.max-attempts tries: it expired, was deleted or is not readable
-- with this token). Jobs whose log could not be read for a passing reason get a row in job_log_attempt instead and are
-- tried again later; a used-up rate limit or a refused token is no attempt.
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

-- Logs that could not be read yet (5xx, no answer, a 404, a body that broke off): how often, and when the job may be
-- asked for again, so that a log that keeps failing backs off instead of taking a place in every run.
create table job_log_attempt (
    job_id          bigint      primary key references job (id),
    attempts        integer     not null,
    next_attempt_at timestamptz not null,
    last_error      text        not null
);
