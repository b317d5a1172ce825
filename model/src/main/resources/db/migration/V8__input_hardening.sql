-- Input hardening (docs/ingest.md "What is stored exactly, what is normalized"): repositories are identified by
-- GitHub's id and keep every name they had; raw deliveries PostgreSQL's jsonb cannot hold are kept as bytes; test
-- identities of any length; rollup keys that can never outgrow a B-tree entry. Instances of the previous version keep
-- working against this schema while a deployment rolls: what they write is still accepted (a trigger records the
-- names they give repositories), and their lookups find what they did (test identities by the hash index on name).

-- ---------------------------------------------------------------------------------------------------------------------
-- Repository names. GitHub treats owner/name case-insensitively and redirects a renamed or transferred repository's
-- old name to it, so Greenboard keeps every name a repository has had, keyed by its lower-case form. A key belongs to
-- the repository that last held it as its current name: when GitHub gives a former name to another repository, the
-- key moves to that one.
-- ---------------------------------------------------------------------------------------------------------------------
create table repository_name (
    name_key  text        primary key,
    repo_id   bigint      not null references repository (id),
    name      text        not null,
    named_at  timestamptz not null
);
create index repository_name_repo_idx on repository_name (repo_id);

-- When GitHub last named the repository (its payload's repository.updated_at): a delivery sent before that, arriving
-- late, does not rename the repository back.
alter table repository add column named_at timestamptz;

-- Every name that ever was current. A repository whose name differs only in letter case from one GitHub identified
-- (or from an older one) is the same repository to GitHub: the first of them keeps the key.
insert into repository_name (name_key, repo_id, name, named_at)
select lower(full_name), id, full_name, created_at
from repository
order by (github_id is null), id
on conflict (name_key) do nothing;

-- Whoever writes repository rows (any instance, any version), the current name is recorded.
create function repository_name_record() returns trigger language plpgsql as $$
begin
    insert into repository_name (name_key, repo_id, name, named_at)
    values (lower(new.full_name), new.id, new.full_name, now())
    on conflict (name_key) do update set repo_id = excluded.repo_id, name = excluded.name,
                                         named_at = excluded.named_at;
    return null;
end
$$;

create trigger repository_name_recorded after insert or update of full_name on repository
    for each row execute function repository_name_record();

-- The repositories that lost their key above get a name of their own (owner/name~id, never a GitHub name), so that
-- each repository's current name is found again.
update repository r
set full_name = r.full_name || '~' || r.id, name = r.name || '~' || r.id
where not exists (select 1 from repository_name n where n.repo_id = r.id);

-- Which repository a name means: its current name or any former one, in any letter case.
create or replace function repository_id(full_name text) returns bigint
    language sql stable parallel safe
    as $$ select repo_id from repository_name where name_key = lower($1) $$;

-- ---------------------------------------------------------------------------------------------------------------------
-- Raw deliveries. jsonb cannot hold \u0000, a lone UTF-16 surrogate or a number beyond numeric's range: such a
-- delivery's body holds what jsonb can (NUL removed, U+FFFD for a lone surrogate) or nothing, and raw_body the bytes
-- exactly as GitHub signed them. raw_body is null when body is the delivery as sent.
-- ---------------------------------------------------------------------------------------------------------------------
alter table webhook_delivery alter column body drop not null;
alter table webhook_delivery add column raw_body bytea;

-- ---------------------------------------------------------------------------------------------------------------------
-- Test identities of any length. A B-tree entry holds at most about 2.7 KB, and test files, classes and names (a
-- suite name stands for the file when a test case has none) come from uploads of any size. They are kept whole and
-- made unique by a hash of all three; names are found by a hash index, which has no length limit.
-- ---------------------------------------------------------------------------------------------------------------------

-- Immutable although convert_to is only stable: the database's encoding never changes.
create function text_sha256(value text) returns bytea
    language sql immutable parallel safe strict
    as $$ select sha256(convert_to($1, 'UTF8')) $$;

-- Lengths make the concatenation unambiguous: ("a:b", "", "c") and ("a", "b", "c") differ.
create function test_identity_hash(file text, classname text, name text) returns bytea
    language sql immutable parallel safe strict
    as $$ select text_sha256(length($1) || ':' || $1 || length($2) || ':' || $2 || $3) $$;

alter table test_identity add column identity_hash bytea
    generated always as (test_identity_hash(file, classname, name)) stored;
alter table test_identity drop constraint test_identity_repo_id_file_classname_name_key;
alter table test_identity add constraint test_identity_repo_hash_key unique (repo_id, identity_hash);
drop index test_identity_name_idx;
create index test_identity_name_idx on test_identity using hash (name);

-- ---------------------------------------------------------------------------------------------------------------------
-- Rollup keys made of test files, classes and names, and of the build environment and config parsed from job names.
-- Over 512 bytes (no real one is), a key is stored as its first 100 characters, '…' and the SHA-256 of the whole, at
-- most 467 bytes, so that a whole key never outgrows an index entry and a rollup never fails on one; such a test is
-- then left out of the file's published times rather than stopping the rollup for everyone.
-- ---------------------------------------------------------------------------------------------------------------------
create function bounded_key(value text) returns text
    language sql immutable parallel safe strict
    as $$ select case when octet_length($1) <= 512 then $1
                      else left($1, 100) || '…' || encode(text_sha256($1), 'hex') end $$;

create function bound_file_key() returns trigger language plpgsql as $$
begin
    new.file := bounded_key(new.file);
    return new;
end
$$;

create function bound_file_time_keys() returns trigger language plpgsql as $$
begin
    new.base := bounded_key(new.base);
    new.config := bounded_key(new.config);
    new.file := bounded_key(new.file);
    return new;
end
$$;

create function bound_class_time_keys() returns trigger language plpgsql as $$
begin
    new.base := bounded_key(new.base);
    new.config := bounded_key(new.config);
    new.file := bounded_key(new.file);
    new.classname := bounded_key(new.classname);
    return new;
end
$$;

create function bound_test_key() returns trigger language plpgsql as $$
begin
    new.test_key := bounded_key(new.test_key);
    return new;
end
$$;

create trigger test_file_time_day_bounded before insert or update on test_file_time_day
    for each row execute function bound_file_key();
create trigger test_time_regression_bounded before insert or update on test_time_regression
    for each row execute function bound_file_key();
create trigger test_file_time_bounded before insert or update on test_file_time
    for each row execute function bound_file_time_keys();
create trigger test_class_time_bounded before insert or update on test_class_time
    for each row execute function bound_class_time_keys();
create trigger slow_test_bounded before insert or update on slow_test
    for each row execute function bound_test_key();
