import { classifyError } from '../errors.js';
import type { ParticipantsQuery } from '../providers/types.js';
import type { ConnectionHandle, RunOptions, RunReport, SyncContext } from './context.js';
import { isInRange } from './keys.js';
import { prefetchOne } from './prefetch.js';
import type { RaceIds } from './participant-diff.js';
import { ParticipantsState, type PagePlan } from './participants-state.js';
import { raceOf, RunLifecycle } from './run-lifecycle.js';
import { insertChanges, raiseAlert } from './store/changes.js';
import type { RaceInScope } from './store/events.js';
import { loadParticipantsOfRaces, softDeleteParticipants, upsertParticipants, type StoredParticipant } from './store/participants.js';
import type { RunCounts, RunMode } from './store/runs.js';
import type { Target } from './store/targets.js';

/** Position of an unfinished participants run, saved with every page (on every target the run serves). */
interface Checkpoint {
  mode: RunMode;
  phase: 'participants' | 'removed';
  /** Provider race ids the read covers; a checkpoint of another set of races is not resumed. */
  races: string[];
  resumeAfter: string | null;
  /** Unix seconds when the run first fetched; the next cursor never passes it (minus the lag). */
  fetchStartedAt: number;
  maxModified: number | null;
  /** Stored participants a full read has passed over so far: deleted at the end if the read completes. */
  missing: string[];
  cursorFrom: number | null;
}

interface Cursor {
  modifiedSince: number;
}

/** One race of the read and the target that schedules it. */
export interface RaceTarget {
  race: RaceInScope;
  target: Target;
}

const unixSeconds = (date: Date): number => Math.floor(date.getTime() / 1000);

/** Deletions below this count never trip the mass-delete guard (one or two withdrawals from a tiny race). */
const GUARD_MIN_DELETES = 2;

function chooseStart(ctx: SyncContext, members: RaceTarget[], options: RunOptions): Checkpoint {
  const races = members.map((m) => m.race.providerRaceId);
  const saved = members[0]!.target.checkpoint as Checkpoint | null;
  if (saved && !options.dryRun && sameRaces(saved.races ?? races, races)) return { ...saved, races };
  const cursors = members.map((m) => m.target.cursor as Cursor | null);
  const now = ctx.now().getTime();
  const stale = members.some((m) => !m.target.lastSuccessAt || now - m.target.lastSuccessAt.getTime() > ctx.settings.incrementalDays * 86_400_000);
  const incremental = !options.full && !options.backfill && !stale && cursors.every((c) => c !== null);
  return {
    mode: options.backfill ? 'backfill' : incremental ? 'incremental' : 'full',
    phase: 'participants',
    races,
    resumeAfter: null,
    fetchStartedAt: unixSeconds(ctx.now()),
    maxModified: null,
    missing: [],
    // Several races read together start from the oldest of their cursors: re-reading is harmless.
    cursorFrom: incremental ? Math.min(...cursors.map((c) => c!.modifiedSince)) : null,
  };
}

const sameRaces = (a: string[], b: string[]) => a.length === b.length && [...a].sort().join() === [...b].sort().join();

/**
 * Syncs the participants of one race, or of several races of one event read together: full or
 * incremental from the cursor, page by page, resumable from the checkpoint, then removals
 * (incremental) or the full-read deletion diff. Returns one report per race.
 */
export async function syncParticipants(
  ctx: SyncContext,
  handle: ConnectionHandle,
  members: RaceTarget[],
  options: RunOptions,
): Promise<RunReport[]> {
  const checkpoint = chooseStart(ctx, members, options);
  const run = new RunLifecycle(ctx, handle, members.map((m) => ({ target: m.target, race: raceOf(m.race) })), options.dryRun, 'participants');
  const targetOfRace = new Map(members.map((m) => [m.race.raceId, m.target.id]));
  try {
    await run.begin(checkpoint.mode, checkpoint.cursorFrom);
    const races = new Map<string, RaceIds>(members.map((m) => [m.race.providerRaceId, { raceId: m.race.raceId, eventId: m.race.eventId }]));
    const state = new ParticipantsState(
      { timingPartnerId: run.lead.timingPartnerId, provider: handle.connection.provider, connectionId: handle.connection.id, races },
      await loadParticipantsOfRaces(ctx.db, members.map((m) => m.race.raceId)),
    );
    const query: ParticipantsQuery = { providerEventId: members[0]!.race.providerEventId, providerRaceIds: checkpoint.races };
    const page = { run, state, query, checkpoint, targetOfRace };
    if (!(await readParticipants(ctx, handle, page))) return await run.stop(checkpoint.mode);
    const heldDeletes = checkpoint.mode === 'incremental'
      ? await readRemovals(ctx, handle, page).then(() => 0)
      : await deleteMissing(ctx, page, options);
    const cursorTo: Cursor = { modifiedSince: nextCursor(ctx, checkpoint) };
    return await run.succeed(checkpoint.mode, cursorTo, heldDeletes ? { heldDeletes } : {});
  } catch (error) {
    return run.fail(checkpoint.mode, error);
  }
}

