import type { Queryable } from '../../db/database.js';
import type { StartPrecision } from '../../model/canonical.js';

export interface EventRow {
  timing_partner_id: number;
  provider: string;
  connection_id: number;
  provider_event_id: string;
  name: string;
  start_time: string | null;
  /** Omitted: 'time'. */
  start_time_precision?: StartPrecision;
  time_zone: string | null;
  city: string | null;
  region: string | null;
  country: string | null;
  raw: unknown;
  content_hash: string;
  provider_modified_at: string | null;
}

export interface RaceRow {
  timing_partner_id: number;
  provider: string;
  connection_id: number;
  provider_event_id: string;
  provider_race_id: string;
  name: string;
  start_time: string | null;
  /** Omitted: 'time'. */
  start_time_precision?: StartPrecision;
  distance: string | null;
  raw: unknown;
  content_hash: string;
  provider_modified_at: string | null;
}

export interface UpsertOutcome {
  id: number;
  key: string;
  /** 'created' for a new row, 'updated' for a changed one; unchanged rows are not returned. */
  kind: 'created' | 'updated';
}

const EVENT_COLUMNS = ['timing_partner_id', 'provider', 'connection_id', 'provider_event_id', 'name', 'start_time',
  'start_time_precision', 'time_zone', 'city', 'region', 'country', 'raw', 'content_hash', 'provider_modified_at'];
const EVENT_UPDATED = EVENT_COLUMNS.filter((c) => !['timing_partner_id', 'provider', 'provider_event_id'].includes(c));

/** A row's value of `column` as inserted; a missing precision is 'time'. */
const selected = (column: string, prefix = '') =>
  column === 'start_time_precision' ? `coalesce(${prefix}${column}, 'time')` : `${prefix}${column}`;

export async function upsertEvents(db: Queryable, rows: EventRow[]): Promise<UpsertOutcome[]> {
  if (rows.length === 0) return [];
  const written = await db.query<{ id: number; provider_event_id: string; inserted: boolean }>(
    `insert into events (${EVENT_COLUMNS.join(', ')})
     select ${EVENT_COLUMNS.map((c) => selected(c)).join(', ')} from json_populate_recordset(null::events, $1::json)
     on conflict (timing_partner_id, provider, provider_event_id) do update set
       (${EVENT_UPDATED.join(', ')}) = (${EVENT_UPDATED.map((c) => `excluded.${c}`).join(', ')}),
       updated_at = now(), deleted_at = null
     where events.content_hash is distinct from excluded.content_hash or events.deleted_at is not null
     returning id, provider_event_id, (xmax = 0) as inserted`,
    [JSON.stringify(rows)],
  );
  return written.map((r) => ({ id: r.id, key: r.provider_event_id, kind: r.inserted ? 'created' : 'updated' }));
}

const RACE_COLUMNS = ['timing_partner_id', 'provider', 'connection_id', 'provider_race_id', 'name', 'start_time',
  'start_time_precision', 'distance', 'raw', 'content_hash', 'provider_modified_at'];
const RACE_UPDATED = RACE_COLUMNS.filter((c) => !['timing_partner_id', 'provider', 'provider_race_id'].includes(c));

/** Races find their event's id by the event's provider id, in the same statement. */
export async function upsertRaces(db: Queryable, rows: RaceRow[]): Promise<UpsertOutcome[]> {
  if (rows.length === 0) return [];
  const written = await db.query<{ id: number; provider_race_id: string; inserted: boolean }>(
    `insert into races (event_id, ${RACE_COLUMNS.join(', ')})
     select e.id, ${RACE_COLUMNS.map((c) => selected(c, 'r.')).join(', ')}
     from json_array_elements($1::json) as j(item)
     cross join lateral json_populate_record(null::races, j.item) r
     join events e on e.timing_partner_id = r.timing_partner_id and e.provider = r.provider
                   and e.provider_event_id = j.item->>'provider_event_id'
     on conflict (timing_partner_id, provider, provider_race_id) do update set
       event_id = excluded.event_id,
       (${RACE_UPDATED.join(', ')}) = (${RACE_UPDATED.map((c) => `excluded.${c}`).join(', ')}),
       updated_at = now(), deleted_at = null
     where races.content_hash is distinct from excluded.content_hash or races.deleted_at is not null
        or races.event_id is distinct from excluded.event_id
     returning id, provider_race_id, (xmax = 0) as inserted`,
    [JSON.stringify(rows)],
  );
  return written.map((r) => ({ id: r.id, key: r.provider_race_id, kind: r.inserted ? 'created' : 'updated' }));
}

