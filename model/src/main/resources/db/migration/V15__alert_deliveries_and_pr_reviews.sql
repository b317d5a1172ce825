-- Issue 16: the last gaps of metrics a CI team runs its week on (docs/metrics.md).

-- Which webhook took which change (docs/metrics.md#change-alerts): a change is posted to each configured webhook
-- until that webhook answers 2xx, and never again to it after that, whatever the others answer. The webhook is kept
-- as the SHA-256 of its URL (hex): a Slack URL is a secret and has no place in the database, and a URL removed from
-- the configuration simply has nothing left to be retried.
create table metric_change_delivery (
    change_id    bigint      not null references metric_change (id) on delete cascade,
    webhook      text        not null,
    delivered_at timestamptz not null,
    primary key (change_id, webhook)
);

-- Reviews of pull requests, from the pull_request_review webhook (docs/ingest.md) and the GitHub sync: the landing
-- time of a pull request starts at its first approval when that comes before its first merge attempt
-- (docs/metrics.md#pull-requests). One row per review, updated in place when it is edited or dismissed.
create table pull_request_review (
    repo_id      bigint      not null references repository (id),
    pr_number    integer     not null,
    review_id    bigint      not null,
    author       text,
    -- as GitHub's REST API spells it: APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED (webhooks send lower case);
    -- DISMISSED is final: a late "submitted" delivery does not bring a dismissed approval back
    state        text        not null,
    submitted_at timestamptz,
    commit_id    text,
    body         text,
    html_url     text,
    updated_at   timestamptz not null,
    primary key (repo_id, pr_number, review_id)
);
create index pull_request_review_approved_idx on pull_request_review (repo_id, pr_number, submitted_at)
    where state = 'APPROVED';