interface RunState {
  run: RunLifecycle;
  state: ParticipantsState;
  query: ParticipantsQuery;
  checkpoint: Checkpoint;
  targetOfRace: Map<number, number>;
}

/** The cursor boundary rule: min(max modified seen, fetch start − lag), never moving backwards. */
function nextCursor(ctx: SyncContext, checkpoint: Checkpoint): number {
  const safe = checkpoint.fetchStartedAt - ctx.settings.cursorLagSeconds;
  const bound = checkpoint.mode === 'incremental' && checkpoint.maxModified !== null ? Math.min(checkpoint.maxModified, safe) : safe;
  return Math.max(bound, checkpoint.cursorFrom ?? bound);
}

function countsByTarget(plan: PagePlan, targetOfRace: Map<number, number>): Map<number, Partial<RunCounts>> {
  const counts = new Map<number, Partial<RunCounts>>();
  for (const [raceId, tally] of plan.byRace) counts.set(targetOfRace.get(raceId)!, tally);
  return counts;
}

/** Reads and stores participant pages; false when stopped on request before the end. */
async function readParticipants(ctx: SyncContext, handle: ConnectionHandle, r: RunState): Promise<boolean> {
  const { run, state, checkpoint } = r;
  if (checkpoint.phase !== 'participants') return true;
  const modifiedSince = checkpoint.mode === 'incremental' ? checkpoint.cursorFrom ?? undefined : undefined;
  const pages = prefetchOne(handle.adapter.participants({ ...r.query, modifiedSince, resumeAfter: checkpoint.resumeAfter }));
  let first = true;
  try {
    for await (const page of pages) {
      first = false;
      await state.loadUnknown(ctx.db, page.records.map((p) => p.providerParticipantId));
      const plan = state.planPage(page.records, page.rejects);
      for (const record of page.records) {
        const modified = record.providerModifiedAt ? unixSeconds(record.providerModifiedAt) : null;
        if (modified !== null) checkpoint.maxModified = Math.max(checkpoint.maxModified ?? modified, modified);
      }
      if (checkpoint.mode !== 'incremental') {
        const seen = new Set(plan.seen);
        const passedOver = state.activeKeys().filter((key) => !seen.has(key) && isInRange(key, checkpoint.resumeAfter, page.resumeAfter));
        checkpoint.missing.push(...passedOver);
      }
      checkpoint.resumeAfter = page.resumeAfter;
      if (page.resumeAfter === null) checkpoint.phase = 'removed';
      const preview = () => plan.changes.map(({ key, entity, kind, oldValues, newValues }) => ({ entity, key, kind, oldValues, newValues }));
      await run.commitPage({ counts: countsByTarget(plan, r.targetOfRace), rejects: plan.rejects, checkpoint, preview }, async (tx) => {
        const ids = await upsertParticipants(tx, plan.rows);
        await insertChanges(tx, run.lead.timingPartnerId, run.runId, state.resolve(plan.changes, ids));
        state.applyWritten(plan.rows, ids);
      });
      if (run.dryRun) state.applyWritten(plan.rows, new Map());
      if (ctx.signal?.aborted && page.resumeAfter !== null) return false;
    }
  } catch (error) {
    if (first && checkpoint.mode === 'incremental' && classifyError(error) === 'config') {
      // The provider refused the incremental parameters; a full read does without them.
      ctx.log.info({ targetId: run.lead.id, err: (error as Error).message }, 'incremental read refused; falling back to a full read');
      Object.assign(checkpoint, { mode: 'full_fallback', resumeAfter: null, missing: [], maxModified: null } satisfies Partial<Checkpoint>);
      return readParticipants(ctx, handle, r);
    }
    throw error;
  }
  checkpoint.phase = 'removed';
  checkpoint.resumeAfter = null;
  return true;
}

