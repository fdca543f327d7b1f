/**
 * Withdrawals, the three ways providers tell them (DESIGN.md §4): RunSignUp's removed-participants
 * feed, registrations flagged cancelled (Haku), and absence from a complete full read. All are
 * gathered during the run and applied at its end together — unless that would remove more than the
 * guard share of the races, which holds the deletion and raises an alert instead.
 */
import type { ParticipantsQuery, ProviderCapabilities } from '../providers/types.js';
import type { ConnectionHandle, RunOptions, SyncContext } from './context.js';
import type { Checkpoint, Withdrawal } from './participants-checkpoint.js';
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

/**
 * Incremental runs learn withdrawals from the provider's removed feed, from the same cursor. Its
 * pages are committed as read (the checkpoint moves on), their withdrawals noted for the end.
 */
export async function readRemovedFeed(handle: ConnectionHandle, r: RemovalRun): Promise<void> {
  const { run, checkpoint } = r;
  if (!handle.adapter.removedParticipants) return;
  const pages = handle.adapter.removedParticipants({ ...r.query, modifiedSince: checkpoint.cursorFrom ?? undefined, resumeAfter: checkpoint.resumeAfter });
  for await (const page of pages) {
    checkpoint.withdrawn.push(...page.records.map((record) => ({ key: record.providerParticipantId, reason: record.reason, newId: record.newProviderParticipantId })));
    checkpoint.resumeAfter = page.resumeAfter;
    await run.commitPage({ counts: {}, rejects: page.rejects, checkpoint }, async () => undefined);
  }
}

/**
 * Soft-deletes the registrations a run found withdrawn, unless they are more than the guard share of
 * the races' active ones: then the deletion is held and an alert raised. Returns the number held.
 */
export async function applyRemovals(r: RemovalRun, withdrawals: Withdrawal[], options: RunOptions): Promise<number> {
  const { ctx, run, state } = r;
  await state.loadUnknown(ctx.db, withdrawals.map((w) => w.key));
  const deletions = withdrawals
    .map((w) => ({ ...w, stored: state.get(w.key) }))
    .filter((d): d is Deletion => d.stored !== undefined && !d.stored.deleted);
  if (deletions.length === 0) return 0;
  const active = await state.activeCount(ctx.db);
  const limit = Math.max(GUARD_MIN_DELETES, ctx.settings.deleteGuard * active);
  if (deletions.length > limit && !options.allowMassDelete) {
    const message = `held deletion of ${deletions.length} of ${active} participants (guard ${Math.round(ctx.settings.deleteGuard * 100)} %); ` +
      'check the race at the provider, then run `p88 sync --full --allow-mass-delete` for it';
    if (!run.dryRun) {
      await raiseAlert(ctx.db, {
        timingPartnerId: run.lead.timingPartnerId, connectionId: run.lead.connectionId, targetId: run.lead.id,
        kind: 'mass_delete_held', message, details: { missing: deletions.length, active },
      });
    }
    ctx.log.warn({ targetId: run.lead.id, missing: deletions.length, active }, message);
    return deletions.length;
  }
  await run.commit(deletionCounts(r, deletions.map((d) => d.stored)), (tx) => writeDeletions(tx, r, deletions), () => deletions.map(deletedPreview));
  state.markDeleted(deletions.map((d) => d.stored.key));
  return 0;
}

interface Deletion extends Withdrawal {
  stored: StoredParticipant;
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
