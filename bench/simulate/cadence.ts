/**
 * How often each race was really read: the completed participants runs of a race in a connection (a
 * run that finished its read, `succeeded`; one the budget stopped half-way is not a read). For race-day
 * events, the intervals between reads while on race day; for later races, the longest time without a
 * read that reaches into the measured window, counted from the clock's start and up to the end of the
 * run, so a race left unread until the end shows the wait so far rather than looking fine.
 */
import { distribution, seconds, type Distribution } from './distribution.js';
import type { PhaseRecord, RaceRecord } from './phase.js';
import { HOUR } from './scenario.js';

export interface EventCadence {
  connection: string;
  /** The event's id at its host (RunSignUp race id), or its neutral id. */
  event: string;
  firstStart: string;
  reads: number;
  /** Seconds between reads of any of its races while on race day. */
  intervals: Distribution;
}

export interface LaterCadence {
  /** (connection, race) pairs of later races, and how many were never read in the run. */
  races: number;
  neverRead: number;
  /** Longest time without a read, in hours, including from the start and up to the end of the run. */
  worstGapHours: number | null;
  /** Longest time between two reads, in hours (the gap up to the end left out). */
  worstClosedGapHours: number | null;
  /** The race with the worst gap: connection and neutral race id. */
  worst: { connection: string; raceId: number } | null;
}

type ReadTimes = Map<string, number[]>;

const pair = (connectionId: number, raceId: number) => `${connectionId}:${raceId}`;

/** Completion times of every read, by (connection, race). */
export function readTimes(record: PhaseRecord): ReadTimes {
  const reads: ReadTimes = new Map();
  for (const run of record.runs) {
    if (run.kind !== 'participants' || run.status !== 'succeeded' || run.raceId === null) continue;
    const key = pair(run.connectionId, run.raceId);
    reads.set(key, [...(reads.get(key) ?? []), run.at]);
  }
  return reads;
}

/** The races a connection reads: its partner's, hosted or scored at its provider. */
export function racesOf(record: PhaseRecord, connection: PhaseRecord['connections'][number]): RaceRecord[] {
  return record.races.filter((r) => r.partner === connection.partner && (r.host === connection.provider || r.scorer === connection.provider));
}

interface EventReads {
  connection: PhaseRecord['connections'][number];
  races: RaceRecord[];
  /** Read completion times of any of its races while on race day, ascending. */
  times: number[];
}

function raceDayEventReads(record: PhaseRecord, reads: ReadTimes): EventReads[] {
  const out: EventReads[] = [];
  for (const connection of record.connections) {
    const byEvent = new Map<number, RaceRecord[]>();
    for (const race of racesOf(record, connection).filter((r) => r.raceDay)) byEvent.set(race.eventId, [...(byEvent.get(race.eventId) ?? []), race]);
    for (const races of byEvent.values()) {
      const first = Math.min(...races.map((r) => r.startMs));
      const last = Math.max(...races.map((r) => r.startMs));
      const times = [...new Set(races.flatMap((r) => reads.get(pair(connection.id, r.raceId)) ?? []))]
        .filter((at) => at >= first - 4 * HOUR && at <= last + HOUR)
        .sort((a, b) => a - b);
      out.push({ connection, races, times });
    }
  }
  return out;
}

const intervalsOf = (times: number[]) => times.slice(1).map((at, i) => seconds(at - times[i]!));

export function eventCadence(record: PhaseRecord, reads: ReadTimes): EventCadence[] {
  return raceDayEventReads(record, reads)
    .map(({ connection, races, times }) => ({
      connection: connection.label,
      event: connection.provider === 'runsignup' ? races[0]!.runsignupRaceId ?? String(races[0]!.eventId) : `event ${races[0]!.eventId}`,
      firstStart: new Date(Math.min(...races.map((r) => r.startMs))).toISOString(),
      reads: times.length,
      intervals: distribution(intervalsOf(times)),
    }))
    .sort((a, b) => a.firstStart.localeCompare(b.firstStart) || a.connection.localeCompare(b.connection));
}

/** Intervals between reads of each connection's race-day events, pooled per connection id. */
export function connectionCadence(record: PhaseRecord, reads: ReadTimes): Map<number, Distribution> {
  const pooled = new Map<number, number[]>();
  for (const { connection, times } of raceDayEventReads(record, reads)) pooled.set(connection.id, [...(pooled.get(connection.id) ?? []), ...intervalsOf(times)]);
  return new Map([...pooled].map(([id, values]) => [id, distribution(values)]));
}

export function laterCadence(record: PhaseRecord, reads: ReadTimes): LaterCadence {
  const result: LaterCadence = { races: 0, neverRead: 0, worstGapHours: null, worstClosedGapHours: null, worst: null };
  let worstGap = -1;
  let worstClosed = -1;
  for (const connection of record.connections) {
    for (const race of racesOf(record, connection).filter((r) => !r.raceDay)) {
      result.races += 1;
      const times = (reads.get(pair(connection.id, race.raceId)) ?? []).sort((a, b) => a - b);
      if (times.length === 0) result.neverRead += 1;
      // From the clock's start (a warm-up's reads count as the read before), up to the end; only gaps that reach into the window.
      const points = [record.runStart, ...times, record.end];
      for (let i = 1; i < points.length; i++) {
        if (points[i]! <= record.start) continue;
        const gap = points[i]! - points[i - 1]!;
        if (gap > worstGap) {
          worstGap = gap;
          result.worst = { connection: connection.label, raceId: race.raceId };
        }
        // Between two reads: neither the run's start nor its end.
        if (i > 1 && i < points.length - 1) worstClosed = Math.max(worstClosed, gap);
      }
    }
  }
  const hours = (ms: number) => (ms < 0 ? null : Math.round((ms / HOUR) * 100) / 100);
  return { ...result, worstGapHours: hours(worstGap), worstClosedGapHours: hours(worstClosed) };
}