/** Incremental runs learn deletions from the provider's removed feed, from the same cursor. */
async function readRemovals(ctx: SyncContext, handle: ConnectionHandle, r: RunState): Promise<void> {
  const { run, state, checkpoint } = r;
  if (!handle.adapter.removedParticipants) return;
  const pages = handle.adapter.removedParticipants({ ...r.query, modifiedSince: checkpoint.cursorFrom ?? undefined, resumeAfter: checkpoint.resumeAfter });
  for await (const page of pages) {
    await state.loadUnknown(ctx.db, page.records.map((p) => p.providerParticipantId));
    const removed = page.records
      .map((record) => ({ record, stored: state.get(record.providerParticipantId) }))
      .filter((x): x is { record: typeof x.record; stored: StoredParticipant } => Boolean(x.stored && !x.stored.deleted));
    checkpoint.resumeAfter = page.resumeAfter;
    const counts = deletionCounts(removed.map((x) => x.stored), r.targetOfRace, run.lead.id);
    const preview = () => removed.map(({ record, stored }) => deletedPreview(stored, record.reason));
    await run.commitPage({ counts, rejects: page.rejects, checkpoint, preview }, async (tx) => {
      await softDeleteParticipants(tx, removed.map((x) => x.stored.id));
      await insertChanges(tx, run.lead.timingPartnerId, run.runId, removed.map(({ record, stored }) => ({
        entity: 'participant' as const,
        entityId: stored.id,
        kind: 'deleted' as const,
        oldValues: { bib: stored.bib },
        newValues: { reason: record.reason, new_registration_id: record.newProviderParticipantId },
      })));
    });
    state.markDeleted(removed.map((x) => x.stored.key));
  }
}

function deletedPreview(stored: StoredParticipant, reason: string) {
  return { entity: 'participant' as const, key: stored.key, kind: 'deleted', oldValues: { bib: stored.bib }, newValues: { reason } };
}

/** Deletions counted on the target of each participant's race (the lead's when the race is not in the read). */
function deletionCounts(stored: StoredParticipant[], targetOfRace: Map<number, number>, leadId: number): Map<number, Partial<RunCounts>> {
  const counts = new Map<number, Partial<RunCounts>>();
  for (const participant of stored) {
    const targetId = targetOfRace.get(participant.raceId) ?? leadId;
    counts.set(targetId, { deleted: (counts.get(targetId)?.deleted ?? 0) + 1 });
  }
  return counts;
}

/**
 * After a complete full read, soft-deletes the participants it passed over, unless that is more than
 * the guard share of the races: then the deletion is held and an alert raised instead.
 */
async function deleteMissing(ctx: SyncContext, r: RunState, options: RunOptions): Promise<number> {
  const { run, state, checkpoint } = r;
  const missing = [...new Set(checkpoint.missing)].filter((key) => !state.get(key)?.deleted);
  if (missing.length === 0) return 0;
  const active = state.activeKeys().length;
  const limit = Math.max(GUARD_MIN_DELETES, ctx.settings.deleteGuard * active);
  if (missing.length > limit && !options.allowMassDelete) {
    const message = `held deletion of ${missing.length} of ${active} participants (guard ${Math.round(ctx.settings.deleteGuard * 100)} %); ` +
      'check the race at the provider, then run `p88 sync --full --allow-mass-delete` for it';
    if (!run.dryRun) {
      await raiseAlert(ctx.db, {
        timingPartnerId: run.lead.timingPartnerId, connectionId: run.lead.connectionId, targetId: run.lead.id,
        kind: 'mass_delete_held', message, details: { missing: missing.length, active },
      });
    }
    ctx.log.warn({ targetId: run.lead.id, missing: missing.length, active }, message);
    return missing.length;
  }
  const stored = missing.map((key) => state.get(key)).filter((s): s is StoredParticipant => s !== undefined);
  await run.commit(deletionCounts(stored, r.targetOfRace, run.lead.id), async (tx) => {
    await softDeleteParticipants(tx, stored.map((s) => s.id));
    await insertChanges(tx, run.lead.timingPartnerId, run.runId, stored.map((s) => ({
      entity: 'participant' as const, entityId: s.id, kind: 'deleted' as const,
      oldValues: { bib: s.bib }, newValues: { reason: 'absent from a full read' },
    })));
  }, () => stored.map((s) => deletedPreview(s, 'absent from a full read')));
  state.markDeleted(missing);
  return 0;
}
