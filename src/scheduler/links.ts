/**
 * What a run means for the races linked to its race (DESIGN.md §4): a participants sync of a
 * registration race makes the push to its scoring race due; a results sync of a scoring race matches
 * its results to the registrations, prepares the publication of what changed, and — once it is
 * approved (at once under the partner's `automatic` policy) — makes the publish due.
 */
import type { Queryable } from '../db/database.js';
import { providerEntry } from '../providers/registry.js';
import type { SyncContext } from '../sync/context.js';
import { preparePublication, type PublishingPolicy } from '../sync/publish-run.js';
import { matchLink } from '../sync/result-matching.js';
import { getRace, type RaceInScope } from '../sync/store/events.js';
import { linksOfRace, type RaceLink } from '../sync/store/links.js';
import { makeTargetDue } from '../sync/store/targets-queue.js';
import { ensureTarget, type Target, type TargetKind } from '../sync/store/targets.js';

export const linkScope = (linkId: number): string => `link:${linkId}`;

export function linkIdOfScope(scope: string): number | null {
  const match = /^link:(\d+)$/.exec(scope);
  return match ? Number(match[1]) : null;
}

/** The partner's publishing policy (partner settings `publishing`; `approval` unless set). */
export const publishingPolicyOf = (settings: Record<string, unknown>): PublishingPolicy =>
  settings.publishing === 'automatic' ? 'automatic' : 'approval';

/** The push (to the scoring race) or publish (to the registration race) target of a link, due now. */
export async function makeLinkTargetDue(db: Queryable, link: RaceLink, kind: Extract<TargetKind, 'push' | 'publish'>, now: Date): Promise<Target | null> {
  const race = await getRace(db, kind === 'push' ? link.scoringRaceId : link.registrationRaceId);
  if (!race) return null;
  const capabilities = providerEntry(race.provider).capabilities;
  if (kind === 'push' ? !capabilities.push : !capabilities.publish) return null;
  const target = await ensureTarget(db, { timingPartnerId: link.timingPartnerId, connectionId: race.connectionId, kind, raceId: race.raceId, scope: linkScope(link.id) });
  await makeTargetDue(db, target.id, now, false);
  return target;
}

export async function followLinks(ctx: SyncContext, kind: TargetKind, race: RaceInScope, policy: PublishingPolicy): Promise<void> {
  if (kind !== 'participants' && kind !== 'results') return;
  for (const link of await linksOfRace(ctx.db, race.raceId)) {
    if (kind === 'participants' && link.registrationRaceId === race.raceId) await makeLinkTargetDue(ctx.db, link, 'push', ctx.now());
    if (kind === 'results' && link.scoringRaceId === race.raceId) await followResults(ctx.db, link, policy, ctx.now());
  }
}

/** Results of the scoring race matched, the publication of what changed prepared, its publish due once approved. */
async function followResults(db: Queryable, link: RaceLink, policy: PublishingPolicy, now: Date): Promise<void> {
  await matchLink(db, link);
  const publication = await preparePublication(db, link, policy);
  if (publication?.status === 'approved') await makeLinkTargetDue(db, link, 'publish', now);
}

/** A new link starts from what is stored: its first push is due now, and results already collected are followed. */
export async function startLink(db: Queryable, link: RaceLink, policy: PublishingPolicy, now: Date): Promise<void> {
  await makeLinkTargetDue(db, link, 'push', now);
  await followResults(db, link, policy, now);
}
