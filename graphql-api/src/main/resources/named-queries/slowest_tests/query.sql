-- The slowest tests by mean duration.
--
-- Counted: every result of a test (test_result) of the repository received within the last :days days that has a
-- duration and was not skipped (a skipped test did not run; its duration would pull the mean down). A test is its
-- (file, classname, name).
--
-- One row per test: runs (results counted), the mean and the longest duration in seconds, rounded to 0.001; the
-- :limit slowest by mean, slowest first.
select ti.file,
       ti.classname,
       ti.name,
       count(*) as runs,
       round(avg(tr.duration_s)::numeric, 3) as mean_seconds,
       round(max(tr.duration_s)::numeric, 3) as max_seconds
from repository r
join test_identity ti on ti.repo_id = r.id
join test_result tr on tr.test_id = ti.id
where r.id = repository_id(:repo)
  and tr.received_at >= now() - :days * interval '1 day'
  and tr.status <> 3 -- skipped
  and tr.duration_s is not null
group by ti.id, ti.file, ti.classname, ti.name
order by mean_seconds desc, ti.file, ti.classname, ti.name
limit :limit