/** Content hashes of the connection's stored events and races (deleted ones too, so they can come back). */
export async function loadEventHashes(db: Queryable, connectionId: number): Promise<{ events: Map<string, string>; races: Map<string, string> }> {
  const events = await db.query<{ key: string; hash: string }>(
    `select provider_event_id as key, case when deleted_at is null then content_hash end as hash from events where connection_id = $1`,
    [connectionId],
  );
  const races = await db.query<{ key: string; hash: string }>(
    `select provider_race_id as key, case when deleted_at is null then content_hash end as hash from races where connection_id = $1`,
    [connectionId],
  );
  return { events: new Map(events.map((r) => [r.key, r.hash])), races: new Map(races.map((r) => [r.key, r.hash])) };
}

/** Provider ids of live events and races of the partner that another connection stored. */
export async function loadForeignKeys(
  db: Queryable,
  scope: { timingPartnerId: number; provider: string; connectionId: number },
): Promise<{ events: Map<string, number>; races: Map<string, number> }> {
  const query = (table: string, column: string) => db.query<{ key: string; connection_id: number }>(
    `select ${column} as key, connection_id from ${table}
     where timing_partner_id = $1 and provider = $2 and connection_id <> $3 and deleted_at is null`,
    [scope.timingPartnerId, scope.provider, scope.connectionId],
  );
  const [events, races] = [await query('events', 'provider_event_id'), await query('races', 'provider_race_id')];
  return {
    events: new Map(events.map((r) => [r.key, r.connection_id])),
    races: new Map(races.map((r) => [r.key, r.connection_id])),
  };
}

export interface RaceInScope {
  raceId: number;
  eventId: number;
  providerRaceId: string;
  providerEventId: string;
  name: string;
  eventName: string;
  startTime: Date | null;
  /** 'date': the provider gives a date only; `startTime` is local midnight of it in `timeZone`. */
  startTimePrecision: StartPrecision;
  timeZone: string | null;
}

/** A race's start: its own, else its event's — with the precision of whichever it is. */
export const RACE_START_SQL = `coalesce(r.start_time, e.start_time) as start_time,
  case when r.start_time is not null then r.start_time_precision else e.start_time_precision end as start_time_precision,
  e.time_zone`;

interface RaceInScopeRow {
  race_id: number; event_id: number; provider_race_id: string; provider_event_id: string; name: string;
  event_name: string; start_time: Date | null; start_time_precision: StartPrecision; time_zone: string | null;
  connection_id: number; timing_partner_id: number; provider: string;
}

const SELECT_RACES = `select r.id as race_id, e.id as event_id, r.provider_race_id, e.provider_event_id, r.name, e.name as event_name,
            r.connection_id, r.timing_partner_id, r.provider, ${RACE_START_SQL}
     from races r join events e on e.id = r.event_id`;

const toRaceInScope = (r: RaceInScopeRow): RaceInScope => ({
  raceId: r.race_id,
  eventId: r.event_id,
  providerRaceId: r.provider_race_id,
  providerEventId: r.provider_event_id,
  name: r.name,
  eventName: r.event_name,
  startTime: r.start_time,
  startTimePrecision: r.start_time_precision,
  timeZone: r.time_zone,
});

/** The connection's races with their events, optionally only those starting after `startsAfter`. */
export async function listRaces(
  db: Queryable,
  filter: { connectionId: number; startsAfter?: Date | null; providerRaceIds?: string[] | null; providerEventIds?: string[] | null },
): Promise<RaceInScope[]> {
  const rows = await db.query<RaceInScopeRow>(
    `${SELECT_RACES}
     where r.connection_id = $1 and r.deleted_at is null and e.deleted_at is null
       and ($2::timestamptz is null or coalesce(r.start_time, e.start_time) >= $2)
       and ($3::text[] is null or r.provider_race_id = any($3) or e.provider_event_id = any($3))
     order by coalesce(r.start_time, e.start_time) nulls last, r.id`,
    [filter.connectionId, filter.startsAfter ?? null, filter.providerRaceIds ?? filter.providerEventIds ?? null],
  );
  return rows.map(toRaceInScope);
}

/** One live race of a partner, with the connection and provider it came from. */
export async function getRace(db: Queryable, raceId: number, partnerId?: number): Promise<(RaceInScope & { connectionId: number; timingPartnerId: number; provider: string }) | undefined> {
  const [row] = await db.query<RaceInScopeRow>(
    `${SELECT_RACES} where r.id = $1 and ($2::bigint is null or r.timing_partner_id = $2) and r.deleted_at is null and e.deleted_at is null`,
    [raceId, partnerId ?? null],
  );
  return row && { ...toRaceInScope(row), connectionId: row.connection_id, timingPartnerId: row.timing_partner_id, provider: row.provider };
}
