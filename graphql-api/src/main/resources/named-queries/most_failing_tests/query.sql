-- The tests that failed most often.
--
-- Counted: every result of a test (test_result) of the repository received within the last :days days, except
-- skipped ones (status 3). A failure is a result failed (1) or error (2); flaky (4: failed, then passed on rerun) and
-- passed (0) results are runs without a failure. A test is its (file, classname, name).
--
-- One row per test that failed at least once: failures, runs, failure_rate = failures / runs (rounded to 4
-- decimals) and last_failure_at (when the newest failing result was received); the :limit with most failures first.
select ti.file,
       ti.classname,
       ti.name,
       count(*) filter (where tr.status in (1, 2)) as failures,
       count(*) as runs,
       round((count(*) filter (where tr.status in (1, 2)))::numeric / count(*), 4) as failure_rate,
       max(tr.received_at) filter (where tr.status in (1, 2)) as last_failure_at
from repository r
join test_identity ti on ti.repo_id = r.id
join test_result tr on tr.test_id = ti.id
where r.id = repository_id(:repo)
  and tr.received_at >= now() - :days * interval '1 day'
  and tr.status <> 3 -- skipped
group by ti.id, ti.file, ti.classname, ti.name
having count(*) filter (where tr.status in (1, 2)) > 0
order by failures desc, failure_rate desc, ti.file, ti.classname, ti.name
limit :limit
