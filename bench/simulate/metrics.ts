/**
 * Figures of one phase from its raw record: staleness of the world's changes by category, calls
 * against the budget (sliding hour, per clock hour), throttles, budget refusals, lateness of race-day
 * runs, batching, and the cadence each race-day race actually got.
 */
import { callsPerHour, maxInClockMinutes, maxInWindow } from './calls.js';
import type { ChangeCategory } from './changes.js';
import type { PhaseRecord } from './phase.js';
import { HOUR } from './scenario.js';

export interface Distribution {
  count: number;
  p50: number | null;
  p95: number | null;
  max: number | null;
}

export interface StalenessFigures extends Distribution {
  /** Changes the database never showed before the end (not in the percentiles). */
  notStored: number;
}

export interface CadenceFigures {
  raceId: string;
  firstStart: string;
  /** Seconds between participants calls while the race was on race day. */
  intervals: Distribution;
}

export interface PhaseFigures {
  workers: number;
  virtualHours: number;
  realSeconds: number;
  staleness: Record<ChangeCategory, StalenessFigures>;
  calls: {
    total: number;
    budgetPerHour: number;
    /** Most calls in any 60 minutes (continuous window), and in any 60 whole clock minutes. */
    maxSlidingHour: number;
    maxClockMinutesHour: number;
    overBudget: number;
    perClockHour: number[];
    byEndpoint: Record<string, number>;
    /** Participants calls on race day and the events (canonical races) they served on average. */
    raceDayParticipantsCalls: number;
    eventsPerParticipantsCall: number;
  };
  throttles: number;
  /** Runs the hub's own budget stopped before a call (they wait for tokens, not a failure). */
  budgetRefusals: Record<string, number>;
  runsFailed: number;
  /** Runs that made at least one call, per worker: every worker takes its share of the queue. */
  runsPerWorker: number[];
  alerts: Record<string, number>;
  /** Race-day participants runs, lateness in seconds. */
  lateness: Distribution;
  cadence: CadenceFigures[];
  changes: { made: number; skipped: number; superseded: number };
}

/** Nearest-rank percentiles of `values` (any order). */
export function distribution(values: number[]): Distribution {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => (sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!);
  return { count: sorted.length, p50: at(0.5), p95: at(0.95), max: sorted.at(-1) ?? null };
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const seconds = (ms: number) => round1(ms / 1000);

function stalenessOf(record: PhaseRecord, category: ChangeCategory): StalenessFigures {
  const changes = record.changes.filter((c) => c.category === category);
  const stored = changes.flatMap((c) => (c.storedAt === null ? [] : [seconds(c.storedAt - c.madeAt)]));
  return { ...distribution(stored), notStored: changes.length - stored.length };
}

function isRaceDay(at: number, startMs: number | null): boolean {
  return startMs !== null && at >= startMs - 4 * HOUR && at <= startMs + HOUR;
}

function cadenceOf(record: PhaseRecord): CadenceFigures[] {
  return record.raceDayRaces.map((race) => {
    const from = race.firstStartMs - 4 * HOUR;
    const to = race.lastStartMs + HOUR;
    const times = record.calls
      .filter((c) => c.endpoint === '/race/{id}/participants' && c.raceId === race.raceId && c.at >= from && c.at <= to)
      .map((c) => c.at);
    const intervals = times.slice(1).map((at, i) => seconds(at - times[i]!));
    return { raceId: race.raceId, firstStart: new Date(race.firstStartMs).toISOString(), intervals: distribution(intervals) };
  });
}

export function summarise(record: PhaseRecord, budgetPerHour: number): PhaseFigures {
  const times = record.calls.map((c) => c.at).sort((a, b) => a - b);
  const sliding = maxInWindow(times, HOUR).calls;
  const byEndpoint: Record<string, number> = {};
  for (const call of record.calls) byEndpoint[call.endpoint] = (byEndpoint[call.endpoint] ?? 0) + 1;
  const raceDayIds = new Set(record.raceDayRaces.map((r) => r.raceId));
  const raceDayParticipants = record.calls.filter((c) => c.endpoint === '/race/{id}/participants' && raceDayIds.has(c.raceId ?? ''));
  const budgetRefusals: Record<string, number> = {};
  for (const run of record.runs.filter((r) => r.budgetExhausted)) budgetRefusals[run.kind] = (budgetRefusals[run.kind] ?? 0) + 1;
  const raceDayRuns = record.runs.filter((r) => r.kind === 'participants' && r.latenessMs !== null && isRaceDay(r.at, r.startMs));
  return {
    workers: record.workers,
    virtualHours: round1((record.end - record.start) / HOUR),
    realSeconds: seconds(record.realMs),
    staleness: {
      race_day: stalenessOf(record, 'race_day'),
      day: stalenessOf(record, 'day'),
      removal: stalenessOf(record, 'removal'),
      far: stalenessOf(record, 'far'),
    },
    calls: {
      total: record.calls.length,
      budgetPerHour,
      maxSlidingHour: sliding,
      maxClockMinutesHour: maxInClockMinutes(times),
      overBudget: Math.max(0, sliding - budgetPerHour),
      perClockHour: callsPerHour(times, record.start, record.end),
      byEndpoint,
      raceDayParticipantsCalls: raceDayParticipants.length,
      eventsPerParticipantsCall: round1(raceDayParticipants.reduce((sum, c) => sum + c.events, 0) / Math.max(1, raceDayParticipants.length)),
    },
    throttles: record.calls.filter((c) => c.throttled).length,
    budgetRefusals,
    runsFailed: record.runs.filter((r) => r.status === 'failed').length,
    alerts: record.alerts,
    runsPerWorker: Array.from({ length: record.workers }, (_, i) => record.runs.filter((r) => r.worker === i + 1 && r.apiCalls > 0).length),
    lateness: distribution(raceDayRuns.map((r) => seconds(r.latenessMs!))),
    cadence: cadenceOf(record),
    changes: { made: record.changes.length, skipped: record.changesSkipped, superseded: record.changesSuperseded },
  };
}
