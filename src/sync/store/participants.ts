import type { Queryable } from '../../db/database.js';

/** What the engine needs of a stored participant to tell what changed. */
export interface StoredParticipant {
  id: number;
  key: string;
  raceId: number;
  /** The connection that stored it: another connection of the partner may not take it over. */
  connectionId: number;
  contentHash: string;
  /** The hash of the canonical fields without the raw payload (null for rows stored before it existed). */
  fieldsHash: string | null;
  /** The provider's version tag, where the adapter keeps one (see ParticipantsQuery.knownVersion). */
  version: string | null;
  bib: string | null;
  chip: string | null;
  firstName: string | null;
  lastName: string | null;
  deleted: boolean;
}

interface StoredRow {
  id: number;
  provider_participant_id: string;
  race_id: number;
  connection_id: number;
  content_hash: string;
  fields_hash: string | null;
  provider_version: string | null;
  bib: string | null;
  chip: string | null;
  first_name: string | null;
  last_name: string | null;
  deleted: boolean;
}

const SELECT_STORED = `select id, provider_participant_id, race_id, connection_id, content_hash, fields_hash, provider_version, bib, chip, first_name, last_name,
       deleted_at is not null as deleted
  from participants`;

const toStored = (row: StoredRow): StoredParticipant => ({
  id: row.id,
  key: row.provider_participant_id,
  raceId: row.race_id,
  connectionId: row.connection_id,
  contentHash: row.content_hash,
  fieldsHash: row.fields_hash,
  version: row.provider_version,
  bib: row.bib,
  chip: row.chip,
  firstName: row.first_name,
  lastName: row.last_name,
  deleted: row.deleted,
});

export async function loadParticipantsOfRaces(db: Queryable, raceIds: number[]): Promise<StoredParticipant[]> {
  const rows = await db.query<StoredRow>(`${SELECT_STORED} where race_id = any($1::bigint[])`, [raceIds]);
  return rows.map(toStored);
}

export async function loadParticipantsByKey(
  db: Queryable,
  scope: { timingPartnerId: number; provider: string },
  keys: string[],
): Promise<StoredParticipant[]> {
  if (keys.length === 0) return [];
  // One index lookup per key, whatever the statistics say: with `= any(...)` or a plain join the
  // planner may scan every row of the partner instead (`offset 0` keeps the subquery a per-key probe).
  const rows = await db.query<StoredRow>(
    `select p.* from unnest($3::text[]) as k(key),
       lateral (${SELECT_STORED} where timing_partner_id = $1 and provider = $2 and provider_participant_id = k.key offset 0) p`,
    [scope.timingPartnerId, scope.provider, keys],
  );
  return rows.map(toStored);
}

/** The active participants holding each (race, bib) slot, one index probe per slot (`participants_race_bib`). */
export async function loadBibHolders(db: Queryable, slots: { raceId: number; bib: string }[]): Promise<StoredParticipant[]> {
  if (slots.length === 0) return [];
  const rows = await db.query<StoredRow>(
    `select p.* from unnest($1::bigint[], $2::text[]) as s(race_id, bib),
       lateral (${SELECT_STORED} where race_id = s.race_id and bib = s.bib and deleted_at is null offset 0) p`,
    [slots.map((s) => s.raceId), slots.map((s) => s.bib)],
  );
  return rows.map(toStored);
}

export async function countActiveParticipants(db: Queryable, raceIds: number[]): Promise<number> {
  const [row] = await db.query<{ count: number }>('select count(*)::int as count from participants where race_id = any($1::bigint[]) and deleted_at is null', [raceIds]);
  return row?.count ?? 0;
}

/** A participant row as written: snake_case columns of the `participants` table. */
export interface ParticipantRow {
  timing_partner_id: number;
  provider: string;
  connection_id: number;
  event_id: number;
  race_id: number;
  provider_participant_id: string;
  bib: string | null;
  chip: string | null;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  gender: string | null;
  birthdate: string | null;
  age: number | null;
  city: string | null;
  region: string | null;
  country: string | null;
  team_name: string | null;
  amount_paid: string | null;
  registered_at: string | null;
  raw: unknown;
  content_hash: string;
  fields_hash: string;
  provider_modified_at: string | null;
  provider_version: string | null;
}

const COLUMNS = [
  'timing_partner_id', 'provider', 'connection_id', 'event_id', 'race_id', 'provider_participant_id', 'bib', 'chip',
  'first_name', 'last_name', 'email', 'gender', 'birthdate', 'age', 'city', 'region', 'country', 'team_name',
  'amount_paid', 'registered_at', 'raw', 'content_hash', 'fields_hash', 'provider_modified_at', 'provider_version',
] as const;
const UPDATED = COLUMNS.filter((c) => !['timing_partner_id', 'provider', 'provider_participant_id'].includes(c));

/**
 * One statement for a page: rows travel as one JSON parameter (the fastest parameterised bulk path on
 * both engines). The `where` keeps an unchanged row untouched even if a racing writer sent it too.
 */
const UPSERT = `
insert into participants (${COLUMNS.join(', ')})
select ${COLUMNS.join(', ')} from json_populate_recordset(null::participants, $1::json)
on conflict (timing_partner_id, provider, provider_participant_id) do update set
  (${UPDATED.join(', ')}) = (${UPDATED.map((c) => `excluded.${c}`).join(', ')}),
  updated_at = now(), deleted_at = null
where participants.content_hash is distinct from excluded.content_hash or participants.deleted_at is not null
   or participants.provider_version is distinct from excluded.provider_version
returning id, provider_participant_id, bib, chip, first_name, last_name, race_id`;

/**
 * The upsert, logging a `created` change for each of `created` in the same statement: on a first sync
 * that is every row, and building their change rows from what was written saves sending them all again
 * as JSON. The values are participant-diff.ts's tracked fields.
 */
const UPSERT_LOGGING_CREATED = `
with written as (${UPSERT}),
logged as (
  insert into changes (timing_partner_id, run_id, entity, entity_id, kind, old_values, new_values)
  select $2, $3, 'participant', w.id, 'created', null,
         jsonb_build_object('bib', w.bib, 'chip', w.chip, 'first_name', w.first_name, 'last_name', w.last_name, 'race_id', w.race_id)
  from written w where w.provider_participant_id = any($4::text[])
  order by w.id
)
select id, provider_participant_id from written`;

/** Who a logged change belongs to, and the keys of the rows the page creates. */
export interface CreatedLog {
  timingPartnerId: number;
  runId: number | null;
  keys: string[];
}

export async function upsertParticipants(db: Queryable, rows: ParticipantRow[], created?: CreatedLog): Promise<Map<string, number>> {
  if (rows.length === 0) return new Map();
  const written = created && created.keys.length > 0
    ? await db.query<{ id: number; provider_participant_id: string }>(
      UPSERT_LOGGING_CREATED, [JSON.stringify(rows), created.timingPartnerId, created.runId, created.keys],
    )
    : await db.query<{ id: number; provider_participant_id: string }>(UPSERT, [JSON.stringify(rows)]);
  return new Map(written.map((row) => [row.provider_participant_id, row.id]));
}

export async function softDeleteParticipants(db: Queryable, ids: number[]): Promise<number> {
  if (ids.length === 0) return 0;
  const rows = await db.query(
    'update participants set deleted_at = now(), updated_at = now() where id = any($1::bigint[]) and deleted_at is null returning id',
    [ids],
  );
  return rows.length;
}
