-- Greenboard core schema: the facts that ingest writes and every read and rollup starts from.
--
-- Conventions:
--  * times are timestamptz; GitHub ids are bigint and used as primary keys where GitHub gives one;
--  * status and conclusion are kept as GitHub spells them (lower case text), and a status rank
--    (queued < waiting < in_progress < completed) decides which of two out-of-order updates wins;
--  * high-volume fact tables (test results, raw deliveries, documents) are range-partitioned by
--    time, so retention drops whole partitions; partitions are created ahead of time by the
--    application (PartitionMaintenance), and a DEFAULT partition catches anything outside them.

create table repository (
    id             bigint generated always as identity primary key,
    full_name      text        not null unique,
    owner          text        not null,
    name           text        not null,
    github_id      bigint      unique,
    default_branch text        not null default 'main',
    html_url       text,
    created_at     timestamptz not null default now()
);

-- One row per commit, whatever branch or PR it was seen on.
create table commit (
    repo_id      bigint      not null references repository (id),
    sha          text        not null,
    message      text,
    title        text,
    author_name  text,
    author_login text,
    author_email text,
    committed_at timestamptz,
    pr_number    integer,
    html_url     text,
    first_seen_at timestamptz not null default now(),
    primary key (repo_id, sha)
);

-- The order of commits on a branch: the HUD's rows. A commit keeps the position where it was first
-- seen on the branch; commits of one push keep their order through push_ordinal.
create table branch_commit (
    repo_id      bigint      not null,
    branch       text        not null,
    sha          text        not null,
    seen_at      timestamptz not null,
    push_ordinal integer     not null default 0,
    source       text        not null, -- push | workflow_run | test_report | check_suite | pull_request
    primary key (repo_id, branch, sha),
    foreign key (repo_id, sha) references commit (repo_id, sha)
);
-- Keyset paging of a branch, newest first.
create index branch_commit_page_idx on branch_commit (repo_id, branch, seen_at desc, push_ordinal desc, sha desc);

create table push (
    id           bigint generated always as identity primary key,
    repo_id      bigint      not null references repository (id),
    delivery_id  text        not null unique,
    ref          text        not null,
    before_sha   text,
    after_sha    text,
    created      boolean     not null default false,
    deleted      boolean     not null default false,
    forced       boolean     not null default false,
    pusher       text,
    head_message text,
    pushed_at    timestamptz not null
);
create index push_repo_ref_idx on push (repo_id, ref, pushed_at desc);

create table push_commit (
    push_id  bigint  not null references push (id) on delete cascade,
    ordinal  integer not null,
    sha      text    not null,
    primary key (push_id, ordinal)
);

create table pull_request (
    repo_id     bigint      not null references repository (id),
    number      integer     not null,
    github_id   bigint,
    title       text,
    state       text        not null,
    author      text,
    head_sha    text,
    head_ref    text,
    base_ref    text,
    merged      boolean     not null default false,
    draft       boolean     not null default false,
    created_at  timestamptz,
    updated_at  timestamptz,
    closed_at   timestamptz,
    merged_at   timestamptz,
    html_url    text,
    primary key (repo_id, number)
);

-- Every head a PR has had, force-pushed ones included.
create table pull_request_commit (
    repo_id   bigint      not null,
    number    integer     not null,
    sha       text        not null,
    seen_at   timestamptz not null,
    primary key (repo_id, number, sha),
    foreign key (repo_id, number) references pull_request (repo_id, number)
);
create index pull_request_commit_sha_idx on pull_request_commit (repo_id, sha);

-- One row per attempt of a workflow run.
create table workflow_run (
    id             bigint      not null,
    run_attempt    integer     not null,
    repo_id        bigint      not null references repository (id),
    workflow_id    bigint,
    name           text,
    event          text,
    head_branch    text,
    head_sha       text        not null,
    run_number     integer,
    status         text        not null,
    status_rank    smallint    not null,
    conclusion     text,
    created_at     timestamptz,
    run_started_at timestamptz,
    updated_at     timestamptz,
    html_url       text,
    primary key (id, run_attempt)
);
create index workflow_run_sha_idx on workflow_run (repo_id, head_sha);
create index workflow_run_created_idx on workflow_run (repo_id, created_at desc);

-- One row per job execution; GitHub gives every attempt of a job its own id.
create table job (
    id            bigint      primary key,
    run_id        bigint,
    run_attempt   integer     not null default 1,
    repo_id       bigint      not null references repository (id),
    name          text        not null,
    workflow_name text,
    head_sha      text        not null,
    head_branch   text,
    labels        text[]      not null default '{}',
    runner_name   text,
    runner_group  text,
    status        text        not null,
    status_rank   smallint    not null,
    conclusion    text,
    created_at    timestamptz,
    started_at    timestamptz,
    completed_at  timestamptz,
    steps         jsonb,
    html_url      text,
    updated_at    timestamptz not null default now()
);
create index job_sha_idx on job (repo_id, head_sha);
create index job_run_idx on job (run_id, run_attempt);
create index job_repo_name_completed_idx on job (repo_id, name, completed_at desc);
-- The live queue is a scan of the few jobs that are not finished.
create index job_unfinished_idx on job (repo_id, status) where status <> 'completed';

