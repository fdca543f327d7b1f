/**
 * Figures of one phase from its raw record: staleness of the world's changes by category (race-day
 * ones also by the race's place in the start order and by provider), how often later races were read,
 * calls against each connection's budget (sliding hour, per clock hour), throttles, budget refusals,
 * lateness of race-day runs, RunSignUp batching, and the cadence each race-day event actually got.
 */
import { connectionCadence, eventCadence, laterCadence, readTimes, type EventCadence, type LaterCadence } from './cadence.js';
import { callsPerHour, maxInClockMinutes, maxInWindow, type CallRecord } from './calls.js';
import type { ChangeCategory, ObservedChange } from './changes.js';
import { distribution, round1, seconds, type Distribution } from './distribution.js';
import type { PhaseRecord } from './phase.js';
import { HOUR } from './scenario.js';

export type { Distribution } from './distribution.js';

export interface StalenessFigures extends Distribution {
  /** Changes the database never showed before the end (not in the percentiles). */
  notStored: number;
}

export interface ConnectionFigures {
  id: number;
  label: string;
  provider: string;
  budgetPerHour: number;
  /** API calls (token requests apart: no skin counts them against a budget). */
  calls: number;
  tokenCalls: number;
  /** Most API calls in any 60 minutes (continuous window), and in any 60 whole clock minutes. */
  maxSlidingHour: number;
  maxClockMinutesHour: number;
  /** Calls above the budget in the worst sliding hour of the whole run (warm-up included). */
  overBudget: number;
  /** Throttles of the whole run (warm-up included). */
  throttles: number;
  perClockHour: number[];
  raceDayStaleness: StalenessFigures;
  /** Seconds between reads of its race-day events while on race day, pooled over them. */
  raceDayReadIntervals: Distribution;
}

/** Everything before the measured window: the hub loading the world, nothing changing. */
export interface WarmUpFigures {
  hours: number;
  calls: number;
  throttles: number;
  /** Per connection: its most API calls in any sliding hour of the warm-up. */
  maxSlidingHour: Record<string, number>;
}

export interface PhaseFigures {
  workers: number;
  virtualHours: number;
  warmUp: WarmUpFigures | null;
  realSeconds: number;
  staleness: Record<ChangeCategory, StalenessFigures>;
  /** Race-day staleness of the first third of race-day races by start, and of the rest. */
  raceDayByGroup: { first_third: StalenessFigures; rest: StalenessFigures };
  later: LaterCadence & {
    /** Longest a later-race change waited, in hours: until stored, or until the end when it never was. */
    longestWaitHours: number | null;
  };
  calls: {
    total: number;
    tokenCalls: number;
    /** Calls the skins could not attribute to a connection (an expired token). */
    unattributed: number;
    /** Over all connections: the sum of each one's calls above its budget in its worst sliding hour. */
    overBudget: number;
    perClockHour: number[];
    byEndpoint: Record<string, number>;
    /** RunSignUp participants calls on race-day races and the events (canonical races) they served on average. */
    raceDayParticipantsCalls: number;
    eventsPerParticipantsCall: number;
  };
  connections: ConnectionFigures[];
  throttles: number;
  /** Runs the hub's own budget stopped before a call (they wait for tokens, not a failure). */
  budgetRefusals: Record<string, number>;
  runsFailed: number;
  /** Runs that made at least one call, per worker: every worker takes its share of the queue. */
  runsPerWorker: number[];
  alerts: Record<string, number>;
  /** Race-day participants runs, lateness in seconds. */
  lateness: Distribution;
  cadence: EventCadence[];
  changes: { made: number; skipped: number; superseded: number };
}

function stalenessOf(changes: ObservedChange[]): StalenessFigures {
  const stored = changes.flatMap((c) => (c.storedAt === null ? [] : [seconds(c.storedAt - c.madeAt)]));
  return { ...distribution(stored), notStored: changes.length - stored.length };
}

function isRaceDay(at: number, startMs: number | null): boolean {
  return startMs !== null && at >= startMs - 4 * HOUR && at <= startMs + HOUR;
}

const apiTimes = (calls: CallRecord[]) => calls.filter((c) => c.kind === 'api').map((c) => c.at).sort((a, b) => a - b);

function connectionFigures(record: PhaseRecord, connection: PhaseRecord['connections'][number], intervals: Distribution | undefined): ConnectionFigures {
  const all = record.calls.filter((c) => c.connectionId === connection.id);
  const mine = all.filter((c) => c.at >= record.start);
  const times = apiTimes(mine);
  const sliding = maxInWindow(times, HOUR).calls;
  return {
    id: connection.id, label: connection.label, provider: connection.provider, budgetPerHour: connection.budgetPerHour,
    calls: times.length, tokenCalls: mine.filter((c) => c.kind === 'token').length,
    maxSlidingHour: sliding, maxClockMinutesHour: maxInClockMinutes(times),
    overBudget: Math.max(0, maxInWindow(apiTimes(all), HOUR).calls - connection.budgetPerHour),
    throttles: all.filter((c) => c.throttled).length,
    perClockHour: callsPerHour(times, record.start, record.end),
    raceDayStaleness: stalenessOf(record.changes.filter((c) => c.category === 'race_day' && c.connectionId === connection.id)),
    raceDayReadIntervals: intervals ?? distribution([]),
  };
}

