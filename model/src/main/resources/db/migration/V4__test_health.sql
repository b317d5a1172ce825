-- Test statistics (module metrics-jobs, packages flaky, disabled, platform, regression; docs/test-statistics.md):
-- where and when a report ran, the disabled-test list, and the rollups of the flaky-tests, platform-smoke-tests and
-- test-time-regressions jobs.

-- The test jobs find what arrived since their last run by the time a report was received.
create index test_report_received_idx on test_report (received_at);

-- The platform a text names (runner labels or a job name): windows, macos or linux, else null. Words are matched
-- whole so that "darwin" is not "win" and "machine" is not "mac".
create function platform_named_in(text_value text) returns text
    language sql immutable parallel safe
as $$
    select case
        when text_value ~* '(^|[^a-z])(win|windows)([^a-z]|$)' then 'windows'
        when text_value ~* '(^|[^a-z])(mac|macos|osx|darwin)([^a-z]|$)' then 'macos'
        when text_value ~* '(^|[^a-z])(linux|ubuntu)([^a-z]|$)' then 'linux'
    end
$$;

-- The platform of a report (SPEC §6): the upload's `platform` label, else what the job's runner labels name, else
-- what the job's name names; null when none says.
create function test_platform(report_labels jsonb, runner_labels text[], job_name text) returns text
    language sql immutable parallel safe
as $$
    select coalesce(nullif(lower(trim(report_labels ->> 'platform')), ''),
                    platform_named_in(array_to_string(runner_labels, ' ')),
                    platform_named_in(job_name))
$$;

-- Whether a test's class as reported (maybe with its module: "test_ops.TestCommon") is the bare class a disabled-test
-- key names ("TestCommon").
create function class_is(classname text, bare_class text) returns boolean
    language sql immutable parallel safe
as $$
    select classname = bare_class or right(classname, length(bare_class) + 1) = '.' || bare_class
$$;

-- One row per report: where and when its results ran. The time of a run is its job's completion (GitHub's clock),
-- falling back to when the report was received, so that uploads sent late or backfilled count on the day they ran.
-- commit_seen_at/commit_ordinal place the commit on the repository's default branch; null when it is not on it.
create view test_report_run as
select r.id                                                          as report_id,
       r.repo_id,
       r.sha,
       r.job_id,
       r.received_at,
       coalesce(j.completed_at, j.started_at, r.received_at)         as ran_at,
       coalesce(j.run_attempt, r.run_attempt)                        as attempt,
       concat_ws(' / ', coalesce(j.workflow_name, r.workflow_name), coalesce(j.name, r.job_name))
                                                                     as job_name,
       test_platform(r.labels, j.labels,
                     concat_ws(' / ', coalesce(j.workflow_name, r.workflow_name), coalesce(j.name, r.job_name)))
                                                                     as platform,
       bc.seen_at                                                    as commit_seen_at,
       bc.push_ordinal                                               as commit_ordinal
from test_report r
join repository rp on rp.id = r.repo_id
left join job j on j.id = r.job_id
left join branch_commit bc on bc.repo_id = r.repo_id and bc.branch = rp.default_branch and bc.sha = r.sha;

-- Disabled tests: from `DISABLED <test> (<module>.<Class>)` issues (job disabled-tests) and from the authenticated
-- GraphQL mutations disableTest/enableTest. One row per issue and test, or per test for the API; re-enabling keeps the
-- row with active = false, so the list shows what was disabled and by what.
create table disabled_test (
    id           bigint generated always as identity primary key,
    repo_id      bigint      not null references repository (id),
    -- "<name> (__main__.<Class>)", the key of PyTorch's disabled-tests-condensed.json
    test_key     text        not null,
    test_name    text        not null,
    -- the class without its module; matched against the last dotted part of test_identity.classname
    test_class   text        not null,
    source       text        not null check (source in ('issue', 'api')),
    issue_number integer,
    issue_url    text,
    -- empty: every platform
    platforms    text[]      not null default '{}',
    reason       text,
    active       boolean     not null,
    created_at   timestamptz not null default now(),
    updated_at   timestamptz not null default now(),
    unique nulls not distinct (repo_id, source, issue_number, test_key),
    check ((source = 'issue') = (issue_number is not null))
);
create index disabled_test_name_idx on disabled_test (repo_id, test_name) where active;
create index disabled_test_updated_idx on disabled_test (updated_at);

-- Job flaky-tests: one row per test that is not healthy, per window (healthy tests have no row).
create table test_health (
    repo_id           bigint           not null references repository (id),
    window_days       integer          not null,
    test_id           bigint           not null references test_identity (id),
    state             text             not null check (state in ('FLAKY', 'BROKEN', 'DISABLED')),
    -- RERUN, FLIP, CONSECUTIVE_FAILURES; empty for a disabled test with nothing else to say
    reasons           text[]           not null,
    runs              integer          not null,
    failures          integer          not null,
    flips             integer          not null,
    last_flake_at     timestamptz,
    -- 95% Wilson score interval of failures / runs; null without runs
    failure_rate_low  double precision,
    failure_rate_high double precision,
    updated_at        timestamptz      not null,
    primary key (repo_id, window_days, test_id)
);

-- Job platform-smoke-tests, stage 1: runs and failures per test, platform and day (UTC) of default-branch results.
create table test_platform_day (
    repo_id  bigint  not null references repository (id),
    day      date    not null,
    test_id  bigint  not null,
    platform text    not null,
    runs     integer not null,
    failures integer not null,
    primary key (repo_id, day, test_id, platform)
);

-- Job platform-smoke-tests, stage 2: tests that fail significantly more often on one platform than on all others.
create table platform_smoke_test (
    repo_id        bigint           not null references repository (id),
    window_days    integer          not null,
    platform       text             not null,
    test_id        bigint           not null references test_identity (id),
    runs           integer          not null,
    failures       integer          not null,
    other_runs     integer          not null,
    other_failures integer          not null,
    p_value        double precision not null,
    updated_at     timestamptz      not null,
    primary key (repo_id, window_days, platform, test_id)
);

-- Job test-time-regressions, stage 1: per test file and day (UTC), the job executions that ran the file on the
-- default branch and the sum of their file times (a file's time in one execution is the sum of its test cases).
create table test_file_time_day (
    repo_id       bigint           not null references repository (id),
    day           date             not null,
    file          text             not null,
    runs          integer          not null,
    total_seconds double precision not null,
    primary key (repo_id, day, file)
);

-- Job test-time-regressions, stage 2: files whose mean time grew by more than the thresholds, with the numbers.
create table test_time_regression (
    repo_id               bigint           not null references repository (id),
    file                  text             not null,
    current_from          date             not null,
    current_to            date             not null,
    current_runs          integer          not null,
    current_mean_seconds  double precision not null,
    previous_from         date             not null,
    previous_to           date             not null,
    previous_runs         integer          not null,
    previous_mean_seconds double precision not null,
    increase_seconds      double precision not null,
    -- null when the previous mean was 0 s
    increase_ratio        double precision,
    updated_at            timestamptz      not null,
    primary key (repo_id, file)
);
