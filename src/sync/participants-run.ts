import { classifyError } from '../errors.js';
import type { ParticipantsQuery } from '../providers/types.js';
import type { ConnectionHandle, RunOptions, RunReport, SyncContext } from './context.js';
import { isInRange } from './keys.js';
import type { RaceIds } from './participant-diff.js';
import { ParticipantsState } from './participants-state.js';
import { RunLifecycle } from './run-lifecycle.js';
import { insertChanges, raiseAlert } from './store/changes.js';
import type { RaceInScope } from './store/events.js';
import { loadParticipantsOfRaces, softDeleteParticipants, upsertParticipants } from './store/participants.js';
import type { RunMode } from './store/runs.js';
import type { Target } from './store/targets.js';

/** Position of an unfinished participants run, saved with every page. */
interface Checkpoint {
  mode: RunMode;
  phase: 'participants' | 'removed';
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

const unixSeconds = (date: Date): number => Math.floor(date.getTime() / 1000);

/** Deletions below this count never trip the mass-delete guard (one or two withdrawals from a tiny race). */
const GUARD_MIN_DELETES = 2;

function chooseStart(ctx: SyncContext, target: Target, options: RunOptions): Checkpoint {
  const saved = target.checkpoint as Checkpoint | null;
  if (saved && !options.dryRun) return saved;
  const cursor = target.cursor as Cursor | null;
  const fetchStartedAt = unixSeconds(ctx.now());
  const stale = !target.lastSuccessAt ||
    ctx.now().getTime() - target.lastSuccessAt.getTime() > ctx.settings.incrementalDays * 86_400_000;
  const incremental = !options.full && cursor !== null && !stale;
  return {
    mode: incremental ? 'incremental' : 'full',
    phase: 'participants',
    resumeAfter: null,
    fetchStartedAt,
    maxModified: null,
    missing: [],
    cursorFrom: incremental ? cursor.modifiedSince : null,
  };
}

/**
 * Syncs the participants of one race (one target): full or incremental from the cursor, page by page,
 * resumable from the checkpoint, then removals (incremental) or the full-read deletion diff.
 */
export async function syncParticipants(
  ctx: SyncContext,
  handle: ConnectionHandle,
  target: Target,
  race: RaceInScope,
  options: RunOptions,
): Promise<RunReport> {
  const checkpoint = chooseStart(ctx, target, options);
  const run = new RunLifecycle(ctx, handle, target, options.dryRun, {
    kind: 'participants',
    race: { providerRaceId: race.providerRaceId, providerEventId: race.providerEventId, name: race.name, startTime: race.startTime?.toISOString() ?? null },
  });
  try {
    await run.begin(checkpoint.mode, checkpoint.cursorFrom);
    const races = new Map<string, RaceIds>([[race.providerRaceId, { raceId: race.raceId, eventId: race.eventId }]]);
    const state = new ParticipantsState(
      { timingPartnerId: target.timingPartnerId, provider: handle.connection.provider, connectionId: handle.connection.id, races },
      await loadParticipantsOfRaces(ctx.db, [race.raceId]),
    );
    const query: ParticipantsQuery = { providerEventId: race.providerEventId, providerRaceIds: [race.providerRaceId] };
    const finished = await readParticipants(ctx, handle, run, state, query, checkpoint);
    if (!finished) return await run.stop(checkpoint.mode);
    const heldDeletes = checkpoint.mode === 'incremental'
      ? await readRemovals(ctx, handle, run, state, query, checkpoint).then(() => 0)
      : await deleteMissing(ctx, run, state, checkpoint, options);
    const cursorTo: Cursor = { modifiedSince: nextCursor(ctx, checkpoint) };
    return await run.succeed(checkpoint.mode, cursorTo, heldDeletes ? { heldDeletes } : {});
  } catch (error) {
    return run.fail(checkpoint.mode, error);
  }
}

/** The cursor boundary rule: min(max modified seen, fetch start − lag), never moving backwards. */
function nextCursor(ctx: SyncContext, checkpoint: Checkpoint): number {
  const safe = checkpoint.fetchStartedAt - ctx.settings.cursorLagSeconds;
  const bound = checkpoint.mode === 'incremental' && checkpoint.maxModified !== null ? Math.min(checkpoint.maxModified, safe) : safe;
  return Math.max(bound, checkpoint.cursorFrom ?? bound);
}

/** Reads and stores participant pages; false when stopped on request before the end. */
async function readParticipants(
  ctx: SyncContext,
  handle: ConnectionHandle,
  run: RunLifecycle,
  state: ParticipantsState,
  query: ParticipantsQuery,
  checkpoint: Checkpoint,
): Promise<boolean> {
  if (checkpoint.phase !== 'participants') return true;
  const modifiedSince = checkpoint.mode === 'incremental' ? checkpoint.cursorFrom ?? undefined : undefined;
  const pages = handle.adapter.participants({ ...query, modifiedSince, resumeAfter: checkpoint.resumeAfter });
  let first = true;
  try {
    for await (const page of pages) {
      first = false;
      await state.loadUnknown(ctx.db, page.records.map((r) => r.providerParticipantId));
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
      await run.commitPage(
        { counts: { created: plan.created, updated: plan.updated, unchanged: plan.unchanged }, rejects: plan.rejects, checkpoint },
        async (tx) => {
          const ids = await upsertParticipants(tx, plan.rows);
          await insertChanges(tx, run.target.timingPartnerId, run.runId, state.resolve(plan.changes, ids));
          state.applyWritten(plan.rows, ids);
        },
      );
      if (run.dryRun) state.applyWritten(plan.rows, new Map());
      if (ctx.signal?.aborted && page.resumeAfter !== null) return false;
    }
  } catch (error) {
    if (first && checkpoint.mode === 'incremental' && canFallBack(error)) {
      ctx.log.info({ targetId: run.target.id, err: (error as Error).message }, 'incremental read refused; falling back to a full read');
      Object.assign(checkpoint, { mode: 'full_fallback', resumeAfter: null, missing: [], maxModified: null } satisfies Partial<Checkpoint>);
      return readParticipants(ctx, handle, run, state, query, checkpoint);
    }
    throw error;
  }
  checkpoint.phase = 'removed';
  checkpoint.resumeAfter = null;
  return true;
}

/** An incremental read the provider rejects for its parameters can still be done as a full read. */
function canFallBack(error: unknown): boolean {
  return classifyError(error) === 'config';
}

/** Incremental runs learn deletions from the provider's removed feed, from the same cursor. */
async function readRemovals(
  ctx: SyncContext,
  handle: ConnectionHandle,
  run: RunLifecycle,
  state: ParticipantsState,
  query: ParticipantsQuery,
  checkpoint: Checkpoint,
): Promise<void> {
  if (!handle.adapter.removedParticipants) return;
  const pages = handle.adapter.removedParticipants({ ...query, modifiedSince: checkpoint.cursorFrom ?? undefined, resumeAfter: checkpoint.resumeAfter });
  for await (const page of pages) {
    await state.loadUnknown(ctx.db, page.records.map((r) => r.providerParticipantId));
    const removed = page.records
      .map((r) => ({ record: r, stored: state.get(r.providerParticipantId) }))
      .filter(({ stored }) => stored && !stored.deleted);
    checkpoint.resumeAfter = page.resumeAfter;
    await run.commitPage({ counts: { deleted: removed.length }, rejects: page.rejects, checkpoint }, async (tx) => {
      await softDeleteParticipants(tx, removed.map(({ stored }) => stored!.id));
      await insertChanges(tx, run.target.timingPartnerId, run.runId, removed.map(({ record, stored }) => ({
        entity: 'participant' as const,
        entityId: stored!.id,
        kind: 'deleted' as const,
        oldValues: { bib: stored!.bib },
        newValues: { reason: record.reason, new_registration_id: record.newProviderParticipantId },
      })));
    });
    state.markDeleted(removed.map(({ stored }) => stored!.key));
  }
}

/**
 * After a complete full read, soft-deletes the participants it passed over, unless that is more than
 * the guard share of the race: then the deletion is held and an alert raised instead.
 */
async function deleteMissing(
  ctx: SyncContext,
  run: RunLifecycle,
  state: ParticipantsState,
  checkpoint: Checkpoint,
  options: RunOptions,
): Promise<number> {
  const missing = [...new Set(checkpoint.missing)].filter((key) => !state.get(key)?.deleted);
  if (missing.length === 0) return 0;
  const active = state.activeKeys().length;
  const limit = Math.max(GUARD_MIN_DELETES, ctx.settings.deleteGuard * active);
  if (missing.length > limit && !options.allowMassDelete) {
    const message = `held deletion of ${missing.length} of ${active} participants (guard ${Math.round(ctx.settings.deleteGuard * 100)} %); ` +
      'check the race at the provider, then run `p88 sync --full --allow-mass-delete` for it';
    if (!run.dryRun) {
      await raiseAlert(ctx.db, {
        timingPartnerId: run.target.timingPartnerId, connectionId: run.target.connectionId, targetId: run.target.id,
        kind: 'mass_delete_held', message, details: { missing: missing.length, active },
      });
    }
    ctx.log.warn({ targetId: run.target.id, missing: missing.length, active }, message);
    return missing.length;
  }
  const stored = missing.map((key) => state.get(key)!).filter(Boolean);
  await run.commit({ deleted: stored.length }, async (tx) => {
    await softDeleteParticipants(tx, stored.map((s) => s.id));
    await insertChanges(tx, run.target.timingPartnerId, run.runId, stored.map((s) => ({
      entity: 'participant' as const, entityId: s.id, kind: 'deleted' as const,
      oldValues: { bib: s.bib }, newValues: { reason: 'absent from a full read' },
    })));
  });
  state.markDeleted(missing);
  return 0;
}

