-- Test statistics whose cost follows new data (issue #13, docs/test-statistics.md "The ledger"). The rollup
-- `test-stats` folds every report, exactly once, into compact daily aggregates, and records in a ledger what it counted
-- the report as. When what a report counts for changes (its commit joins the default branch, its job's name, time or
-- platform arrives later by webhook) the next fold subtracts the old contribution and adds the new one. The ledger
-- and the aggregates change in one transaction, so a crash half-way leaves neither changed.

-- One row per counted report: what it was counted as. A report with no row here is not in any aggregate.
create table test_stats_ledger (
    report_id   bigint      primary key,
    repo_id     bigint      not null,
    -- the UTC day its results ran (test_report_run.ran_at)
    day         date        not null,
    -- its commit is on the repository's default branch
    on_default  boolean     not null,
    -- test_report_run.platform; '' when nothing names one
    platform    text        not null,
    -- the job's build environment and test config (JobNameParser)
    job_base    text        not null,
    config      text        not null,
    -- the job execution it belongs to (job id; minus the report id for a report without a job)
    execution   bigint      not null,
    received_at timestamptz not null,
    folded_at   timestamptz not null
);
create index test_stats_ledger_day_idx on test_stats_ledger (day);

-- Per test, UTC day and place: how its results went. Sums over the ledger's reports with this key.
-- runs: results that ran (not skipped); failures / errors / flakes (failed, then passed on a rerun) / skips by status.
create table test_day_stats (
    repo_id       bigint  not null,
    day           date    not null,
    test_id       bigint  not null,
    on_default    boolean not null,
    platform      text    not null,
    job_base      text    not null,
    config        text    not null,
    runs          integer not null,
    failures      integer not null,
    errors        integer not null,
    flakes        integer not null,
    skips         integer not null,
    -- exact decimals, so that folding the same reports in any order gives the same value
    total_seconds numeric not null,
    primary key (repo_id, day, test_id, on_default, platform, job_base, config)
);
-- "Which tests failed in the window": the few tests whose health needs their raw results.
create index test_day_stats_failing_idx on test_day_stats (repo_id, day, test_id)
    where failures + errors + flakes > 0;

-- Per test file, UTC day and job execution: the file's time in that execution (the sum of its test cases'
-- durations), for test-time regressions. reports counts the ledger reports that contributed, so that a correction can
-- take a row away again.
create table test_file_execution_day (
    repo_id    bigint  not null,
    day        date    not null,
    file       text    not null,
    on_default boolean not null,
    execution  bigint  not null,
    seconds    numeric not null,
    -- test results with a duration
    timed      integer not null,
    reports    integer not null,
    primary key (repo_id, day, file, on_default, execution)
);

-- The per-day tables of the old platform-smoke-tests and test-time-regressions stages: the aggregates above replace
-- them.
drop table test_platform_day;
drop table test_file_time_day;

-- The statistics read from the aggregates find the repositories whose counts changed by when a report was folded or
-- corrected.
create index test_stats_ledger_folded_idx on test_stats_ledger (folded_at);
