-- GitHub sync (issue #15, docs/ingest.md "Backfill from GitHub" and "Healing missed deliveries").

-- One backfill of a repository's history since a date. Its progress is written after every page it stored, so that
-- a restart (or another instance, once the heartbeat is stale) resumes it where it stopped.
create table github_backfill (
    id                   bigint generated always as identity primary key,
    repo                 text        not null,
    since                timestamptz not null,
    -- queued: waits for a worker; running: a worker reads (or the instance died while reading: heartbeat_at says);
    -- done; failed (error says why; a new backfill starts afresh). A wait for GitHub's rate limit is shown live.
    state                text        not null check (state in ('queued', 'running', 'done', 'failed')),
    -- commits, runs, pulls, then done: the order the phases run in.
    phase                text        not null default 'commits' check (phase in ('commits', 'runs', 'pulls', 'done')),
    default_branch       text,
    pages_fetched        bigint      not null default 0,
    pages_not_modified   bigint      not null default 0,
    commits_stored       bigint      not null default 0,
    runs_stored          bigint      not null default 0,
    jobs_stored          bigint      not null default 0,
    pull_requests_stored bigint      not null default 0,
    -- GitHub's count of the runs in the planned windows, and the runs read so far: the ETA's basis.
    runs_total           bigint,
    runs_read            bigint      not null default 0,
    rate_limit_remaining bigint,
    rate_limit_reset     timestamptz,
    error                text,
    worker               text,
    heartbeat_at         timestamptz,
    created_at           timestamptz not null default now(),
    started_at           timestamptz,
    finished_at          timestamptz
);
-- One backfill of a repository at a time: starting another while one is active answers the active one.
create unique index github_backfill_active_idx on github_backfill (lower(repo))
    where state in ('queued', 'running');
create index github_backfill_repo_idx on github_backfill (lower(repo), id desc);

-- Where each phase of a backfill goes on: the next page to read (Link rel="next"), null once the phase is through.
-- The runs phase reads windows of creation time (GitHub lists at most 1,000 runs per query): the planned windows
-- and the one being read.
create table github_backfill_cursor (
    backfill_id  bigint  not null references github_backfill (id) on delete cascade,
    phase        text    not null,
    next_url     text,
    windows      jsonb,
    window_index integer not null default 0,
    done         boolean not null default false,
    primary key (backfill_id, phase)
);

-- The ETag store of the GitHub client (EtagStore): a page GitHub answers 304 for is read from here, at no rate-limit
-- cost, after a restart too. Bounded by JdbcEtagStore (oldest stored first go).
create table github_etag (
    url           text        primary key,
    etag          text,
    last_modified text,
    link          text,
    body          text        not null,
    chars         bigint      not null,
    stored_at     timestamptz not null
);
create index github_etag_stored_idx on github_etag (stored_at);

-- The healing reconciler's counters, one row; a run takes the advisory lock GitHubHealer.LOCK_KEY so that only one
-- instance heals at a time.
create table github_heal_state (
    id                  smallint    primary key check (id = 1),
    runs                bigint      not null default 0,
    healed_jobs         bigint      not null default 0,
    healed_runs         bigint      not null default 0,
    redeliveries_asked  bigint      not null default 0,
    last_started_at     timestamptz,
    last_finished_at    timestamptz,
    last_error          text
);
insert into github_heal_state (id) values (1);
