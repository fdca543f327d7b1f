import type { CanonicalResult } from '../model/canonical.js';
import type { ConnectionHandle, RunOptions, RunReport, SyncContext } from './context.js';
import { contentHash } from './hash.js';
import { raceOf, RunLifecycle } from './run-lifecycle.js';
import { insertChanges, type Change } from './store/changes.js';
import type { RaceInScope } from './store/events.js';
import { loadResultsOfRace, resultKey, softDeleteResults, upsertResults, type ResultRow, type StoredResult } from './store/results.js';
import type { Target } from './store/targets.js';

interface Checkpoint {
  resumeAfter: string | null;
  seen: string[];
  resumed: boolean;
}

/**
 * Collects the results of one race: every result set, page by page. Results have no modified-since
 * at the providers, so each run re-reads them; unchanged rows are skipped by hash, new ones are
 * `result_posted`, changed ones `result_corrected`, and rows gone from a completely read race are
 * soft-deleted.
 */
export async function syncResults(
  ctx: SyncContext,
  handle: ConnectionHandle,
  target: Target,
  race: RaceInScope,
  options: RunOptions,
): Promise<RunReport[]> {
  const saved = options.dryRun ? null : (target.checkpoint as Checkpoint | null);
  const checkpoint: Checkpoint = saved ? { ...saved, resumed: true } : { resumeAfter: null, seen: [], resumed: false };
  const run = new RunLifecycle(ctx, handle, [{ target, race: raceOf(race) }], options.dryRun, 'results');
  try {
    if (!handle.adapter.results) throw new Error(`${handle.connection.provider} does not serve results`);
    await run.begin('full', null);
    const stored = new Map((await loadResultsOfRace(ctx.db, race.raceId)).map((r) => [r.key, r]));
    const pages = handle.adapter.results({ providerEventId: race.providerEventId, providerRaceId: race.providerRaceId, resumeAfter: checkpoint.resumeAfter });
    for await (const page of pages) {
      const rows = dedupe(page.records.map((r) => toResultRow(target, handle, race, r)));
      const { write, changes, unchanged, created } = planResults(rows, stored);
      let ids = new Map<string, number>();
      checkpoint.seen.push(...rows.map((r) => resultKey(r.result_set, r.provider_result_id)));
      checkpoint.resumeAfter = page.resumeAfter;
      await run.commitPage(
        {
          counts: { created, updated: write.length - created, unchanged }, rejects: page.rejects, checkpoint,
          preview: () => changes.map(({ key, entity, kind, oldValues, newValues }) => ({ entity, key, kind, oldValues, newValues })),
        },
        async (tx) => {
          ids = await upsertResults(tx, write);
          await insertChanges(tx, target.timingPartnerId, run.runId, changes.map(({ key, ...c }) => ({ ...c, entityId: ids.get(key) ?? stored.get(key)?.id ?? 0 })));
        },
      );
      for (const row of write) {
        const key = resultKey(row.result_set, row.provider_result_id);
        stored.set(key, storedOf(row, ids.get(key) ?? stored.get(key)?.id ?? 0));
      }
      if (ctx.signal?.aborted && page.resumeAfter !== null) return await run.stop('full');
    }
    await deleteGone(run, target, stored, checkpoint);
    return await run.succeed('full', null);
  } catch (error) {
    return run.fail('full', error);
  }
}

function toResultRow(target: Target, handle: ConnectionHandle, race: RaceInScope, r: CanonicalResult): ResultRow {
  const row: Omit<ResultRow, 'content_hash'> = {
    timing_partner_id: target.timingPartnerId,
    provider: handle.connection.provider,
    connection_id: handle.connection.id,
    event_id: race.eventId,
    race_id: race.raceId,
    result_set: r.resultSet,
    result_set_name: r.resultSetName,
    provider_result_id: r.providerResultId,
    bib: r.bib,
    first_name: r.firstName,
    last_name: r.lastName,
    gender: r.gender,
    age: r.age,
    clock_time: r.clockTime,
    chip_time: r.chipTime,
    overall_place: r.overallPlace,
    gender_place: r.genderPlace,
    division_place: r.divisionPlace,
    division: r.division,
    status: r.status,
    raw: r.raw,
  };
  return { ...row, content_hash: contentHash(row) };
}

function dedupe(rows: ResultRow[]): ResultRow[] {
  return [...new Map(rows.map((r) => [resultKey(r.result_set, r.provider_result_id), r])).values()];
}

type PendingChange = Omit<Change, 'entityId'> & { key: string };

function planResults(rows: ResultRow[], stored: Map<string, StoredResult>) {
  const write: ResultRow[] = [];
  const changes: PendingChange[] = [];
  let unchanged = 0;
  let created = 0;
  for (const row of rows) {
    const key = resultKey(row.result_set, row.provider_result_id);
    const before = stored.get(key);
    if (before && !before.deleted && before.contentHash === row.content_hash) {
      unchanged += 1;
      continue;
    }
    write.push(row);
    const after = { bib: row.bib, clock_time: row.clock_time, chip_time: row.chip_time, overall_place: row.overall_place, status: row.status };
    if (!before) created += 1;
    changes.push(before
      ? { key, entity: 'result', kind: 'result_corrected', oldValues: { clock_time: before.clockTime, chip_time: before.chipTime, overall_place: before.overallPlace, status: before.status }, newValues: after }
      : { key, entity: 'result', kind: 'result_posted', oldValues: null, newValues: after });
  }
  return { write, changes, unchanged, created };
}

function storedOf(row: ResultRow, id: number): StoredResult {
  return {
    id,
    key: resultKey(row.result_set, row.provider_result_id),
    contentHash: row.content_hash,
    clockTime: row.clock_time,
    chipTime: row.chip_time,
    overallPlace: row.overall_place,
    status: row.status,
    deleted: false,
  };
}

/** Rows of this race the provider no longer lists, once every page was read in this run or its resumed start. */
async function deleteGone(run: RunLifecycle, target: Target, stored: Map<string, StoredResult>, checkpoint: Checkpoint): Promise<void> {
  const seen = new Set(checkpoint.seen);
  const gone = [...stored.values()].filter((r) => !r.deleted && r.id !== 0 && !seen.has(r.key));
  if (gone.length === 0) return;
  await run.commit(new Map([[target.id, { deleted: gone.length }]]), async (tx) => {
    await softDeleteResults(tx, gone.map((r) => r.id));
    await insertChanges(tx, target.timingPartnerId, run.runId, gone.map((r) => ({
      entity: 'result' as const, entityId: r.id, kind: 'deleted' as const, oldValues: { bib: null }, newValues: null,
    })));
  });
}
