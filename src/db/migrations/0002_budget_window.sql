-- The call budget counts calls per minute over the current minute and the 60 before it (so every true
-- sliding hour lies inside what is counted): `capacity` is the connection's calls per hour, `tokens`
-- what is left of it, `minute_counts[i]` the calls made in the minute whose index modulo 61 is i,
-- `window_minute` the newest minute counted. Work outside race day may only use (1 − reserve_share)
-- of the hour while the connection has race-day targets.
alter table budgets add column minute_counts int[] not null default array_fill(0, array[61]);
alter table budgets add column window_minute bigint not null default 0;
alter table budgets add column reserve_share double precision not null default 0.3
  check (reserve_share >= 0 and reserve_share < 1);
alter table budgets add column spent_total bigint not null default 0;
