-- Tenants, connections, the canonical model, the sync bookkeeping and the public views.
-- Table and view names and the view columns are contracts (DESIGN.md §3); columns may be added.

create table timing_partners (
  id          bigserial primary key,
  name        text not null,
  time_zone   text not null default 'America/New_York',
  settings    jsonb not null default '{}',
  created_at  timestamptz not null default now()
);

create table connections (
  id                      bigserial primary key,
  timing_partner_id       bigint not null references timing_partners(id),
  provider                text not null check (provider in ('runsignup', 'raceroster', 'haku', 'chronotrack', 'copernico')),
  base_url                text,
  credentials_ciphertext  text not null,
  key_version             int not null default 1,
  budget_per_hour         int not null check (budget_per_hour > 0),
  settings                jsonb not null default '{}',
  status                  text not null default 'active' check (status in ('active', 'paused', 'auth_failed')),
  auth_failures           int not null default 0,
  created_at              timestamptz not null default now(),
  updated_at              timestamptz not null default now()
);
create index connections_partner on connections (timing_partner_id);

create table events (
  id                    bigserial primary key,
  timing_partner_id     bigint not null references timing_partners(id),
  provider              text not null,
  connection_id         bigint not null references connections(id),
  provider_event_id     text not null,
  name                  text not null,
  start_time            timestamptz,
  time_zone             text,
  city                  text,
  region                text,
  country               text,
  raw                   jsonb not null,
  content_hash          text not null,
  first_seen_at         timestamptz not null default now(),
  updated_at            timestamptz not null default now(),
  provider_modified_at  timestamptz,
  deleted_at            timestamptz,
  unique (timing_partner_id, provider, provider_event_id)
);

create table races (
  id                    bigserial primary key,
  timing_partner_id     bigint not null references timing_partners(id),
  provider              text not null,
  connection_id         bigint not null references connections(id),
  event_id              bigint not null references events(id),
  provider_race_id      text not null,
  name                  text not null,
  start_time            timestamptz,
  distance              text,
  raw                   jsonb not null,
  content_hash          text not null,
  first_seen_at         timestamptz not null default now(),
  updated_at            timestamptz not null default now(),
  provider_modified_at  timestamptz,
  deleted_at            timestamptz,
  unique (timing_partner_id, provider, provider_race_id)
);
create index races_event on races (event_id);
create index races_start on races (start_time);

create table participants (
  id                       bigserial primary key,
  timing_partner_id        bigint not null references timing_partners(id),
  provider                 text not null,
  connection_id            bigint not null references connections(id),
  event_id                 bigint not null references events(id),
  race_id                  bigint not null references races(id),
  provider_participant_id  text not null,
  bib                      text,
  chip                     text,
  first_name               text,
  last_name                text,
  email                    text,
  gender                   text check (gender in ('M', 'F', 'X')),
  birthdate                date,
  age                      int,
  city                     text,
  region                   text,
  country                  text,
  team_name                text,
  amount_paid              numeric(12, 2),
  registered_at            timestamptz,
  raw                      jsonb not null,
  content_hash             text not null,
  first_seen_at            timestamptz not null default now(),
  updated_at               timestamptz not null default now(),
  provider_modified_at     timestamptz,
  deleted_at               timestamptz,
  unique (timing_partner_id, provider, provider_participant_id)
);
create index participants_race on participants (race_id, provider_participant_id);
create index participants_race_bib on participants (race_id, bib) where deleted_at is null;

create table results (
  id                    bigserial primary key,
  timing_partner_id     bigint not null references timing_partners(id),
  provider              text not null,
  connection_id         bigint not null references connections(id),
  event_id              bigint not null references events(id),
  race_id               bigint not null references races(id),
  result_set            text not null,
  result_set_name       text,
  provider_result_id    text not null,
  bib                   text,
  first_name            text,
  last_name             text,
  gender                text check (gender in ('M', 'F', 'X')),
  age                   int,
  clock_time            interval,
  chip_time             interval,
  overall_place         int,
  gender_place          int,
  division_place        int,
  division              text,
  status                text not null check (status in ('finished', 'dnf', 'dns', 'dq')),
  raw                   jsonb not null,
  content_hash          text not null,
  first_seen_at         timestamptz not null default now(),
  updated_at            timestamptz not null default now(),
  provider_modified_at  timestamptz,
  deleted_at            timestamptz,
  unique (timing_partner_id, provider, result_set, provider_result_id)
);
create index results_race on results (race_id, result_set);

