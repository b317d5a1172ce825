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
