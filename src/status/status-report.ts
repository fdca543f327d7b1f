import type { Queryable } from '../db/database.js';
import { readBudget } from '../budget/budget.js';
import { nextParticipantsRun, resolvePolicy, type SchedulePolicy } from '../scheduler/policy.js';
import { connectionRaceClock, type RaceClock } from '../scheduler/race-clock.js';
import type { TargetState } from '../sync/store/targets.js';
import { listConnections, type Connection, type ConnectionStatus } from '../tenants/connections.js';
import { getPartner, listPartners, type Partner } from '../tenants/partners.js';
import {
  countTargets, listRecentFailures, listUndeliveredAlerts, listUpcomingRaces,
  type PendingAlert, type RecentFailure, type TargetCounts, type UpcomingRace,
} from './status-store.js';

export type { PendingAlert, RecentFailure, TargetCounts } from './status-store.js';

/**
 * What `p88 status` shows, as data: per partner and connection the call budget of the sliding hour,
 * the queue, the next races with the cadence their policy window gives them now, and what went wrong
 * lately. Nothing here prints; the CLI (and later the API) render it.
 */

export interface StatusReport {
  generatedAt: Date;
  partners: PartnerStatus[];
}

export interface PartnerStatus {
  id: number;
  name: string;
  timeZone: string;
  connections: ConnectionStatusReport[];
  /** Undelivered alerts raised for the partner rather than one connection. */
  alerts: PendingAlert[];
}

export interface ConnectionStatusReport {
  id: number;
  provider: string;
  status: ConnectionStatus;
  /** Null until the connection's first scheduled or manual sync creates its budget row. */
  budget: { callsPerHour: number; usedThisHour: number; left: number; pausedUntil: Date | null } | null;
  targets: TargetCounts;
  nextRaces: RaceStatus[];
  failures: RecentFailure[];
  alerts: PendingAlert[];
}

export interface RaceStatus {
  raceId: number;
  providerRaceId: string;
  name: string;
  eventName: string;
  startTime: Date;
  /** Participants cadence of the policy window the race is in now ('1 min', '15 min', '4 h' by default), or 'stopped'. */
  cadence: string;
  targetState: TargetState | null;
  nextRunAt: Date | null;
  lastSuccessAt: Date | null;
  freshnessSeconds: number | null;
  lastLatenessMs: number | null;
  /** The race-day cadence the budget plan stretched the race to ('150 s'), or null when it keeps the policy's. */
  budgetCadence: string | null;
  /** The next run lies beyond one (planned) cadence from now: something (the budget, a backoff) made it wait. */
  slowedDown: boolean;
}

export interface StatusOptions {
  partnerId?: number;
  /** Races listed per connection (default 10). */
  nextRaces?: number;
  /** Failed or partial runs listed per connection (default 10); also the limit of alerts. */
  failures?: number;
}

/** The report; a `partnerId` that does not exist gives no partners. */
export async function buildStatusReport(db: Queryable, now: Date, options: StatusOptions = {}): Promise<StatusReport> {
  const partners = options.partnerId === undefined
    ? await listPartners(db)
    : [await getPartner(db, options.partnerId)].filter((p): p is Partner => p !== undefined);
  const limits = { nextRaces: options.nextRaces ?? 10, failures: options.failures ?? 10 };
  const report: StatusReport = { generatedAt: now, partners: [] };
  for (const partner of partners) {
    const policy = resolvePolicy(partner.settings.schedule);
    const connections: ConnectionStatusReport[] = [];
    for (const connection of await listConnections(db, partner.id)) {
      connections.push(await connectionStatus(db, partner, connection, policy, now, limits));
    }
    report.partners.push({
      id: partner.id,
      name: partner.name,
      timeZone: partner.timeZone,
      connections,
      alerts: await listUndeliveredAlerts(db, partner.id, null, limits.failures),
    });
  }
  return report;
}

async function connectionStatus(
  db: Queryable,
  partner: Partner,
  connection: Connection,
  policy: SchedulePolicy,
  now: Date,
  limits: { nextRaces: number; failures: number },
): Promise<ConnectionStatusReport> {
  const budget = await readBudget(db, connection.id, now);
  // Races still inside their participants window (up to the stop after the start; for a date-only race,
  // the end of its day) count as "next".
  const clockOf = connectionRaceClock(connection, policy, partner.timeZone);
  const from = new Date(now.getTime() - 86_400_000);
  const races = (await listUpcomingRaces(db, connection.id, from, limits.nextRaces + 50))
    .filter((race) => clockOf(race)!.stopAt > now).slice(0, limits.nextRaces);
  return {
    id: connection.id,
    provider: connection.provider,
    status: connection.status,
    budget: budget
      ? { callsPerHour: budget.callsPerHour, usedThisHour: budget.usedThisHour, left: budget.left, pausedUntil: budget.pausedUntil }
      : null,
    targets: await countTargets(db, connection.id, now),
    nextRaces: races.map((race) => raceStatus(race, clockOf(race)!, policy, now)),
    failures: await listRecentFailures(db, connection.id, limits.failures),
    alerts: await listUndeliveredAlerts(db, partner.id, connection.id, limits.failures),
  };
}

function raceStatus(race: UpcomingRace, clock: RaceClock, policy: SchedulePolicy, now: Date): RaceStatus {
  const window = nextParticipantsRun(now, clock.start, policy, clock.stopAt);
  const planned = window?.urgency === 'race_day' ? race.plannedIntervalMs : null;
  const slowedDown = window !== null && race.targetState === 'active' && race.nextRunAt !== null &&
    race.nextRunAt.getTime() > now.getTime() + (planned ?? window.intervalMs);
  return {
    raceId: race.raceId,
    providerRaceId: race.providerRaceId,
    name: race.name,
    eventName: race.eventName,
    startTime: race.startTime,
    cadence: window ? formatCadence(window.intervalMs) : 'stopped',
    budgetCadence: planned === null ? null : formatCadence(planned),
    targetState: race.targetState,
    nextRunAt: race.nextRunAt,
    lastSuccessAt: race.lastSuccessAt,
    // A success stamped by the database clock slightly ahead of a virtual `now` reads as just fresh.
    freshnessSeconds: race.lastSuccessAt ? Math.max(0, Math.floor((now.getTime() - race.lastSuccessAt.getTime()) / 1000)) : null,
    lastLatenessMs: race.lastLatenessMs,
    slowedDown,
  };
}

/** '1 min', '15 min', '4 h', '90 s': the largest whole unit. */
export function formatCadence(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${Math.round(ms / 1000)} s`;
}