-- The schedule and the queue in one: one row per (connection, kind, scope).
create table sync_targets (
  id                 bigserial primary key,
  timing_partner_id  bigint not null references timing_partners(id),
  connection_id      bigint not null references connections(id),
  kind               text not null check (kind in ('discovery', 'participants', 'results', 'push', 'backfill')),
  race_id            bigint references races(id),
  scope              text not null, -- 'connection' or 'race:<id>'
  next_run_at        timestamptz,
  priority           int not null default 100,
  cursor             jsonb,
  checkpoint         jsonb,
  leased_by          text,
  lease_until        timestamptz,
  attempts           int not null default 0,
  last_error         text,
  last_success_at    timestamptz,
  state              text not null default 'active' check (state in ('active', 'paused', 'done', 'failed')),
  created_at         timestamptz not null default now(),
  updated_at         timestamptz not null default now(),
  unique (connection_id, kind, scope)
);
create index sync_targets_due on sync_targets (priority, next_run_at) where state = 'active';

create table sync_runs (
  id             bigserial primary key,
  target_id      bigint not null references sync_targets(id),
  mode           text not null check (mode in ('full', 'incremental', 'full_fallback', 'backfill')),
  status         text not null default 'running' check (status in ('running', 'succeeded', 'partial', 'failed')),
  dry_run        boolean not null default false,
  started_at     timestamptz not null default now(),
  finished_at    timestamptz,
  api_calls      int not null default 0,
  pages          int not null default 0,
  created        int not null default 0,
  updated        int not null default 0,
  unchanged      int not null default 0,
  deleted        int not null default 0,
  rejected       int not null default 0,
  error_class    text,
  error_message  text,
  cursor_from    jsonb,
  cursor_to      jsonb,
  lateness_ms    bigint
);
-- One active run per target is a database rule, not a hope.
create unique index sync_runs_one_active on sync_runs (target_id) where status = 'running';
create index sync_runs_target on sync_runs (target_id, started_at desc);

create table changes (
  id                 bigserial primary key,
  timing_partner_id  bigint not null references timing_partners(id),
  run_id             bigint references sync_runs(id),
  entity             text not null check (entity in ('event', 'race', 'participant', 'result')),
  entity_id          bigint not null,
  kind               text not null check (kind in ('created', 'updated', 'deleted', 'bib_assigned', 'bib_changed',
                                                   'bib_removed', 'bib_collision', 'result_posted', 'result_corrected')),
  old_values         jsonb,
  new_values         jsonb,
  created_at         timestamptz not null default now()
);
create index changes_partner on changes (timing_partner_id, id);

create table rejects (
  id                 bigserial primary key,
  timing_partner_id  bigint not null references timing_partners(id),
  provider           text not null,
  target_id          bigint references sync_targets(id),
  run_id             bigint references sync_runs(id),
  reason             text not null,
  raw                jsonb not null,
  created_at         timestamptz not null default now()
);

create table budgets (
  connection_id  bigint primary key references connections(id),
  capacity       double precision not null,
  refill_per_sec double precision not null,
  tokens         double precision not null,
  updated_at     timestamptz not null default now(),
  paused_until   timestamptz
);

create table alerts (
  id                 bigserial primary key,
  timing_partner_id  bigint references timing_partners(id),
  connection_id      bigint references connections(id),
  target_id          bigint references sync_targets(id),
  kind               text not null,
  message            text not null,
  details            jsonb not null default '{}',
  created_at         timestamptz not null default now(),
  delivered_at       timestamptz
);

create view unified_events as
select e.timing_partner_id, e.provider, e.id as event_id, e.provider_event_id, e.name, e.start_time,
       e.time_zone, e.city, e.region, e.country, e.updated_at
from events e
where e.deleted_at is null;

create view unified_races as
select r.timing_partner_id, r.provider, r.event_id, r.id as race_id, r.provider_race_id, r.name,
       r.start_time, r.distance, r.updated_at
from races r
where r.deleted_at is null;

create view unified_participants as
select p.timing_partner_id, p.provider, p.event_id, p.race_id, p.id as participant_id,
       p.provider_participant_id, p.bib, p.chip, p.first_name, p.last_name, p.email, p.gender,
       p.birthdate, p.age, p.city, p.region, p.country, p.team_name, p.amount_paid, p.registered_at,
       p.provider_modified_at, p.updated_at
from participants p
where p.deleted_at is null;

-- participant_id is linked by (race, bib) at read time, so results posted before the
-- registration is synced link up as soon as it arrives.
create view unified_results as
select r.timing_partner_id, r.provider, r.event_id, r.race_id, r.result_set,
       (select p.id from participants p
         where p.race_id = r.race_id and p.bib = r.bib and p.deleted_at is null
         order by p.id limit 1) as participant_id,
       r.bib, r.first_name, r.last_name, r.gender, r.age, r.clock_time, r.chip_time,
       r.overall_place, r.gender_place, r.division_place, r.division, r.status, r.updated_at
from results r
where r.deleted_at is null;