create table check_suite (
    id          bigint      primary key,
    repo_id     bigint      not null references repository (id),
    head_sha    text        not null,
    head_branch text,
    app_slug    text,
    status      text,
    status_rank smallint    not null,
    conclusion  text,
    created_at  timestamptz,
    updated_at  timestamptz
);
create index check_suite_sha_idx on check_suite (repo_id, head_sha);

create table check_run (
    id             bigint      primary key,
    repo_id        bigint      not null references repository (id),
    check_suite_id bigint,
    head_sha       text        not null,
    name           text        not null,
    app_slug       text,
    status         text        not null,
    status_rank    smallint    not null,
    conclusion     text,
    started_at     timestamptz,
    completed_at   timestamptz,
    html_url       text
);
create index check_run_sha_idx on check_run (repo_id, head_sha);

-- Commit statuses (the legacy status API), newest by updated_at per status id.
create table commit_status (
    id          bigint      primary key,
    repo_id     bigint      not null references repository (id),
    sha         text        not null,
    context     text        not null,
    state       text        not null,
    description text,
    target_url  text,
    created_at  timestamptz,
    updated_at  timestamptz
);
create index commit_status_sha_idx on commit_status (repo_id, sha);

create table issue (
    repo_id         bigint      not null references repository (id),
    number          integer     not null,
    github_id       bigint,
    title           text        not null,
    body            text,
    state           text        not null,
    author          text,
    labels          text[]      not null default '{}',
    is_pull_request boolean     not null default false,
    created_at      timestamptz,
    updated_at      timestamptz,
    closed_at       timestamptz,
    primary key (repo_id, number)
);

create table issue_comment (
    id              bigint      primary key,
    repo_id         bigint      not null references repository (id),
    issue_number    integer     not null,
    is_pull_request boolean     not null default false,
    author          text,
    body            text,
    created_at      timestamptz,
    updated_at      timestamptz,
    deleted         boolean     not null default false
);
create index issue_comment_issue_idx on issue_comment (repo_id, issue_number);

-- Raw deliveries, kept as sent. The key table makes redelivery detection one unique-index probe
-- (a partitioned table cannot have a unique index without the partition key).
create table webhook_delivery_key (
    delivery_id text        primary key,
    received_at timestamptz not null
);

create table webhook_delivery (
    delivery_id     text        not null,
    received_at     timestamptz not null,
    event           text        not null,
    action          text,
    repo_id         bigint,
    normalized      boolean     not null,
    normalize_error text,
    body            jsonb       not null,
    primary key (delivery_id, received_at)
) partition by range (received_at);
create table webhook_delivery_default partition of webhook_delivery default;
create index webhook_delivery_event_idx on webhook_delivery (event, received_at desc);

-- One uploaded report (a JUnit XML file, a zip of them, or JSON lines).
create table test_report (
    id               bigint generated always as identity primary key,
    repo_id          bigint      not null references repository (id),
    sha              text        not null,
    workflow_run_id  bigint,
    run_attempt      integer     not null default 1,
    job_id           bigint,
    job_name         text,
    workflow_name    text,
    branch           text,
    labels           jsonb       not null default '{}',
    format           text        not null,
    idempotency_key  text        not null unique,
    body_sha256      text        not null,
    tests            integer     not null,
    passed           integer     not null,
    failed           integer     not null,
    errors           integer     not null,
    skipped          integer     not null,
    flaky            integer     not null,
    received_at      timestamptz not null
);
create index test_report_job_idx on test_report (job_id);
create index test_report_sha_idx on test_report (repo_id, sha);
create index test_report_run_idx on test_report (workflow_run_id, run_attempt);

-- Test identities keep the fact rows narrow: a result row carries a bigint, not three strings.
create table test_identity (
    id        bigint generated always as identity primary key,
    repo_id   bigint not null references repository (id),
    file      text   not null,
    classname text   not null,
    name      text   not null,
    unique (repo_id, file, classname, name)
);
-- Test search by name fragment.
create index test_identity_name_idx on test_identity (repo_id, name text_pattern_ops);

-- One row per executed test case. status: 0 passed, 1 failed, 2 error, 3 skipped, 4 flaky.
-- No foreign keys: the rows are written by COPY in bulk and removed by dropping partitions.
create table test_result (
    received_at  timestamptz not null,
    report_id    bigint      not null,
    ordinal      integer     not null,
    test_id      bigint      not null,
    status       smallint    not null,
    duration_s   double precision,
    rerun_count  smallint    not null default 0,
    message      text,
    failure_text text,
    extra        jsonb,
    primary key (report_id, ordinal, received_at)
) partition by range (received_at);
create table test_result_default partition of test_result default;
-- History of one test, newest first.
create index test_result_test_idx on test_result (test_id, received_at desc);

-- Schemaless documents. document_key holds the one current event time of each (collection, id)
-- so that an upsert that moves a document to another time partition stays a single document.
create table document_collection (
    name       text        primary key,
    created_at timestamptz not null default now()
);

create table document_key (
    collection text        not null references document_collection (name),
    id         text        not null,
    event_time timestamptz not null,
    primary key (collection, id)
);

create table document (
    collection  text        not null,
    id          text        not null,
    event_time  timestamptz not null,
    received_at timestamptz not null,
    body        jsonb       not null,
    primary key (collection, id, event_time)
) partition by range (event_time);
create table document_default partition of document default;
create index document_time_idx on document (collection, event_time desc, id);
create index document_body_idx on document using gin (body jsonb_path_ops);
