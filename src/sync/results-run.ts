import type { CanonicalResult } from '../model/canonical.js';
import type { ConnectionHandle, RunOptions, RunReport, SyncContext } from './context.js';
import { contentHash } from './hash.js';
import { raceOf, RunLifecycle } from './run-lifecycle.js';
import { insertChanges, type Change } from './store/changes.js';
import type { RaceInScope } from './store/events.js';
import {
  loadResultsOfRace, loadSplitsOf, replaceSplits, resultKey, softDeleteResults, upsertResults,
  type ResultRow, type SplitRow, type StoredResult, type StoredSplit,
} from './store/results.js';
import type { Target } from './store/targets.js';

interface Checkpoint {
  resumeAfter: string | null;
  seen: string[];
  resumed: boolean;
  /** Rows set aside without a readable key: their results may still be there, so none is deleted. */
  rejected?: number;
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
      const before = await loadSplitsOf(ctx.db, rows.map((r) => stored.get(keyOf(r))?.id ?? 0).filter((id) => id > 0));
      const { write, changes, unchanged, created } = planResults(rows, stored, before);
      let ids = new Map<string, number>();
      checkpoint.seen.push(...rows.map((r) => resultKey(r.result_set, r.provider_result_id)), ...page.rejects.flatMap((r) => (r.key ? [r.key] : [])));
      checkpoint.rejected = (checkpoint.rejected ?? 0) + page.rejects.filter((r) => !r.key).length;
      checkpoint.resumeAfter = page.resumeAfter;
      await run.commitPage(
        {
          counts: { created, updated: write.length - created, unchanged }, rejects: page.rejects, checkpoint,
          preview: () => changes.map(({ key, entity, kind, oldValues, newValues }) => ({ entity, key, kind, oldValues, newValues })),
        },
        async (tx) => {
          ids = await upsertResults(tx, write);
          const idOf = (key: string) => ids.get(key) ?? stored.get(key)?.id ?? 0;
          await replaceSplits(tx, splitScope(write[0]), write.map((row) => ({ resultId: idOf(keyOf(row)), splits: row.splits })));
          await insertChanges(tx, target.timingPartnerId, run.runId, changes.map(({ key, ...c }) => ({ ...c, entityId: idOf(key) })));
        },
      );
      for (const row of write) {
        const key = resultKey(row.result_set, row.provider_result_id);
        stored.set(key, storedOf(row, ids.get(key) ?? stored.get(key)?.id ?? 0));
      }
      if (ctx.signal?.aborted && page.resumeAfter !== null) return await run.stop('full');
    }
    await deleteGone(run, target, stored, checkpoint);
    return await run.succeed('full', null, checkpoint.resumed ? { resumed: true } : {});
  } catch (error) {
    return run.fail('full', error);
  }
}

/** A result as written, with its splits (which are part of its content: a corrected split changes it). */
type ResultWithSplits = ResultRow & { splits: SplitRow[] };

const keyOf = (row: ResultRow) => resultKey(row.result_set, row.provider_result_id);

const splitScope = (row: ResultRow | undefined) => ({
  timing_partner_id: row?.timing_partner_id ?? 0, provider: row?.provider ?? '', connection_id: row?.connection_id ?? 0,
  event_id: row?.event_id ?? 0, race_id: row?.race_id ?? 0,
});

function toResultRow(target: Target, handle: ConnectionHandle, race: RaceInScope, r: CanonicalResult): ResultWithSplits {
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
  const splits = (r.splits ?? []).map((s): SplitRow => ({
    split_name: s.name, split_order: s.order, distance_m: s.distanceM, clock_time: s.clockTime, chip_time: s.chipTime,
  }));
  // An unsplit result hashes as it always did, so adding splits to the model changed no stored hash.
  return { ...row, splits, content_hash: contentHash(splits.length ? { ...row, splits } : row) };
}

function dedupe(rows: ResultWithSplits[]): ResultWithSplits[] {
  return [...new Map(rows.map((r) => [keyOf(r), r])).values()];
}

type PendingChange = Omit<Change, 'entityId'> & { key: string };

/** The split times that differ from what is stored, as old → new of each changed split. */
function splitChanges(before: StoredSplit[], after: SplitRow[]) {
  const old = new Map(before.map((s) => [s.name, s]));
  const changed = after.filter((s) => old.get(s.split_name)?.clockTime !== s.clock_time || old.get(s.split_name)?.chipTime !== s.chip_time);
  const gone = before.filter((s) => !after.some((a) => a.split_name === s.name));
  if (changed.length === 0 && gone.length === 0) return null;
  return {
    old: [...changed.flatMap((s) => (old.has(s.split_name) ? [old.get(s.split_name)!] : [])), ...gone].map((s) => ({ name: s.name, clock_time: s.clockTime, chip_time: s.chipTime })),
    new: changed.map((s) => ({ name: s.split_name, clock_time: s.clock_time, chip_time: s.chip_time })),
  };
}

/** `result_posted` for a new result; `result_corrected` with old → new (split times too) for a changed one. */
function describeResultChange(key: string, before: StoredResult | undefined, row: ResultWithSplits, storedSplits: Map<number, StoredSplit[]>): PendingChange {
  const after: Record<string, unknown> = { bib: row.bib, clock_time: row.clock_time, chip_time: row.chip_time, overall_place: row.overall_place, status: row.status };
  if (!before) {
    if (row.splits.length) after.splits = row.splits.map((s) => ({ name: s.split_name, clock_time: s.clock_time, chip_time: s.chip_time }));
    return { key, entity: 'result', kind: 'result_posted', oldValues: null, newValues: after };
  }
  const old: Record<string, unknown> = { clock_time: before.clockTime, chip_time: before.chipTime, overall_place: before.overallPlace, status: before.status };
  const splits = splitChanges(storedSplits.get(before.id) ?? [], row.splits);
  if (splits) {
    old.splits = splits.old;
    after.splits = splits.new;
  }
  return { key, entity: 'result', kind: 'result_corrected', oldValues: old, newValues: after };
}

function planResults(rows: ResultWithSplits[], stored: Map<string, StoredResult>, storedSplits: Map<number, StoredSplit[]>) {
  const write: ResultWithSplits[] = [];
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
    if (!before) created += 1;
    changes.push(describeResultChange(key, before, row, storedSplits));
  }
  return { write, changes, unchanged, created };
}

function storedOf(row: ResultWithSplits, id: number): StoredResult {
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
  // A row set aside unnamed may be any stored result: deleting what was not seen would lose it.
  if ((checkpoint.rejected ?? 0) > 0) return;
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
