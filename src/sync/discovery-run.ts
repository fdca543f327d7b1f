import type { CanonicalEvent } from '../model/canonical.js';
import type { ConnectionHandle, RunOptions, RunReport, SyncContext } from './context.js';
import { contentHash, toIso } from './hash.js';
import { RunLifecycle } from './run-lifecycle.js';
import { insertChanges } from './store/changes.js';
import { upsertEvents, upsertRaces, type EventRow, type RaceRow, type UpsertOutcome } from './store/events.js';
import type { Target } from './store/targets.js';

const VOLATILE = ['last_modified', 'provider_modified_at'];

/**
 * Discovery: the connection's events and races, upserted page by page. Unchanged ones are skipped by
 * hash; new and changed ones go to the change feed.
 */
export async function discoverEvents(
  ctx: SyncContext,
  handle: ConnectionHandle,
  target: Target,
  options: RunOptions & { includePast: boolean },
): Promise<RunReport> {
  const run = new RunLifecycle(ctx, handle, target, options.dryRun, { kind: 'discovery', race: null });
  try {
    await run.begin('full', null);
    for await (const page of handle.adapter.discoverEvents({ includePast: options.includePast, now: ctx.now() })) {
      const events = page.records.map((e) => toEventRow(target, handle, e));
      const races = page.records.flatMap((e) => e.races.map((r) => toRaceRow(target, handle, e, r)));
      let written = 0;
      await run.commitPage({ counts: {}, rejects: page.rejects, checkpoint: null }, async (tx) => {
        const eventOutcomes = await upsertEvents(tx, events);
        const raceOutcomes = await upsertRaces(tx, races);
        written = eventOutcomes.length + raceOutcomes.length;
        await insertChanges(tx, target.timingPartnerId, run.runId, [
          ...toChanges('event', eventOutcomes),
          ...toChanges('race', raceOutcomes),
        ]);
        run.counts.created += [...eventOutcomes, ...raceOutcomes].filter((o) => o.kind === 'created').length;
        run.counts.updated += [...eventOutcomes, ...raceOutcomes].filter((o) => o.kind === 'updated').length;
      });
      run.counts.unchanged += run.dryRun ? 0 : events.length + races.length - written;
      if (run.dryRun) run.counts.created += events.length + races.length;
    }
    return await run.succeed('full', null);
  } catch (error) {
    return run.fail('full', error);
  }
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
    distance: r.distance,
    raw: r.raw,
    provider_modified_at: toIso(r.providerModifiedAt),
  };
  return { ...row, content_hash: contentHash(row, VOLATILE) };
}
