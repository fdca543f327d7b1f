/**
 * Results of a linked scoring race going back to the registration provider (DESIGN.md §4). After each
 * results sync the matched results are compared with what was last published of each: the new and
 * changed ones make (or refresh) one publication, approved at once under the partner's `automatic`
 * policy or waiting for a person under `approval` (the default). A publish run sends every approved
 * publication — a correction of rows published before goes out as such — and records the provider's
 * answer and what each row now is at the provider.
 */
import type { Queryable } from '../db/database.js';
import type { ConnectionHandle, RunOptions, RunReport, SyncContext } from './context.js';
import { raceOf, RunLifecycle } from './run-lifecycle.js';
import type { RaceInScope } from './store/events.js';
import type { RaceLink } from './store/links.js';
import {
  approvedPublications, findOpenPublication, loadPublishable, markPublished, savePublication, setPublishedResultSet,
  type Publication, type Publishable,
} from './store/publications.js';
import type { Target } from './store/targets.js';

export type PublishingPolicy = 'automatic' | 'approval';

const rowOf = (r: Publishable) => ({
  resultId: r.resultId, contentHash: r.contentHash, registrationId: r.registrationId, bib: r.bib, place: r.place,
  clockTime: r.clockTime, chipTime: r.chipTime, status: r.status,
});

const valuesOf = ({ place, clockTime, chipTime, status }: Partial<Publishable>) => ({ place, clockTime, chipTime, status });

/**
 * Makes the link's open publication hold exactly the results that differ from what was published;
 * null when nothing does. An approved publication not yet sent is left as it is (what changed after it
 * goes into the next one).
 */
export async function preparePublication(db: Queryable, link: RaceLink, policy: PublishingPolicy): Promise<Publication | null> {
  const open = await findOpenPublication(db, link.id);
  if (open?.status === 'approved') return open;
  const changed = (await loadPublishable(db, link.id, link.scoringRaceId)).filter((r) => r.publishedHash !== r.contentHash);
  if (changed.length === 0) return open ?? null;
  const diff = {
    added: changed.filter((r) => r.publishedHash === null).length,
    changed: changed.filter((r) => r.publishedHash !== null).map((r) => ({ registrationId: r.registrationId, before: valuesOf(r.published ?? {}), after: valuesOf(r) })),
  };
  return savePublication(db, {
    id: open?.id, partnerId: link.timingPartnerId, linkId: link.id, rows: changed.map(rowOf), diff,
    correction: diff.changed.length > 0, approvedBy: policy === 'automatic' ? 'automatic policy' : undefined,
  });
}

export async function publishLink(
  ctx: SyncContext,
  handle: ConnectionHandle,
  target: Target,
  link: RaceLink,
  races: { registration: RaceInScope; scoring: RaceInScope },
  options: RunOptions,
): Promise<RunReport[]> {
  const run = new RunLifecycle(ctx, handle, [{ target, race: raceOf(races.registration) }], options.dryRun, 'publish');
  try {
    if (!handle.adapter.publishResults) throw new Error(`${handle.connection.provider} takes no published results`);
    await run.begin('full', null);
    let resultSetId = link.publishedResultSet;
    for (const publication of await approvedPublications(ctx.db, link.id)) {
      const preview = () => publication.rows.map((row) => ({ entity: 'result' as const, key: row.registrationId, kind: 'publish', oldValues: null, newValues: { ...row } }));
      if (options.dryRun) {
        await run.commitPage({ counts: { created: publication.rows.length }, rejects: [], checkpoint: null, preview }, async () => undefined);
        continue;
      }
      const outcome = await handle.adapter.publishResults({
        providerEventId: races.registration.providerEventId, providerRaceId: races.registration.providerRaceId,
        resultSetId, resultSetName: `${races.scoring.eventName} — ${races.scoring.name}`,
      }, publication.rows);
      resultSetId = outcome.resultSetId;
      const counts = publication.correction ? { updated: publication.rows.length } : { created: publication.rows.length };
      await run.commitPage({ counts, rejects: [], checkpoint: null }, async (tx) => {
        await markPublished(tx, publication, outcome.answer);
        await setPublishedResultSet(tx, link.id, outcome.resultSetId);
      });
    }
    return await run.succeed('full', null);
  } catch (error) {
    return run.fail('full', error);
  }
}
