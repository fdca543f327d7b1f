/**
 * Pushing a linked registration race's participants to its scoring provider (DESIGN.md §4): what is
 * new or changed since the last push (by content hash) goes out in batches, each committed with the
 * push state, so a run that breaks off resends only the batch in flight (the provider updates by
 * `id`: resending duplicates nothing). Items the provider refuses are set aside as push rejects with
 * its reasons. Withdrawn registrations cannot be withdrawn where the provider has no way to (Copernico's
 * import has none): they are reported, once.
 */
import type { PushParticipant } from '../providers/types.js';
import type { ConnectionHandle, RunOptions, RunReport, SyncContext } from './context.js';
import { contentHash } from './hash.js';
import { raceOf, RunLifecycle } from './run-lifecycle.js';
import type { RaceInScope } from './store/events.js';
import type { RaceLink } from './store/links.js';
import { loadPushCandidates, savePushItems, type PushCandidate, type PushItemRow } from './store/push.js';
import type { Target } from './store/targets.js';

/** How a scoring provider names a registration from each registration provider: "RSU-2645624". */
const PUSH_ID_PREFIX: Record<string, string> = { runsignup: 'RSU', raceroster: 'RR', haku: 'HAKU' };

export const PUSH_BATCH_SIZE = 100;

export interface PushPlan {
  send: { candidate: PushCandidate; item: PushParticipant; hash: string; created: boolean }[];
  unchanged: number;
  /** Pushed before, withdrawn since, with no way to withdraw them at the provider. */
  withdrawn: PushCandidate[];
}

export function pushIdOf(registrationProvider: string, providerParticipantId: string): string {
  return `${PUSH_ID_PREFIX[registrationProvider] ?? registrationProvider.toUpperCase()}-${providerParticipantId}`;
}

/** What to send: the registrations whose pushed form differs from the last one that went out. */
export function planPush(candidates: PushCandidate[], registrationProvider: string): PushPlan {
  const plan: PushPlan = { send: [], unchanged: 0, withdrawn: [] };
  for (const candidate of candidates) {
    if (candidate.deleted) {
      if (candidate.pushedStatus === 'pushed') plan.withdrawn.push(candidate);
      continue;
    }
    const item: PushParticipant = {
      id: pushIdOf(registrationProvider, candidate.providerParticipantId),
      firstName: candidate.firstName, lastName: candidate.lastName, gender: candidate.gender,
      birthdate: candidate.birthdate, bib: candidate.bib, team: candidate.teamName,
    };
    const hash = contentHash(item as unknown as Record<string, unknown>);
    // A refused item goes again only once it changed: the same body would be refused the same way.
    if (candidate.pushedHash === hash && (candidate.pushedStatus === 'pushed' || candidate.pushedStatus === 'rejected')) plan.unchanged += 1;
    else plan.send.push({ candidate, item, hash, created: candidate.pushedHash === null });
  }
  return plan;
}

export async function pushLink(
  ctx: SyncContext,
  handle: ConnectionHandle,
  target: Target,
  link: RaceLink,
  races: { registration: RaceInScope & { provider: string }; scoring: RaceInScope },
  options: RunOptions,
): Promise<RunReport[]> {
  const run = new RunLifecycle(ctx, handle, [{ target, race: raceOf(races.scoring) }], options.dryRun, 'push');
  try {
    if (!handle.adapter.pushParticipants) throw new Error(`${handle.connection.provider} takes no pushed participants`);
    await run.begin('full', null);
    const plan = planPush(await loadPushCandidates(ctx.db, link.id, link.registrationRaceId), races.registration.provider);
    const query = { providerEventId: races.scoring.providerEventId, providerRaceId: races.scoring.providerRaceId };
    await run.commitPage({ counts: { unchanged: plan.unchanged }, rejects: [], checkpoint: null }, async () => undefined);
    for (let at = 0; at < plan.send.length; at += PUSH_BATCH_SIZE) {
      const batch = plan.send.slice(at, at + PUSH_BATCH_SIZE);
      const preview = () => batch.map((b) => ({ entity: 'participant' as const, key: b.item.id, kind: b.created ? 'push' : 'push update', oldValues: null, newValues: { ...b.item } }));
      const outcome = options.dryRun ? { rejected: [] } : await handle.adapter.pushParticipants(query, batch.map((b) => b.item));
      const refused = new Map(outcome.rejected.map((r) => [r.id, r.reasons.join('; ')]));
      const items: PushItemRow[] = batch.map((b) => ({
        participantId: b.candidate.participantId, pushedId: b.item.id, contentHash: b.hash,
        status: refused.has(b.item.id) ? 'rejected' : 'pushed', reason: refused.get(b.item.id) ?? null,
      }));
      const rejects = batch.filter((b) => refused.has(b.item.id)).map((b) => ({ reason: `push refused by ${handle.connection.provider}: ${refused.get(b.item.id)}`, raw: b.item }));
      const accepted = batch.filter((b) => !refused.has(b.item.id));
      const counts = { created: accepted.filter((b) => b.created).length, updated: accepted.filter((b) => !b.created).length };
      await run.commitPage({ counts, rejects, checkpoint: null, preview }, (tx) => savePushItems(tx, link.id, items));
    }
    await reportWithdrawn(run, link, plan, races.registration.provider, handle.connection.provider);
    return await run.succeed('full', null, plan.withdrawn.length ? { error: withdrawnMessage(plan, handle.connection.provider) } : {});
  } catch (error) {
    return run.fail('full', error);
  }
}

function withdrawnMessage(plan: PushPlan, provider: string): string {
  return `${plan.withdrawn.length} withdrawn registration(s) were pushed before and ${provider} has no way to withdraw them: ` +
    `remove ${plan.withdrawn.map((w) => w.providerParticipantId).join(', ')} there by hand`;
}

/** Marked `withdrawn` so each is reported once; counted as deleted. */
async function reportWithdrawn(run: RunLifecycle, link: RaceLink, plan: PushPlan, registrationProvider: string, provider: string): Promise<void> {
  if (plan.withdrawn.length === 0) return;
  const items = plan.withdrawn.map((w): PushItemRow => ({
    participantId: w.participantId, pushedId: pushIdOf(registrationProvider, w.providerParticipantId), contentHash: w.pushedHash ?? '', status: 'withdrawn',
    reason: `withdrawn at the registration provider; ${provider} cannot withdraw a pushed registration`,
  }));
  await run.commit(new Map([[run.lead.id, { deleted: items.length }]]), (tx) => savePushItems(tx, link.id, items));
}
