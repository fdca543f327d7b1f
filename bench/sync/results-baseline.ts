/**
 * The results phase's baseline: the raw write rate of the very results (and their splits) the
 * collection stored, written with the collection's own statements (`upsertResults`, then
 * `replaceSplits` with the new ids) in batches of 1,000 per race (the ChronoTrack adapter's batch)
 * into emptied tables. Only those calls are timed (JSON encoding included); reading the rows back
 * from the holding tables is not.
 */
import type { Database } from '../../src/db/database.js';
import { replaceSplits, resultKey, upsertResults, type ResultRow, type SplitRow } from '../../src/sync/store/results.js';

export const RESULTS_BASELINE_BATCH = 1000;

export interface ResultsBaselineResult {
  results: number;
  splits: number;
  batches: number;
  batchSize: number;
  /** Sum of the timed calls. */
  durationMs: number;
  resultsPerSec: number;
}

type HeldRow = ResultRow & { id: number; splits: SplitRow[] };

const RESULT_COLUMNS = `timing_partner_id, provider, connection_id, event_id, race_id, result_set, result_set_name,
  provider_result_id, bib, first_name, last_name, gender, age, clock_time::text as clock_time, chip_time::text as chip_time,
  overall_place, gender_place, division_place, division, status, raw, content_hash`;

/** A race's held results after `after`, in the order the collection wrote them, each with its splits as written. */
function readBatch(db: Database, raceId: number, after: number): Promise<HeldRow[]> {
  return db.query<HeldRow>(
    `select r.id, ${RESULT_COLUMNS},
       coalesce((select json_agg(json_build_object('split_name', s.split_name, 'split_order', s.split_order,
                   'distance_m', s.distance_m, 'clock_time', s.clock_time::text, 'chip_time', s.chip_time::text) order by s.split_order)
                 from bench_splits s where s.result_id = r.id), '[]') as splits
     from bench_results r where r.race_id = $1 and r.id > $2 order by r.id limit ${RESULTS_BASELINE_BATCH}`,
    [raceId, after],
  );
}

/** Writes one batch as the collection writes a page; returns the milliseconds it took. */
async function writeBatch(db: Database, held: HeldRow[]): Promise<number> {
  const rows = held.map(({ id: _id, ...row }) => row);
  const first = rows[0]!;
  const scope = { timing_partner_id: first.timing_partner_id, provider: first.provider, connection_id: first.connection_id, event_id: first.event_id, race_id: first.race_id };
  const startedAt = performance.now();
  const ids = await upsertResults(db, rows);
  await replaceSplits(db, scope, rows.map((row) => ({ resultId: ids.get(resultKey(row.result_set, row.provider_result_id))!, splits: row.splits })));
  return performance.now() - startedAt;
}

/**
 * Moves the stored results and splits aside, empties both tables, and writes them back race by
 * race. Afterwards the tables hold the same rows (with new ids), so the re-collection compares
 * against them.
 */
export async function measureResultsBaseline(db: Database): Promise<ResultsBaselineResult> {
  await db.exec(`drop table if exists bench_results; drop table if exists bench_splits;
    create table bench_results as select * from results where deleted_at is null;
    create table bench_splits as select * from result_splits where deleted_at is null;
    create index on bench_results (race_id, id);
    create index on bench_splits (result_id);
    truncate results cascade;`);
  const races = await db.query<{ race_id: number }>('select distinct race_id from bench_results order by race_id');
  const totals = { results: 0, splits: 0, batches: 0, durationMs: 0 };
  for (const { race_id: raceId } of races) {
    for (let after = 0; ;) {
      const held = await readBatch(db, raceId, after);
      if (held.length === 0) break;
      after = held.at(-1)!.id;
      totals.durationMs += await writeBatch(db, held);
      totals.results += held.length;
      totals.splits += held.reduce((n, row) => n + row.splits.length, 0);
      totals.batches += 1;
    }
  }
  await db.exec('drop table bench_results; drop table bench_splits');
  return {
    ...totals, batchSize: RESULTS_BASELINE_BATCH, durationMs: Math.round(totals.durationMs),
    resultsPerSec: Math.round(totals.results / (totals.durationMs / 1000)),
  };
}