function warmUpFigures(record: PhaseRecord): WarmUpFigures | null {
  if (record.runStart >= record.start) return null;
  const calls = record.calls.filter((c) => c.at < record.start);
  return {
    hours: round1((record.start - record.runStart) / HOUR),
    calls: calls.filter((c) => c.kind === 'api').length,
    throttles: calls.filter((c) => c.throttled).length,
    maxSlidingHour: Object.fromEntries(record.connections.map((c) => [c.label, maxInWindow(apiTimes(calls.filter((k) => k.connectionId === c.id)), HOUR).calls])),
  };
}

function runSignupBatching(calls: CallRecord[], record: PhaseRecord): { calls: number; eventsPerCall: number } {
  const raceDayIds = new Set(record.races.filter((r) => r.raceDay && r.host === 'runsignup').map((r) => r.runsignupRaceId));
  const participants = calls.filter((c) => c.endpoint === '/race/{id}/participants' && raceDayIds.has(c.raceId));
  return { calls: participants.length, eventsPerCall: round1(participants.reduce((sum, c) => sum + c.events, 0) / Math.max(1, participants.length)) };
}

/** Figures of the measured window; throttles and calls over budget count the warm-up too. */
export function summarise(record: PhaseRecord): PhaseFigures {
  const calls = record.calls.filter((c) => c.at >= record.start);
  const runs = record.runs.filter((r) => r.at >= record.start);
  const byEndpoint: Record<string, number> = {};
  for (const call of calls) byEndpoint[`${call.provider ?? '?'} ${call.endpoint}`] = (byEndpoint[`${call.provider ?? '?'} ${call.endpoint}`] ?? 0) + 1;
  const budgetRefusals: Record<string, number> = {};
  for (const run of runs.filter((r) => r.budgetExhausted)) budgetRefusals[run.kind] = (budgetRefusals[run.kind] ?? 0) + 1;
  const raceDayRuns = runs.filter((r) => r.kind === 'participants' && r.latenessMs !== null && isRaceDay(r.at, r.startMs));
  const category = (name: ChangeCategory) => record.changes.filter((c) => c.category === name);
  const far = category('far');
  const reads = readTimes(record);
  const pooled = connectionCadence(record, reads);
  const connections = record.connections.map((c) => connectionFigures(record, c, pooled.get(c.id)));
  const batching = runSignupBatching(calls, record);
  const longestWait = Math.max(-1, ...far.map((c) => (c.storedAt ?? record.end) - c.madeAt));
  return {
    workers: record.workers,
    virtualHours: round1((record.end - record.start) / HOUR),
    warmUp: warmUpFigures(record),
    realSeconds: seconds(record.realMs),
    staleness: { race_day: stalenessOf(category('race_day')), day: stalenessOf(category('day')), removal: stalenessOf(category('removal')), far: stalenessOf(far) },
    raceDayByGroup: {
      first_third: stalenessOf(category('race_day').filter((c) => c.group === 'first_third')),
      rest: stalenessOf(category('race_day').filter((c) => c.group === 'rest')),
    },
    later: { ...laterCadence(record, reads), longestWaitHours: longestWait < 0 ? null : Math.round((longestWait / HOUR) * 100) / 100 },
    calls: {
      total: calls.filter((c) => c.kind === 'api').length,
      tokenCalls: calls.filter((c) => c.kind === 'token').length,
      unattributed: record.calls.filter((c) => c.connectionId === null).length,
      overBudget: connections.reduce((sum, c) => sum + c.overBudget, 0),
      perClockHour: callsPerHour(apiTimes(calls), record.start, record.end),
      byEndpoint,
      raceDayParticipantsCalls: batching.calls,
      eventsPerParticipantsCall: batching.eventsPerCall,
    },
    connections,
    throttles: record.calls.filter((c) => c.throttled).length,
    budgetRefusals,
    runsFailed: runs.filter((r) => r.status === 'failed').length,
    alerts: record.alerts,
    runsPerWorker: Array.from({ length: record.workers }, (_, i) => runs.filter((r) => r.worker === i + 1 && r.apiCalls > 0).length),
    lateness: distribution(raceDayRuns.map((r) => seconds(r.latenessMs!))),
    cadence: eventCadence(record, reads),
    changes: { made: record.changes.length, skipped: record.changesSkipped, superseded: record.changesSuperseded },
  };
}
