-- test_result carries its repository (issue 14, docs/scaling.md "Proposed migration"): repo_id is the column a Citus
-- deployment distributes every large table by, so that a repository's results sit on the shard of its reports,
-- identities and jobs; a distributed table's primary key must include it. Ingest's COPY writes it from now on.
alter table test_result add column if not exists repo_id bigint;

-- Existing rows take their report's repository. This rewrites every row once (about 11 us a row measured): an
-- installation with billions of rows backfills in batches first, as docs/scaling.md says, and then has none left here.
update test_result r set repo_id = t.repo_id from test_report t where t.id = r.report_id and r.repo_id is null;

-- A result whose report is gone is read by nothing (every read of results joins its report): it cannot be given a
-- repository, and is removed rather than kept without one.
delete from test_result where repo_id is null;

alter table test_result alter column repo_id set not null;
alter table test_result drop constraint test_result_pkey;
alter table test_result add primary key (repo_id, report_id, ordinal, received_at);
