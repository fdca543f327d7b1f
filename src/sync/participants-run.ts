import { classifyError } from '../errors.js';
import type { CanonicalParticipant } from '../model/canonical.js';
import type { Page, ParticipantsQuery, ProviderCapabilities } from '../providers/types.js';
import type { ConnectionHandle, RunOptions, RunReport, SyncContext } from './context.js';
import { isInRange } from './keys.js';
import { chooseStart, cursorAfter, diffsFullReads, sawWholeList, type Checkpoint, type Withdrawal } from './participants-checkpoint.js';
import { applyRemovals, readRemovedFeed, type RemovalRun } from './participants-removals.js';
import type { RaceIds } from './participant-diff.js';
import { ParticipantsState, type PagePlan } from './participants-state.js';
import { prefetchOne } from './prefetch.js';
import { raceOf, RunLifecycle } from './run-lifecycle.js';
import { insertChanges } from './store/changes.js';
import type { RaceInScope } from './store/events.js';
import { upsertParticipants } from './store/participants.js';
import type { RunCounts } from './store/runs.js';
import type { Target } from './store/targets.js';

/** One race of the read and the target that schedules it. */
export interface RaceTarget {
  race: RaceInScope;
  target: Target;
}

const unixSeconds = (date: Date): number => Math.floor(date.getTime() / 1000);

/**
 * Syncs the participants of one race, or of several races of one event read together: full, or
 * incremental from the cursor where the provider can filter, page by page, resumable from the
 * checkpoint; then withdrawals — the removed feed, cancellation flags, or a full read's diff, all
 * under the mass-delete guard. Returns one report per race.
 */
export async function syncParticipants(
  ctx: SyncContext,
  handle: ConnectionHandle,
  members: RaceTarget[],
  options: RunOptions,
): Promise<RunReport[]> {
  const capabilities = handle.adapter.capabilities;
  const checkpoint = chooseStart(ctx, capabilities, members.map((m) => m.target), members.map((m) => m.race.providerRaceId), options);
  const run = new RunLifecycle(ctx, handle, members.map((m) => ({ target: m.target, race: raceOf(m.race) })), options.dryRun, 'participants');
  const targetOfRace = new Map(members.map((m) => [m.race.raceId, m.target.id]));
  try {
    await run.begin(checkpoint.mode, checkpoint.cursorFrom);
    const races = new Map<string, RaceIds>(members.map((m) => [m.race.providerRaceId, { raceId: m.race.raceId, eventId: m.race.eventId }]));
    const scope = { timingPartnerId: run.lead.timingPartnerId, provider: handle.connection.provider, connectionId: handle.connection.id, races };
    const state = await ParticipantsState.load(ctx.db, scope, needsWholeView(checkpoint, capabilities));
    const query: ParticipantsQuery = {
      providerEventId: members[0]!.race.providerEventId,
      providerRaceIds: checkpoint.races,
      knownVersion: (key) => state.get(key)?.version,
      newestKnownVersion: state.newestVersion(),
    };
    const removal: RemovalRun = { ctx, run, state, query, checkpoint, targetOfRace, capabilities };
    if (!(await readParticipants(ctx, handle, removal))) return await run.stop(checkpoint.mode);
    const readFeed = options.readRemovalFeed !== false;
    if (checkpoint.mode === 'incremental' && capabilities.removals === 'feed' && readFeed) await readRemovedFeed(handle, removal);
    const heldDeletes = await applyRemovals(removal, gone(checkpoint, state, capabilities), options);
    const extra = { ...(heldDeletes ? { heldDeletes } : {}), ...(checkpoint.resumed ? { resumed: true } : {}) };
    return await run.succeed(checkpoint.mode, cursorAfter(ctx, capabilities, checkpoint, readFeed), extra);
  } catch (error) {
    return run.fail(checkpoint.mode, error);
  }
}

/** Only an incremental read of a provider that filters by modified-since does with a partial view (see ParticipantsState). */
function needsWholeView(checkpoint: Checkpoint, capabilities: ProviderCapabilities): boolean {
  return checkpoint.mode !== 'incremental' || capabilities.participantsCursor !== 'modified_since';
}

/**
 * What the read found withdrawn: what the provider said, and — after a full read that saw the whole
 * list at once, with no record set aside — what it never saw.
 */
function gone(checkpoint: Checkpoint, state: ParticipantsState, capabilities: ProviderCapabilities): Withdrawal[] {
  const diffed = checkpoint.mode !== 'incremental' && diffsFullReads(capabilities) && sawWholeList(checkpoint);
  const seen = new Set(checkpoint.seen);
  const absent = !diffed ? [] : capabilities.keysetPaging ? checkpoint.missing : state.activeKeys().filter((key) => !seen.has(key));
  const said = new Set(checkpoint.withdrawn.map((w) => w.key));
  return [...checkpoint.withdrawn, ...[...new Set(absent)].filter((key) => !said.has(key)).map((key) => ({ key, reason: 'absent from a full read' }))];
}

