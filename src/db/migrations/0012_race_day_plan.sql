-- Race day planned against the budget. When a connection's race-day reads need more calls than its
-- hour holds, the planner stretches the cadence of the races starting last (`planned_interval_ms`,
-- null = the policy's own cadence). The budget counts race-day calls apart (`race_day_counts`, the
-- same 61-minute window as `minute_counts`) and keeps the plan's need (`race_day_need` calls an hour,
-- as of `race_day_need_at`), so the reserve race day will not use is lent to other work.
alter table sync_targets add column planned_interval_ms bigint check (planned_interval_ms > 0);
alter table budgets add column race_day_counts int[] not null default array_fill(0, array[61]);
alter table budgets add column race_day_need double precision check (race_day_need >= 0);
alter table budgets add column race_day_need_at timestamptz;
