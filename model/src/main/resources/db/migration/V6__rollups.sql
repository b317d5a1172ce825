-- Metrics jobs are called rollups from here on ("job" means a CI job only). Pre-1.0, these renames are made in one
-- step; from now on, schema changes follow expand/contract so that old and new instances can run side by side
-- (docs/deploy.md).
alter table metrics_job_run rename to rollup_run;
alter table rollup_run rename column job to rollup;
alter index metrics_job_run_job_idx rename to rollup_run_rollup_idx;
alter index metrics_job_run_period_idx rename to rollup_run_period_idx;
alter table metrics_job_state rename to rollup_state;
alter table rollup_state rename column job to rollup;

-- Which repository a name means, decided once for every module (ingest, rollups and the API call it).
-- ($1, not the parameter's name: inside the body "name" would mean the column repository.name.)
create function repository_id(full_name text) returns bigint
    language sql stable parallel safe
    as $$ select id from repository r where r.full_name = $1 $$;
