/**
 * Links, pushes and publications as operators drive them (CLI and HTTP API alike), each inside one
 * partner: a link across partners, or a partner's command on another's link, is refused.
 */
import type { App } from '../app.js';
import { SyncError } from '../errors.js';
import { providerEntry } from '../providers/registry.js';
import { makeLinkTargetDue, publishingPolicyOf, startLink } from '../scheduler/links.js';
import { runLinkNow } from '../scheduler/outbound-now.js';
import type { RunReport } from '../sync/context.js';
import { matchLink, type MatchReport } from '../sync/result-matching.js';
import { getRace } from '../sync/store/events.js';
import { addLink, getLink, listLinks, removeLink, type RaceLink } from '../sync/store/links.js';
import { decidePublication, getPublication, listPublications, type Publication } from '../sync/store/publications.js';
import { listPushRejects, type PushReject } from '../sync/store/push.js';
import { getPartner } from '../tenants/partners.js';

export interface LinkView extends RaceLink {
  registration: { raceId: number; provider: string; name: string; eventName: string };
  scoring: { raceId: number; provider: string; name: string; eventName: string };
}

async function viewOf(app: Pick<App, 'db'>, link: RaceLink): Promise<LinkView> {
  const [registration, scoring] = await Promise.all([getRace(app.db, link.registrationRaceId), getRace(app.db, link.scoringRaceId)]);
  const side = (race: typeof registration, raceId: number) => ({ raceId, provider: race?.provider ?? '?', name: race?.name ?? '(gone)', eventName: race?.eventName ?? '' });
  return { ...link, registration: side(registration, link.registrationRaceId), scoring: side(scoring, link.scoringRaceId) };
}

/**
 * Links two races of the partner: the one people registered for, and the one that times it. The link
 * starts at once: its first push is due, and results already collected are matched.
 */
export async function createLink(app: Pick<App, 'db'>, partnerId: number, registrationRaceId: number, scoringRaceId: number, now = new Date()): Promise<LinkView> {
  const registration = await getRace(app.db, registrationRaceId, partnerId);
  const scoring = await getRace(app.db, scoringRaceId, partnerId);
  if (!registration || !scoring) {
    const missing = !registration ? registrationRaceId : scoringRaceId;
    throw new SyncError('config', `race ${missing} is not a race of partner ${partnerId} (a link joins two races of one partner; see unified_races)`);
  }
  if (registrationRaceId === scoringRaceId) throw new SyncError('config', 'a race cannot be linked to itself');
  if (!providerEntry(scoring.provider).capabilities.results) throw new SyncError('config', `race ${scoringRaceId} is a ${scoring.provider} race, which has no results to link`);
  const link = await addLink(app.db, partnerId, registrationRaceId, scoringRaceId);
  if (!link) throw new SyncError('config', `race ${registrationRaceId} or ${scoringRaceId} was deleted while being linked`);
  const partner = await getPartner(app.db, partnerId);
  await startLink(app.db, link, publishingPolicyOf(partner?.settings ?? {}), now);
  return viewOf(app, link);
}

export async function linkOf(app: Pick<App, 'db'>, id: number, partnerId?: number): Promise<RaceLink> {
  const link = await getLink(app.db, id, partnerId);
  if (!link) throw new SyncError('config', partnerId === undefined ? `No link with id ${id}; see \`p88 link list\`` : `No link ${id} of partner ${partnerId}`);
  return link;
}

export async function listLinkViews(app: Pick<App, 'db'>, partnerId?: number): Promise<LinkView[]> {
  return Promise.all((await listLinks(app.db, partnerId)).map((link) => viewOf(app, link)));
}

export async function dropLink(app: Pick<App, 'db'>, id: number, partnerId?: number): Promise<void> {
  await linkOf(app, id, partnerId);
  await removeLink(app.db, id, partnerId);
}

/** Matches the scoring race's results now; the report lists what could not be matched, and why. */
export async function checkLink(app: Pick<App, 'db'>, id: number, partnerId?: number): Promise<{ link: LinkView; matches: MatchReport; pushRejects: PushReject[] }> {
  const link = await linkOf(app, id, partnerId);
  return { link: await viewOf(app, link), matches: await matchLink(app.db, link), pushRejects: await listPushRejects(app.db, link.id) };
}

export async function pushNow(app: App, id: number, partnerId: number | undefined, dryRun: boolean): Promise<RunReport[]> {
  const link = await linkOf(app, id, partnerId);
  return runLinkNow({ ctx: app.syncContext(), box: app.box, fetch: globalThis.fetch, reserveShare: app.config.reserveShare, authFailureLimit: app.config.authFailureLimit }, link, 'push', dryRun);
}

export async function waitingPublications(app: Pick<App, 'db'>, partnerId?: number): Promise<Publication[]> {
  return listPublications(app.db, partnerId, ['pending', 'approved', 'failed']);
}

/**
 * A person's decision: an approved publication is published by the next publish run (at once with
 * `now`); a refused one never is (the next change prepares a new one).
 */
export async function decide(app: App, id: number, partnerId: number | undefined, decision: 'approved' | 'rejected', by: string, now: boolean): Promise<{ publication: Publication; reports: RunReport[] }> {
  const publication = await getPublication(app.db, id, partnerId);
  if (!publication) throw new SyncError('config', `No publication ${id}${partnerId === undefined ? '' : ` of partner ${partnerId}`}; see \`p88 publish list\``);
  if (!(await decidePublication(app.db, id, decision, by))) throw new SyncError('config', `Publication ${id} is ${publication.status}, not pending`);
  const link = await linkOf(app, publication.linkId);
  let reports: RunReport[] = [];
  if (decision === 'approved') {
    await makeLinkTargetDue(app.db, link, 'publish', new Date());
    if (now) reports = await runLinkNow({ ctx: app.syncContext(), box: app.box, fetch: globalThis.fetch, authFailureLimit: app.config.authFailureLimit }, link, 'publish', false);
  }
  return { publication: (await getPublication(app.db, id))!, reports };
}
