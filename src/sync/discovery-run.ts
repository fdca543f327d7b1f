import type { CanonicalEvent } from '../model/canonical.js';
import type { Page } from '../providers/types.js';
import type { ConnectionHandle, RunOptions, RunReport, SyncContext } from './context.js';
import { contentHash, toIso } from './hash.js';
import { RunLifecycle } from './run-lifecycle.js';
import { insertChanges } from './store/changes.js';
import { loadEventHashes, loadForeignKeys, upsertEvents, upsertRaces, type EventRow, type RaceRow, type UpsertOutcome } from './store/events.js';
import type { Target } from './store/targets.js';

const VOLATILE = ['last_modified', 'provider_modified_at'];
const UNCHANGED_MARGIN_MS = 2 * 60_000;

/** When the last discovery began, and whether it read past events too. */
interface DiscoveryCursor {
  startedAt: string;
  includePast: boolean;
}

/**
 * Discovery: the connection's events and races, page by page. Rows whose hash is unchanged are not
 * sent; new and changed ones are upserted and go to the change feed.
 */
export async function discoverEvents(
  ctx: SyncContext,
  handle: ConnectionHandle,
  target: Target,
  options: RunOptions & { includePast: boolean; onEvents?: (events: CanonicalEvent[]) => void },
): Promise<RunReport[]> {
  const run = new RunLifecycle(ctx, handle, [{ target, race: null }], options.dryRun, 'discovery');
  try {
    const cursor = target.cursor as DiscoveryCursor | null;
    await run.begin('full', cursor);
    const known = await loadEventHashes(ctx.db, handle.connection.id);
    const foreign = await loadForeignKeys(ctx.db, { timingPartnerId: target.timingPartnerId, provider: handle.connection.provider, connectionId: handle.connection.id });
    const startedAt = ctx.now();
    // Details of races unchanged since the last discovery began (with a margin for the provider's
    // minute precision) are not read again — unless this one reaches further into the past.
    const skipBefore = !options.full && cursor && (cursor.includePast || !options.includePast)
      ? new Date(Date.parse(cursor.startedAt) - UNCHANGED_MARGIN_MS) : null;
    const storedEvents = new Set([...known.events].filter(([, hash]) => hash !== null).map(([key]) => key));
    const pages = handle.adapter.discoverEvents({ includePast: options.includePast, now: startedAt, known: storedEvents, unchangedBefore: skipBefore });
    for await (const read of pages) {
      const page = withoutForeign(read, foreign);
      options.onEvents?.(page.records);
      const events = page.records.map((e) => toEventRow(target, handle, e));
      const races = page.records.flatMap((e) => e.races.map((r) => toRaceRow(target, handle, e, r)));
      const changedEvents = events.filter((e) => known.events.get(e.provider_event_id) !== e.content_hash);
      const changedRaces = races.filter((r) => known.races.get(r.provider_race_id) !== r.content_hash);
      const created = changedEvents.filter((e) => !known.events.has(e.provider_event_id)).length +
        changedRaces.filter((r) => !known.races.has(r.provider_race_id)).length;
      const updated = changedEvents.length + changedRaces.length - created;
      const counts = { created, updated, unchanged: events.length + races.length - created - updated + (page.unchanged?.length ?? 0) };
      const preview = () => [
        ...changedEvents.map((e) => ({ entity: 'event' as const, key: e.provider_event_id, kind: known.events.has(e.provider_event_id) ? 'updated' : 'created', oldValues: null, newValues: { name: e.name, start_time: e.start_time } })),
        ...changedRaces.map((r) => ({ entity: 'race' as const, key: r.provider_race_id, kind: known.races.has(r.provider_race_id) ? 'updated' : 'created', oldValues: null, newValues: { name: r.name, start_time: r.start_time } })),
      ];
      await run.commitPage({ counts, rejects: page.rejects, checkpoint: null, preview }, async (tx) => {
        const outcomes = [...toChanges('event', await upsertEvents(tx, changedEvents)), ...toChanges('race', await upsertRaces(tx, changedRaces))];
        await insertChanges(tx, target.timingPartnerId, run.runId, outcomes);
      });
      for (const e of changedEvents) known.events.set(e.provider_event_id, e.content_hash);
      for (const r of changedRaces) known.races.set(r.provider_race_id, r.content_hash);
    }
    const cursorTo: DiscoveryCursor = { startedAt: startedAt.toISOString(), includePast: options.includePast };
    return await run.succeed('full', cursorTo);
  } catch (error) {
    return run.fail('full', error);
  }
}

/** Events and races another connection of the partner owns are set aside, never taken over. */
function withoutForeign(page: Page<CanonicalEvent>, foreign: { events: Map<string, number>; races: Map<string, number> }): Page<CanonicalEvent> {
  const rejects = [...page.rejects];
  const owned = (what: string, id: string, owner: number | undefined, raw: unknown) => {
    if (owner === undefined) return true;
    rejects.push({ reason: `${what} ${id} is already synced by connection ${owner} of this partner`, raw });
    return false;
  };
  const records = page.records
    .filter((e) => owned('event', e.providerEventId, foreign.events.get(e.providerEventId), e.raw))
    .map((e) => ({ ...e, races: e.races.filter((r) => owned('race', r.providerRaceId, foreign.races.get(r.providerRaceId), r.raw)) }));
  return { ...page, records, rejects };
}

function toChanges(entity: 'event' | 'race', outcomes: UpsertOutcome[]) {
  return outcomes.map((o) => ({ entity, entityId: o.id, kind: o.kind, oldValues: null, newValues: { provider_id: o.key } }));
}

function toEventRow(target: Target, handle: ConnectionHandle, e: CanonicalEvent): EventRow {
  const row: Omit<EventRow, 'content_hash'> = {
    timing_partner_id: target.timingPartnerId,
    provider: handle.connection.provider,
    connection_id: handle.connection.id,
    provider_event_id: e.providerEventId,
    name: e.name,
    start_time: toIso(e.startTime),
    // Set only when it is 'date', so the content hash of every other event stays what it was.
    start_time_precision: e.startTimePrecision === 'date' ? 'date' : undefined,
    time_zone: e.timeZone,
    city: e.city,
    region: e.region,
    country: e.country,
    raw: e.raw,
    provider_modified_at: toIso(e.providerModifiedAt),
  };
  return { ...row, content_hash: contentHash(row, VOLATILE) };
}

function toRaceRow(target: Target, handle: ConnectionHandle, e: CanonicalEvent, r: CanonicalEvent['races'][number]): RaceRow {
  const row: Omit<RaceRow, 'content_hash'> = {
    timing_partner_id: target.timingPartnerId,
    provider: handle.connection.provider,
    connection_id: handle.connection.id,
    provider_event_id: e.providerEventId,
    provider_race_id: r.providerRaceId,
    name: r.name,
    start_time: toIso(r.startTime),
    start_time_precision: r.startTimePrecision === 'date' ? 'date' : undefined,
    distance: r.distance,
    raw: r.raw,
    provider_modified_at: toIso(r.providerModifiedAt),
  };
  return { ...row, content_hash: contentHash(row, VOLATILE) };
}
