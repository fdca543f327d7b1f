/**
 * Withdrawals, the three ways providers tell them (DESIGN.md §4): RunSignUp's removed-participants
 * feed, applied page by page as it is read; and, at the end of a run, registrations flagged cancelled
 * (Haku) or absent from a complete full read — applied together, unless that would remove more than
 * the guard share of the races, which holds the deletion and raises an alert instead.
 */
import type { ParticipantsQuery, ProviderCapabilities } from '../providers/types.js';
import type { ConnectionHandle, RunOptions, SyncContext } from './context.js';
import type { Checkpoint } from './participants-checkpoint.js';
import type { ParticipantsState } from './participants-state.js';
import type { RunLifecycle } from './run-lifecycle.js';
import { insertChanges, raiseAlert } from './store/changes.js';
import { softDeleteParticipants, type StoredParticipant } from './store/participants.js';
import type { RunCounts } from './store/runs.js';

/** The state of a participants run that its removal steps share. */
export interface RemovalRun {
  ctx: SyncContext;
  run: RunLifecycle;
  state: ParticipantsState;
  query: ParticipantsQuery;
  checkpoint: Checkpoint;
  targetOfRace: Map<number, number>;
  capabilities: ProviderCapabilities;
}

/** Deletions below this count never trip the mass-delete guard (one or two withdrawals from a tiny race). */
const GUARD_MIN_DELETES = 2;

/** Incremental runs learn deletions from the provider's removed feed, from the same cursor. */
export async function readRemovedFeed(handle: ConnectionHandle, r: RemovalRun): Promise<void> {
  const { ctx, run, state, checkpoint } = r;
  if (!handle.adapter.removedParticipants) return;
  const pages = handle.adapter.removedParticipants({ ...r.query, modifiedSince: checkpoint.cursorFrom ?? undefined, resumeAfter: checkpoint.resumeAfter });
  for await (const page of pages) {
    await state.loadUnknown(ctx.db, page.records.map((p) => p.providerParticipantId));
    const removed = page.records
      .map((record) => ({ record, stored: state.get(record.providerParticipantId) }))
      .filter((x): x is { record: typeof x.record; stored: StoredParticipant } => Boolean(x.stored && !x.stored.deleted));
    checkpoint.resumeAfter = page.resumeAfter;
    const withReasons = removed.map(({ record, stored }): Deletion => ({ stored, reason: record.reason, newId: record.newProviderParticipantId }));
    await run.commitPage(
      { counts: deletionCounts(r, removed.map((x) => x.stored)), rejects: page.rejects, checkpoint, preview: () => withReasons.map(deletedPreview) },
      (tx) => writeDeletions(tx, r, withReasons),
    );
    state.markDeleted(removed.map((x) => x.stored.key));
  }
}

/**
 * Soft-deletes the registrations a run found withdrawn, unless they are more than the guard share of
 * the races' active ones: then the deletion is held and an alert raised. Returns the number held.
 */
export async function applyRemovals(r: RemovalRun, keys: string[], options: RunOptions): Promise<number> {
  const { ctx, run, state, checkpoint } = r;
  const cancelled = new Set(checkpoint.cancelled);
  const stored = keys.map((key) => state.get(key)).filter((s): s is StoredParticipant => s !== undefined && !s.deleted);
  if (stored.length === 0) return 0;
  const active = state.activeKeys().length;
  const limit = Math.max(GUARD_MIN_DELETES, ctx.settings.deleteGuard * active);
  if (stored.length > limit && !options.allowMassDelete) {
    const message = `held deletion of ${stored.length} of ${active} participants (guard ${Math.round(ctx.settings.deleteGuard * 100)} %); ` +
      'check the race at the provider, then run `p88 sync --full --allow-mass-delete` for it';
    if (!run.dryRun) {
      await raiseAlert(ctx.db, {
        timingPartnerId: run.lead.timingPartnerId, connectionId: run.lead.connectionId, targetId: run.lead.id,
        kind: 'mass_delete_held', message, details: { missing: stored.length, active },
      });
    }
    ctx.log.warn({ targetId: run.lead.id, missing: stored.length, active }, message);
    return stored.length;
  }
  const withReasons = stored.map((s): Deletion => ({ stored: s, reason: cancelled.has(s.key) ? 'cancelled at the provider' : 'absent from a full read' }));
  await run.commit(deletionCounts(r, stored), (tx) => writeDeletions(tx, r, withReasons), () => withReasons.map(deletedPreview));
  state.markDeleted(stored.map((s) => s.key));
  return 0;
}

interface Deletion {
  stored: StoredParticipant;
  reason: string;
  /** The removed feed names the registration a transfer became (or null); other removals say nothing. */
  newId?: string | null;
}

async function writeDeletions(tx: Parameters<Parameters<RunLifecycle['commit']>[1]>[0], r: RemovalRun, deletions: Deletion[]): Promise<void> {
  await softDeleteParticipants(tx, deletions.map((d) => d.stored.id));
  await insertChanges(tx, r.run.lead.timingPartnerId, r.run.runId, deletions.map(({ stored, reason, newId }) => ({
    entity: 'participant' as const,
    entityId: stored.id,
    kind: 'deleted' as const,
    oldValues: { bib: stored.bib },
    newValues: newId === undefined ? { reason } : { reason, new_registration_id: newId },
  })));
}

function deletedPreview({ stored, reason }: Deletion) {
  return { entity: 'participant' as const, key: stored.key, kind: 'deleted', oldValues: { bib: stored.bib }, newValues: { reason } };
}

/** Deletions counted on the target of each participant's race (the lead's when the race is not in the read). */
function deletionCounts(r: RemovalRun, stored: StoredParticipant[]): Map<number, Partial<RunCounts>> {
  const counts = new Map<number, Partial<RunCounts>>();
  for (const participant of stored) {
    const targetId = r.targetOfRace.get(participant.raceId) ?? r.run.lead.id;
    counts.set(targetId, { deleted: (counts.get(targetId)?.deleted ?? 0) + 1 });
  }
  return counts;
}