function countsByTarget(plan: PagePlan, targetOfRace: Map<number, number>, unchanged: number, leadId: number): Map<number, Partial<RunCounts>> {
  const counts = new Map<number, Partial<RunCounts>>();
  for (const [raceId, tally] of plan.byRace) counts.set(targetOfRace.get(raceId)!, { ...tally });
  if (unchanged > 0) {
    const lead = counts.get(leadId) ?? {};
    counts.set(leadId, { ...lead, unchanged: (lead.unchanged ?? 0) + unchanged });
  }
  return counts;
}

/** Notes what a page tells about withdrawals and the cursor, before it is committed with it. */
function notePage(r: RemovalRun, page: Page<CanonicalParticipant>, plan: PagePlan): void {
  const { checkpoint, state, capabilities } = r;
  for (const record of page.records) {
    const modified = record.providerModifiedAt ? unixSeconds(record.providerModifiedAt) : null;
    if (modified !== null) checkpoint.maxModified = Math.max(checkpoint.maxModified ?? modified, modified);
  }
  checkpoint.withdrawn.push(...page.records.filter((p) => p.cancelled).map((p) => ({ key: p.providerParticipantId, reason: 'cancelled at the provider' })));
  if (page.total !== undefined) checkpoint.totals.push(page.total);
  // A reject that names its record still shows the record exists; one that does not leaves a hole.
  const rejectedKeys = page.rejects.flatMap((r) => (r.key ? [r.key] : []));
  checkpoint.rejected = (checkpoint.rejected ?? 0) + page.rejects.length - rejectedKeys.length;
  if (checkpoint.mode === 'incremental') return;
  if (capabilities.keysetPaging) {
    const seen = new Set([...plan.seen, ...(page.unchanged ?? []), ...rejectedKeys]);
    checkpoint.missing.push(...state.activeKeys().filter((key) => !seen.has(key) && isInRange(key, checkpoint.resumeAfter, page.resumeAfter)));
  } else {
    checkpoint.seen.push(...plan.seen, ...(page.unchanged ?? []), ...rejectedKeys, ...page.records.filter((p) => p.cancelled).map((p) => p.providerParticipantId));
  }
}

/** Reads and stores participant pages; false when stopped on request before the end. */
async function readParticipants(ctx: SyncContext, handle: ConnectionHandle, r: RemovalRun): Promise<boolean> {
  const { run, state, checkpoint } = r;
  if (checkpoint.phase !== 'participants') return true;
  const modifiedSince = checkpoint.mode === 'incremental' ? checkpoint.cursorFrom ?? undefined : undefined;
  const pages = prefetchOne(handle.adapter.participants({ ...r.query, modifiedSince, resumeAfter: checkpoint.resumeAfter }));
  let first = true;
  try {
    for await (const page of pages) {
      first = false;
      const listed = page.records.filter((p) => !p.cancelled);
      await state.loadForPage(ctx.db, page.records);
      const plan = state.planPage(listed, page.rejects);
      notePage(r, page, plan);
      checkpoint.resumeAfter = page.resumeAfter;
      if (page.resumeAfter === null) checkpoint.phase = 'removed';
      const preview = () => plan.changes.map(({ key, entity, kind, oldValues, newValues }) => ({ entity, key, kind, oldValues, newValues }));
      const counts = countsByTarget(plan, r.targetOfRace, page.unchanged?.length ?? 0, run.lead.id);
      await run.commitPage({ counts, rejects: plan.rejects, checkpoint, preview }, async (tx) => {
        const created = plan.changes.filter((c) => c.kind === 'created');
        const logged = { timingPartnerId: run.lead.timingPartnerId, runId: run.runId, keys: created.map((c) => c.key) };
        const ids = await upsertParticipants(tx, plan.rows, logged);
        const others = created.length === 0 ? plan.changes : plan.changes.filter((c) => c.kind !== 'created');
        await insertChanges(tx, run.lead.timingPartnerId, run.runId, state.resolve(others, ids));
        state.applyWritten(plan.rows, ids);
      });
      if (run.dryRun) state.applyWritten(plan.rows, new Map());
      if (ctx.signal?.aborted && page.resumeAfter !== null) return false;
    }
  } catch (error) {
    if (first && checkpoint.mode === 'incremental' && classifyError(error) === 'config') {
      // The provider refused the incremental parameters; a full read does without them.
      ctx.log.info({ targetId: run.lead.id, err: (error as Error).message }, 'incremental read refused; falling back to a full read');
      Object.assign(checkpoint, { mode: 'full_fallback', resumeAfter: null, missing: [], seen: [], totals: [], maxModified: null } satisfies Partial<Checkpoint>);
      await state.loadWhole(ctx.db);
      return readParticipants(ctx, handle, r);
    }
    throw error;
  }
  checkpoint.phase = 'removed';
  checkpoint.resumeAfter = null;
  return true;
}
