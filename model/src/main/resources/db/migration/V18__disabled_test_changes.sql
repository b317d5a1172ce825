-- Every time a disabled-list entry is disabled or enabled again (issue 16, PyTorch's K11 "total number of open
-- disabled tests"): the number open at any time is the entries whose latest change by then disabled them. A trigger
-- keeps it, so every writer (the disabled-tests rollup, the disableTest and enableTest mutations) records its changes
-- in its own transaction, at the time the row says (created_at for a new entry, updated_at for a change).
create table disabled_test_change (
    id               bigint      generated always as identity primary key,
    disabled_test_id bigint      not null references disabled_test (id) on delete cascade,
    repo_id          bigint      not null,
    changed_at       timestamptz not null,
    active           boolean     not null
);
create index disabled_test_change_repo_idx on disabled_test_change (repo_id, changed_at);

create function record_disabled_test_change() returns trigger
    language plpgsql
    as $$
begin
    if tg_op = 'INSERT' then
        insert into disabled_test_change (disabled_test_id, repo_id, changed_at, active)
        values (new.id, new.repo_id, new.created_at, new.active);
    elsif new.active is distinct from old.active then
        insert into disabled_test_change (disabled_test_id, repo_id, changed_at, active)
        values (new.id, new.repo_id, new.updated_at, new.active);
    end if;
    return null;
end
$$;

create trigger disabled_test_change_recorded
    after insert or update of active on disabled_test
    for each row execute function record_disabled_test_change();

-- The entries there are now: disabled when created, enabled again at their last update if inactive. An entry disabled,
-- enabled and disabled again before this migration keeps only its first disabling and, if inactive now, its last
-- change: its history in between was not kept.
insert into disabled_test_change (disabled_test_id, repo_id, changed_at, active)
select id, repo_id, created_at, true from disabled_test
union all
select id, repo_id, updated_at, false from disabled_test where not active
order by 3;
