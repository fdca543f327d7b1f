-- Settings of the hub itself, one row per key (the secret key's check value lives here).
create table hub_settings (
  key         text primary key,
  value       jsonb not null,
  updated_at  timestamptz not null default now()
);

-- Removal keeps the data: a removed connection or partner is soft-deleted, its rows stay.
alter table connections add column deleted_at timestamptz;
alter table timing_partners add column deleted_at timestamptz;

-- A keyed hash of the provider account a connection logs in as (e.g. RunSignUp's api_key): a partner
-- may not add the same account twice, since both connections would claim the same rows.
alter table connections add column account_fingerprint text;
create unique index connections_one_per_account on connections (timing_partner_id, provider, account_fingerprint)
  where deleted_at is null and account_fingerprint is not null;

-- An alert stays open until resolved, so a condition that persists raises it once, not every minute.
alter table alerts add column resolved_at timestamptz;

-- Results get their own id in the view (added last: a view's existing columns keep their places), so
-- readers can page through them by key.
create or replace view unified_results as
select r.timing_partner_id, r.provider, r.event_id, r.race_id, r.result_set,
       (select p.id from participants p
         where p.race_id = r.race_id and p.bib = r.bib and p.deleted_at is null
         order by p.id limit 1) as participant_id,
       r.bib, r.first_name, r.last_name, r.gender, r.age, r.clock_time, r.chip_time,
       r.overall_place, r.gender_place, r.division_place, r.division, r.status, r.updated_at,
       r.id as result_id
from results r
where r.deleted_at is null;
