import type { ConnectionHandle, RunOptions, RunReport, SyncContext } from './context.js';
import type { RaceIds } from './participant-diff.js';
import { ParticipantsState } from './participants-state.js';
import { raceOf, RunLifecycle } from './run-lifecycle.js';
import { insertChanges } from './store/changes.js';
import type { RaceInScope } from './store/events.js';
import { upsertParticipants } from './store/participants.js';
import type { Target } from './store/targets.js';

/**
 * Refreshes the participant holding one bib in one race (one provider call), logging bib changes like
 * any sync. It leaves the race's incremental cursor where it was.
 */
export async function refreshByBib(
  ctx: SyncContext,
  handle: ConnectionHandle,
  target: Target,
  race: RaceInScope,
  bib: string,
  options: RunOptions,
): Promise<RunReport[]> {
  const run = new RunLifecycle(ctx, handle, [{ target, race: raceOf(race) }], options.dryRun, 'participants');
  try {
    if (!handle.adapter.participantsByBib) throw new Error(`${handle.connection.provider} cannot look participants up by bib`);
    await run.begin('incremental', target.cursor);
    const races = new Map<string, RaceIds>([[race.providerRaceId, { raceId: race.raceId, eventId: race.eventId }]]);
    const scope = { timingPartnerId: target.timingPartnerId, provider: handle.connection.provider, connectionId: handle.connection.id, races };
    // A look-up returns a bib's few registrations: the view loads only what it names.
    const state = await ParticipantsState.load(ctx.db, scope, false);
    const query = { providerEventId: race.providerEventId, providerRaceIds: [race.providerRaceId] };
    const page = await handle.adapter.participantsByBib(query, bib);
    await state.loadForPage(ctx.db, page.records);
    const plan = state.planPage(page.records, page.rejects);
    await run.commitPage(
      { counts: plan.byRace.get(race.raceId) ?? {}, rejects: plan.rejects, checkpoint: target.checkpoint },
      async (tx) => {
        const ids = await upsertParticipants(tx, plan.rows);
        await insertChanges(tx, target.timingPartnerId, run.runId, state.resolve(plan.changes, ids));
      },
    );
    return await run.succeed('incremental', target.cursor);
  } catch (error) {
    return run.fail('incremental', error);
  }
}
