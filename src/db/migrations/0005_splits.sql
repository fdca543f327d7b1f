-- Split times: one row per intermediate time of a result (ChronoTrack intervals, Copernico times,
-- RunSignUp split columns). The finish itself stays on the result. A split's identity is its result
-- and its name; `split_order` is its place along the course.
create table result_splits (
  id                 bigserial primary key,
  timing_partner_id  bigint not null references timing_partners(id),
  provider           text not null,
  connection_id      bigint not null references connections(id),
  event_id           bigint not null references events(id),
  race_id            bigint not null references races(id),
  result_id          bigint not null references results(id),
  split_name         text not null,
  split_order        int not null,
  distance_m         numeric(10, 1),
  clock_time         interval,
  chip_time          interval,
  first_seen_at      timestamptz not null default now(),
  updated_at         timestamptz not null default now(),
  deleted_at         timestamptz,
  unique (result_id, split_name)
);
create index result_splits_race on result_splits (race_id, id) where deleted_at is null;

-- `split_id` (added last) lets readers page through splits by key; participant_id links by (race, bib)
-- like unified_results.
create view unified_splits as
select s.timing_partner_id, s.provider, s.event_id, s.race_id, r.result_set,
       (select p.id from participants p
         where p.race_id = r.race_id and p.bib = r.bib and p.deleted_at is null
         order by p.id limit 1) as participant_id,
       r.bib, s.split_name, s.split_order, s.distance_m, s.clock_time, s.chip_time, s.updated_at,
       s.id as split_id
from result_splits s
join results r on r.id = s.result_id
where s.deleted_at is null and r.deleted_at is null;
