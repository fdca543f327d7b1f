import type { Queryable } from '../../db/database.js';

export interface StoredResult {
  id: number;
  key: string;
  contentHash: string;
  clockTime: string | null;
  chipTime: string | null;
  overallPlace: number | null;
  status: string;
  deleted: boolean;
}

/** The store's identity of a result: result set and the provider's result id. */
export const resultKey = (resultSet: string, providerResultId: string): string => `${resultSet}/${providerResultId}`;

export async function loadResultsOfRace(db: Queryable, raceId: number): Promise<StoredResult[]> {
  const rows = await db.query<{
    id: number; result_set: string; provider_result_id: string; content_hash: string; clock_time: string | null;
    chip_time: string | null; overall_place: number | null; status: string; deleted: boolean;
  }>(
    `select id, result_set, provider_result_id, content_hash, clock_time, chip_time, overall_place, status,
            deleted_at is not null as deleted
     from results where race_id = $1`,
    [raceId],
  );
  return rows.map((r) => ({
    id: r.id,
    key: resultKey(r.result_set, r.provider_result_id),
    contentHash: r.content_hash,
    clockTime: r.clock_time,
    chipTime: r.chip_time,
    overallPlace: r.overall_place,
    status: r.status,
    deleted: r.deleted,
  }));
}

export interface ResultRow {
  timing_partner_id: number;
  provider: string;
  connection_id: number;
  event_id: number;
  race_id: number;
  result_set: string;
  result_set_name: string | null;
  provider_result_id: string;
  bib: string | null;
  first_name: string | null;
  last_name: string | null;
  gender: string | null;
  age: number | null;
  clock_time: string | null;
  chip_time: string | null;
  overall_place: number | null;
  gender_place: number | null;
  division_place: number | null;
  division: string | null;
  status: string;
  raw: unknown;
  content_hash: string;
}

const COLUMNS = ['timing_partner_id', 'provider', 'connection_id', 'event_id', 'race_id', 'result_set', 'result_set_name',
  'provider_result_id', 'bib', 'first_name', 'last_name', 'gender', 'age', 'clock_time', 'chip_time', 'overall_place',
  'gender_place', 'division_place', 'division', 'status', 'raw', 'content_hash'];
const UPDATED = COLUMNS.filter((c) => !['timing_partner_id', 'provider', 'result_set', 'provider_result_id'].includes(c));

export async function upsertResults(db: Queryable, rows: ResultRow[]): Promise<Map<string, number>> {
  if (rows.length === 0) return new Map();
  const written = await db.query<{ id: number; result_set: string; provider_result_id: string }>(
    `insert into results (${COLUMNS.join(', ')})
     select ${COLUMNS.join(', ')} from json_populate_recordset(null::results, $1::json)
     on conflict (timing_partner_id, provider, result_set, provider_result_id) do update set
       (${UPDATED.join(', ')}) = (${UPDATED.map((c) => `excluded.${c}`).join(', ')}),
       updated_at = now(), deleted_at = null
     where results.content_hash is distinct from excluded.content_hash or results.deleted_at is not null
     returning id, result_set, provider_result_id`,
    [JSON.stringify(rows)],
  );
  return new Map(written.map((r) => [resultKey(r.result_set, r.provider_result_id), r.id]));
}

export async function softDeleteResults(db: Queryable, ids: number[]): Promise<number> {
  if (ids.length === 0) return 0;
  const rows = await db.query(
    'update results set deleted_at = now(), updated_at = now() where id = any($1::bigint[]) and deleted_at is null returning id',
    [ids],
  );
  return rows.length;
}

/** A split as written: its result is named by the result's key until the result has an id. */
export interface SplitRow {
  split_name: string;
  split_order: number;
  distance_m: number | null;
  clock_time: string | null;
  chip_time: string | null;
}

export interface StoredSplit {
  name: string;
  clockTime: string | null;
  chipTime: string | null;
}

/** The live splits of some results, by result id. */
export async function loadSplitsOf(db: Queryable, resultIds: number[]): Promise<Map<number, StoredSplit[]>> {
  const splits = new Map<number, StoredSplit[]>();
  if (resultIds.length === 0) return splits;
  const rows = await db.query<{ result_id: number; split_name: string; clock_time: string | null; chip_time: string | null }>(
    `select result_id, split_name, clock_time, chip_time from result_splits
     where result_id = any($1::bigint[]) and deleted_at is null order by result_id, split_order`,
    [resultIds],
  );
  for (const row of rows) {
    const list = splits.get(row.result_id) ?? [];
    list.push({ name: row.split_name, clockTime: row.clock_time, chipTime: row.chip_time });
    splits.set(row.result_id, list);
  }
  return splits;
}

/**
 * Makes the stored splits of each written result exactly `splits`: new and changed ones upserted by
 * (result, name), the others soft-deleted. One statement each for the whole page.
 */
export async function replaceSplits(
  db: Queryable,
  scope: { timing_partner_id: number; provider: string; connection_id: number; event_id: number; race_id: number },
  results: { resultId: number; splits: SplitRow[] }[],
): Promise<void> {
  if (results.length === 0) return;
  const rows = results.flatMap(({ resultId, splits }) => splits.map((s) => ({ ...scope, result_id: resultId, ...s })));
  if (rows.length > 0) {
    await db.query(
      `insert into result_splits (timing_partner_id, provider, connection_id, event_id, race_id, result_id, split_name, split_order,
                                  distance_m, clock_time, chip_time)
       select timing_partner_id, provider, connection_id, event_id, race_id, result_id, split_name, split_order, distance_m, clock_time, chip_time
       from json_populate_recordset(null::result_splits, $1::json)
       on conflict (result_id, split_name) do update set
         split_order = excluded.split_order, distance_m = excluded.distance_m, clock_time = excluded.clock_time,
         chip_time = excluded.chip_time, updated_at = now(), deleted_at = null
       where (result_splits.split_order, result_splits.distance_m, result_splits.clock_time, result_splits.chip_time, result_splits.deleted_at)
             is distinct from (excluded.split_order, excluded.distance_m, excluded.clock_time, excluded.chip_time, null)`,
      [JSON.stringify(rows)],
    );
  }
  await db.query(
    `update result_splits s set deleted_at = now(), updated_at = now()
     from json_to_recordset($1::json) as kept(result_id bigint, names text[])
     where s.result_id = kept.result_id and s.deleted_at is null and not (s.split_name = any(kept.names))`,
    [JSON.stringify(results.map(({ resultId, splits }) => ({ result_id: resultId, names: splits.map((s) => s.split_name) })))],
  );
}
