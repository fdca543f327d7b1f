-- What the generalised provider contract needs of the schema.

-- Provider tokens (Race Roster, Haku, ChronoTrack OAuth): one row per connection, sealed like the
-- credentials, shared by every process. `version` grows with each renewal; a renewal is claimed by a
-- conditional update (renewing_by / renewing_until), so two processes never renew one token twice.
create table provider_tokens (
  connection_id   bigint primary key references connections(id),
  sealed          text,
  key_version     int not null default 1,
  expires_at      timestamptz,
  version         int not null default 0,
  renewing_by     text,
  renewing_until  timestamptz,
  updated_at      timestamptz not null default now()
);

-- Where a connection gets its tokens when the provider has a token endpoint of its own host.
alter table connections add column auth_url text;

-- A provider's own version of a registration (Haku: its updated_at), so a read can skip the detail
-- call of one that has not changed.
alter table participants add column provider_version text;

-- Haku events have a date and no time: their start is stored as local midnight, marked 'date'.
alter table events add column start_time_precision text not null default 'time' check (start_time_precision in ('time', 'date'));
alter table races add column start_time_precision text not null default 'time' check (start_time_precision in ('time', 'date'));

-- Targets a provider serves with one read (RunSignUp: all races of an event) share a group key and
-- are leased together; null for targets read on their own.
alter table sync_targets add column group_key text;
create index sync_targets_group on sync_targets (connection_id, group_key) where group_key is not null;

create or replace view unified_events as
select e.timing_partner_id, e.provider, e.id as event_id, e.provider_event_id, e.name, e.start_time,
       e.time_zone, e.city, e.region, e.country, e.updated_at, e.start_time_precision
from events e
where e.deleted_at is null;

create or replace view unified_races as
select r.timing_partner_id, r.provider, r.event_id, r.id as race_id, r.provider_race_id, r.name,
       r.start_time, r.distance, r.updated_at, r.start_time_precision
from races r
where r.deleted_at is null;

-- RunSignUp reads every race of an event with one call: its existing participants targets form groups.
update sync_targets st set group_key = 'event:' || r.event_id
from races r, connections c
where r.id = st.race_id and c.id = st.connection_id and st.kind = 'participants' and c.provider = 'runsignup';
