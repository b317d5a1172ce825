-- Platform smoke tests re-judge only the tests whose daily aggregates changed since their last run (issue #13,
-- docs/test-statistics.md "What each statistic reads"). "Since" is by transaction, not by time: a fold that began
-- before the last run but committed after it has an older folded_at than that run, and a time margin would have to
-- cover the longest fold. A transaction id older than the oldest one running when the last run began had ended by
-- then, so that run saw its rows; every other row may be new.

-- The transaction that counted or last corrected the report.
alter table test_stats_ledger add column folded_xid xid8 not null default pg_current_xact_id();
create index test_stats_ledger_folded_xid_idx on test_stats_ledger (folded_xid);

-- The oldest transaction still running when the rollup's previous run began (pg_snapshot_xmin): rows of it and of
-- newer transactions may be new to the next run.
alter table rollup_state add column transactions_seen xid8;
