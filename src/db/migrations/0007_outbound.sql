-- The outbound half: a registration race linked to its scoring race, participants pushed to the scoring
-- provider, results published back to the registration provider.

-- A link joins two races of one partner: the race people registered for and the race that times it.
create table race_links (
  id                    bigserial primary key,
  timing_partner_id     bigint not null references timing_partners(id),
  registration_race_id  bigint not null references races(id),
  scoring_race_id       bigint not null references races(id),
  created_at            timestamptz not null default now(),
  removed_at            timestamptz,
  -- The result set published results go into at the registration provider, once created there.
  published_result_set  text,
  check (registration_race_id <> scoring_race_id)
);
create unique index race_links_one on race_links (registration_race_id, scoring_race_id) where removed_at is null;
create index race_links_scoring on race_links (scoring_race_id) where removed_at is null;

-- A scoring result matched to the registration it belongs to, and how (by bib, or by name and birthdate).
alter table results add column registration_participant_id bigint references participants(id);
alter table results add column match_method text check (match_method in ('bib', 'name_birthdate'));

create or replace view unified_results as
select r.timing_partner_id, r.provider, r.event_id, r.race_id, r.result_set,
       (select p.id from participants p
         where p.race_id = r.race_id and p.bib = r.bib and p.deleted_at is null
         order by p.id limit 1) as participant_id,
       r.bib, r.first_name, r.last_name, r.gender, r.age, r.clock_time, r.chip_time,
       r.overall_place, r.gender_place, r.division_place, r.division, r.status, r.updated_at,
       r.id as result_id, r.registration_participant_id, r.match_method
from results r
where r.deleted_at is null;

-- What was last pushed of each registration of a link (content hash, the id the scoring provider
-- knows it by), or why the provider refused it.
create table push_items (
  link_id         bigint not null references race_links(id),
  participant_id  bigint not null references participants(id),
  pushed_id       text not null,
  content_hash    text not null,
  status          text not null check (status in ('pushed', 'rejected', 'withdrawn')),
  reason          text,
  pushed_at       timestamptz not null default now(),
  primary key (link_id, participant_id)
);

-- Results waiting to be published, approved, refused, or published: what goes out, and what came back.
create table publications (
  id                 bigserial primary key,
  timing_partner_id  bigint not null references timing_partners(id),
  link_id            bigint not null references race_links(id),
  status             text not null default 'pending' check (status in ('pending', 'approved', 'rejected', 'published', 'failed')),
  correction         boolean not null default false,
  rows               jsonb not null,
  diff               jsonb not null,
  created_at         timestamptz not null default now(),
  decided_at         timestamptz,
  decided_by         text,
  published_at       timestamptz,
  provider_answer    jsonb,
  error              text
);
create index publications_link on publications (link_id, id);

-- The last published version of each result of a link: only what changed goes out again.
create table published_results (
  link_id         bigint not null references race_links(id),
  result_id       bigint not null references results(id),
  content_hash    text not null,
  publication_id  bigint not null references publications(id),
  primary key (link_id, result_id)
);

alter table sync_targets drop constraint sync_targets_kind_check;
alter table sync_targets add constraint sync_targets_kind_check
  check (kind in ('discovery', 'participants', 'results', 'push', 'publish', 'backfill'));
