import type { Queryable } from '../db/database.js';
import type { Connection } from '../tenants/connections.js';
import { advanceTarget, createTargets, listRaceTargets, retireTargets, type PlannedTarget } from '../sync/store/targets-queue.js';
import { participantsGroupKey, providerEntry } from '../providers/registry.js';
import { nextParticipantsRun, nextResultsRun, PRIORITY, type SchedulePolicy } from './policy.js';
import { connectionRaceClock, type RaceClock } from './race-clock.js';

/**
 * Keeps a connection's targets in step with its races, after each discovery: a race that appeared gets
 * its participants target (due at once, so a new race is synced without anyone asking) and its results
 * target (due at its start); a race that moved closer has its next sync brought forward; a race past
 * its stop time, or past the results horizon, is retired.
 */
export async function planConnection(
  db: Queryable,
  connection: Connection,
  timeZone: string,
  now: Date,
  policy: SchedulePolicy,
): Promise<{ created: number; retired: number }> {
  const rows = await listRaceTargets(db, connection.id);
  const planned: PlannedTarget[] = [];
  const retired: number[] = [];
  const capabilities = providerEntry(connection.provider).capabilities;
  const clockOf = connectionRaceClock(connection, policy, timeZone);
  const races = new Map<number, { clock: RaceClock | null; eventId: number; targets: Map<string, { id: number; nextRunAt: Date | null }> }>();
  for (const row of rows) {
    const clock = clockOf(row);
    const race = races.get(row.raceId) ?? { clock, eventId: row.eventId, targets: new Map() };
    if (row.kind && row.targetId !== null) race.targets.set(row.kind, { id: row.targetId, nextRunAt: row.nextRunAt });
    races.set(row.raceId, race);
  }
  const moved: { id: number; at: Date; priority: number }[] = [];
  const base = { timingPartnerId: connection.timingPartnerId, connectionId: connection.id };
  for (const [raceId, race] of races) {
    if (!race.clock) continue;
    const participants = nextParticipantsRun(now, race.clock.start, policy, race.clock.stopAt);
    const participantsTarget = race.targets.get('participants');
    if (!participants && participantsTarget) retired.push(participantsTarget.id);
    if (participants && !participantsTarget) {
      const groupKey = participantsGroupKey(connection.provider, race.eventId);
      planned.push({ ...base, kind: 'participants', raceId, nextRunAt: now, priority: PRIORITY[participants.urgency], groupKey });
    }
    // A race moved closer: its next sync comes forward to the new cadence.
    if (participants && participantsTarget?.nextRunAt && participantsTarget.nextRunAt > participants.at) {
      moved.push({ id: participantsTarget.id, at: participants.at, priority: PRIORITY[participants.urgency] });
    }
    if (!capabilities.results) continue;
    const start = race.clock.start;
    const results = nextResultsRun(now, start, timeZone, policy);
    const resultsTarget = race.targets.get('results');
    if (!results && resultsTarget) retired.push(resultsTarget.id);
    if (results && !resultsTarget) {
      // A race that has already started has results to collect now; a future one at its start.
      const first = start <= now ? now : results.at;
      planned.push({ ...base, kind: 'results', raceId, nextRunAt: first, priority: PRIORITY.results });
    }
    if (results && resultsTarget?.nextRunAt && resultsTarget.nextRunAt > results.at) {
      moved.push({ id: resultsTarget.id, at: results.at, priority: PRIORITY.results });
    }
  }
  await retireTargets(db, retired);
  for (const target of moved) await advanceTarget(db, target.id, target.at, target.priority);
  return { created: await createTargets(db, planned), retired: retired.length };
}

/** Every active connection has a discovery target; a new one is due at once. */
export async function ensureDiscoveryTargets(db: Queryable, connections: Connection[], now: Date): Promise<number> {
  return createTargets(
    db,
    connections
      .filter((c) => c.status === 'active')
      .map((c) => ({ timingPartnerId: c.timingPartnerId, connectionId: c.id, kind: 'discovery' as const, raceId: null, nextRunAt: now, priority: PRIORITY.discovery })),
  );
}
