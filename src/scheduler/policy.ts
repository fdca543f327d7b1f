import { DateTime } from 'luxon';
import { z } from 'zod';

/**
 * When each target is next due (DESIGN.md §5). Pure functions of their arguments: the caller passes
 * `now` and the partner's time zone, so the same code runs under real and virtual time.
 *
 * Windows are measured from the race start. Two rules hold everywhere:
 * - a boundary instant belongs to the *tighter* window (exactly 24 h before the start is already
 *   "day", exactly 4 h before is "race day");
 * - a cadence never jumps over the instant its window ends, so a race 25 h out is next synced at
 *   start − 24 h, not 4 h later (and results are not left on a loose cadence into a tighter one).
 */

const HOUR = 3_600_000;
const MINUTE = 60_000;
const DAY = 24 * HOUR;

export interface SchedulePolicy {
  participants: {
    /** Cadence more than `dayWindowMs` before the start. */
    farIntervalMs: number;
    dayWindowMs: number;
    dayIntervalMs: number;
    raceDayWindowMs: number;
    raceDayIntervalMs: number;
    /** Participants stop being synced this long after the start. */
    stopAfterStartMs: number;
    /**
     * Runs at a shorter cadence read the removed-participants feed (a second call) at most this often;
     * between, the participants cursor is held back so that feed still misses nothing.
     */
    removedIntervalMs: number;
  };
  results: {
    raceWindowMs: number;
    raceWindowIntervalMs: number;
    recentMs: number;
    recentIntervalMs: number;
    weekMs: number;
    weekIntervalMs: number;
    /** Friday–Sunday in the partner's zone, for races of the last `weekMs`, when smaller. */
    weekendIntervalMs: number;
    /** Races older than `weekMs` are swept daily until this age, then never again. */
    horizonMs: number;
    /** Local hour (partner's zone) of the daily sweep. */
    sweepHour: number;
  };
  /** Local hours (partner's zone) at which races are discovered. */
  discovery: { hours: number[] };
  backoff: { baseMs: number; maxMs: number };
}

export const DEFAULT_POLICY: SchedulePolicy = deepFreeze({
  participants: {
    farIntervalMs: 4 * HOUR,
    dayWindowMs: 24 * HOUR,
    dayIntervalMs: 15 * MINUTE,
    raceDayWindowMs: 4 * HOUR,
    raceDayIntervalMs: MINUTE,
    stopAfterStartMs: HOUR,
    removedIntervalMs: 5 * MINUTE,
  },
  results: {
    raceWindowMs: 6 * HOUR,
    raceWindowIntervalMs: 15 * MINUTE,
    recentMs: 2 * DAY,
    recentIntervalMs: 2 * HOUR,
    weekMs: 7 * DAY,
    weekIntervalMs: 12 * HOUR,
    weekendIntervalMs: 2 * HOUR,
    horizonMs: 30 * DAY,
    sweepHour: 3,
  },
  discovery: { hours: [6, 18] },
  backoff: { baseMs: 30_000, maxMs: 30 * MINUTE },
});

const ms = z.number().int().positive();
const hour = z.number().int().min(0).max(23);

const policySchema = z
  .strictObject({
    participants: z.strictObject({
      farIntervalMs: ms,
      dayWindowMs: ms,
      dayIntervalMs: ms,
      raceDayWindowMs: ms,
      raceDayIntervalMs: ms,
      stopAfterStartMs: ms,
      removedIntervalMs: ms,
    }),
    results: z.strictObject({
      raceWindowMs: ms,
      raceWindowIntervalMs: ms,
      recentMs: ms,
      recentIntervalMs: ms,
      weekMs: ms,
      weekIntervalMs: ms,
      weekendIntervalMs: ms,
      horizonMs: ms,
      sweepHour: hour,
    }),
    discovery: z.strictObject({ hours: z.array(hour).min(1) }),
    backoff: z.strictObject({ baseMs: ms, maxMs: ms }),
  })
  .superRefine((p, ctx) => {
    // Windows must nest, or "the next tighter window" would be meaningless. Zod runs this only once
    // every field is valid on its own, so an ordering problem may show up after the others are fixed.
    const ordered: Array<[string, number, string, number]> = [
      ['participants.raceDayWindowMs', p.participants.raceDayWindowMs, 'participants.dayWindowMs', p.participants.dayWindowMs],
      ['results.raceWindowMs', p.results.raceWindowMs, 'results.recentMs', p.results.recentMs],
      ['results.recentMs', p.results.recentMs, 'results.weekMs', p.results.weekMs],
      ['results.weekMs', p.results.weekMs, 'results.horizonMs', p.results.horizonMs],
      ['backoff.baseMs', p.backoff.baseMs, 'backoff.maxMs', p.backoff.maxMs],
    ];
    for (const [smallName, small, largeName, large] of ordered) {
      if (small > large) {
        ctx.addIssue({ code: 'custom', path: smallName.split('.'), message: `must not exceed ${largeName} (${large})` });
      }
    }
  });

/**
 * Merges a partner's overrides (partial, nested) over the defaults and validates the result. Unknown
 * keys are rejected so a misspelt setting does not silently fall back to the default.
 */
export function resolvePolicy(overrides?: unknown): SchedulePolicy {
  if (overrides !== undefined && overrides !== null && !isPlainObject(overrides)) {
    throw new Error('Invalid schedule policy: overrides must be an object');
  }
  const merged: Record<string, unknown> = { ...DEFAULT_POLICY };
  for (const [key, value] of Object.entries(overrides ?? {})) {
    const base = merged[key];
    merged[key] = isPlainObject(base) && isPlainObject(value) ? { ...base, ...value } : value;
  }
  const parsed = policySchema.safeParse(merged);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new Error(`Invalid schedule policy:\n  ${problems.join('\n  ')}`);
  }
  const policy = parsed.data;
  policy.discovery.hours = [...new Set(policy.discovery.hours)].sort((a, b) => a - b);
  return deepFreeze(policy);
}

export type Urgency = 'race_day' | 'day' | 'far' | 'results' | 'discovery' | 'backfill';

/** Lower is more urgent; the queue orders by (priority, next_run_at). */
export const PRIORITY: Readonly<Record<Urgency, number>> = Object.freeze({
  race_day: 10,
  day: 20,
  discovery: 25,
  far: 30,
  results: 40,
  backfill: 90,
});

/** `intervalMs` is the cadence of the window `at` was chosen in (for clock-hour schedules: the wait). */
export interface NextRun {
  at: Date;
  urgency: Urgency;
  intervalMs: number;
}

/**
 * Participants of a race starting at `start`. Boundaries: exactly `raceDayWindow` before the start is
 * race day, exactly `dayWindow` before is day; the stop instant `start + stopAfterStart` is the last
 * possible run, so a cadence that would pass it is cut to it, and at or after it the target is done (null).
 */
export function nextParticipantsRun(now: Date, start: Date, policy: SchedulePolicy = DEFAULT_POLICY, stopAt?: Date): NextRun | null {
  const p = policy.participants;
  const nowMs = now.getTime();
  const startMs = start.getTime();
  // A race known by its date only keeps its race-day cadence to the end of that day (race-clock.ts).
  const stopMs = stopAt?.getTime() ?? startMs + p.stopAfterStartMs;
  const untilStart = startMs - nowMs;

  // `endMs` is the instant the next tighter window begins, or the stop.
  const { urgency, intervalMs, endMs } =
    untilStart <= p.raceDayWindowMs
      ? { urgency: 'race_day' as const, intervalMs: p.raceDayIntervalMs, endMs: stopMs }
      : untilStart <= p.dayWindowMs
        ? { urgency: 'day' as const, intervalMs: p.dayIntervalMs, endMs: startMs - p.raceDayWindowMs }
        : { urgency: 'far' as const, intervalMs: p.farIntervalMs, endMs: startMs - p.dayWindowMs };
  const atMs = Math.min(nowMs + intervalMs, endMs, stopMs);
  if (atMs <= nowMs) return null;
  return { at: new Date(atMs), urgency, intervalMs };
}

/**
 * Races found together (a new connection, a discovery that brought many) are first read together,
 * and on a plain far cadence they would fall due together again every 4 h, hundreds at once — on race
 * day all into the few calls race day leaves. So a far read is due at the next slot of its own grid,
 * `phase + k × cadence`, with a phase fixed by `readKey` (the same for every race one read serves):
 * the cohort spreads evenly over the whole cadence for good, no gap is ever longer than the cadence,
 * and a read delayed by a busy hour is back on its slot the read after. The price is one shorter gap
 * per read, when it first joins its grid.
 */
export function phaseLockFarRead(next: NextRun, now: Date, readKey: string): NextRun {
  const fullCadence = next.at.getTime() - now.getTime() === next.intervalMs;
  if (next.urgency !== 'far' || !fullCadence) return next;
  const phaseMs = Math.floor(next.intervalMs * unitHash(readKey));
  const untilSlot = (((phaseMs - now.getTime()) % next.intervalMs) + next.intervalMs) % next.intervalMs;
  return { ...next, at: new Date(now.getTime() + (untilSlot === 0 ? next.intervalMs : untilSlot)) };
}

/**
 * A stable number in [0, 1) for a string: FNV-1a, then murmur3's finaliser, without which keys that
 * differ in their last digit (`event:11`, `event:12`) land close together.
 */
function unitHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return ((hash ^ (hash >>> 16)) >>> 0) / 2 ** 32;
}

/**
 * Results of a race starting at `start`. Before the start the first check is the start itself. The
 * windows are half-open, [start, +raceWindow), [+raceWindow, +recent), [+recent, +week): the end
 * instant of one already runs on the next one's cadence. Within them, on a Friday, Saturday or Sunday
 * in `timeZone` the weekend cadence applies when smaller, and a weekday cadence is cut at the coming
 * Friday 00:00 so the weekend is not entered late. From +week the race is checked at the daily sweep
 * hour, as long as that sweep falls at or before +horizon; after that, null.
 */
export function nextResultsRun(
  now: Date,
  start: Date,
  timeZone: string,
  policy: SchedulePolicy = DEFAULT_POLICY,
): NextRun | null {
  const r = policy.results;
  const nowMs = now.getTime();
  const startMs = start.getTime();
  const age = nowMs - startMs;
  const local = localTime(now, timeZone);

  if (age < 0) return { at: new Date(startMs), urgency: 'results', intervalMs: r.raceWindowIntervalMs };
  if (age < r.weekMs) {
    const [windowIntervalMs, windowMs] = resultsWindow(age, r);
    const weekendIsTighter = r.weekendIntervalMs < windowIntervalMs;
    const intervalMs = weekendIsTighter && isWeekend(local) ? r.weekendIntervalMs : windowIntervalMs;
    let atMs = Math.min(nowMs + intervalMs, startMs + windowMs);
    if (weekendIsTighter && !isWeekend(local)) atMs = Math.min(atMs, nextFridayStart(local).toMillis());
    return { at: new Date(atMs), urgency: 'results', intervalMs };
  }
  const sweep = nextLocalHour(local, [r.sweepHour]);
  if (sweep.toMillis() > startMs + r.horizonMs) return null;
  return { at: sweep.toJSDate(), urgency: 'results', intervalMs: sweep.toMillis() - nowMs };
}

/**
 * Races of a connection. Never succeeded → due now, so a new connection syncs without a manual step
 * (intervalMs 0). Otherwise the first configured local hour (minute 0) strictly after `now`; on a DST
 * change day the wait is an hour shorter or longer, and an hour skipped by the clock runs at the
 * first instant after the gap (02:00 → 03:00).
 */
export function nextDiscoveryRun(
  now: Date,
  timeZone: string,
  lastSuccessAt: Date | null,
  policy: SchedulePolicy = DEFAULT_POLICY,
): NextRun {
  if (lastSuccessAt === null) return { at: new Date(now.getTime()), urgency: 'discovery', intervalMs: 0 };
  const next = nextLocalHour(localTime(now, timeZone), policy.discovery.hours);
  return { at: next.toJSDate(), urgency: 'discovery', intervalMs: next.toMillis() - now.getTime() };
}

/**
 * Delay before retry number `attempts` (1 = first retry): min(maxMs, baseMs · 2^(attempts−1)) scaled
 * by a jitter factor in [0.5, 1), rounded to whole milliseconds. Half the delay is guaranteed so
 * retries never bunch up near zero; the other half spreads workers apart.
 */
export function backoffMs(
  attempts: number,
  random: () => number = Math.random,
  policy: SchedulePolicy = DEFAULT_POLICY,
): number {
  if (!Number.isInteger(attempts) || attempts < 1) {
    throw new RangeError(`backoffMs: attempts must be an integer >= 1, got ${attempts}`);
  }
  const { baseMs, maxMs } = policy.backoff;
  const capped = Math.min(maxMs, baseMs * 2 ** (attempts - 1));
  return Math.round(capped * (0.5 + random() / 2));
}

/**
 * Whether a race counts as race-day for budget reserves: start − raceDayWindow ≤ now ≤ start +
 * stopAfterStart, both ends included (the stop instant itself still draws on the reserve even though
 * `nextParticipantsRun` schedules nothing more from it).
 */
export function isRaceDay(now: Date, start: Date, policy: SchedulePolicy = DEFAULT_POLICY, stopAt?: Date): boolean {
  const p = policy.participants;
  const nowMs = now.getTime();
  const startMs = start.getTime();
  return startMs - p.raceDayWindowMs <= nowMs && nowMs <= (stopAt?.getTime() ?? startMs + p.stopAfterStartMs);
}

/** Cadence and end (age) of the results window holding `age`, for 0 <= age < weekMs. */
function resultsWindow(age: number, r: SchedulePolicy['results']): [intervalMs: number, endAge: number] {
  if (age < r.raceWindowMs) return [r.raceWindowIntervalMs, r.raceWindowMs];
  if (age < r.recentMs) return [r.recentIntervalMs, r.recentMs];
  return [r.weekIntervalMs, r.weekMs];
}

function localTime(now: Date, timeZone: string): DateTime {
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  if (!local.isValid) throw new Error(`Unknown time zone "${timeZone}": ${local.invalidExplanation ?? local.invalidReason}`);
  return local;
}

/** Luxon weekdays: 1 = Monday … 5 = Friday, 6 = Saturday, 7 = Sunday. */
function isWeekend(local: DateTime): boolean {
  return local.weekday >= 5;
}

function nextFridayStart(local: DateTime): DateTime {
  return local.startOf('day').plus({ days: 5 - local.weekday });
}

/**
 * The first of `hours` (local, minute 0) strictly after `local`. Built from the local calendar day,
 * not by adding 24 h, so DST days keep the wall-clock hour; an hour inside a spring-forward gap is
 * shifted forward by luxon.
 */
function nextLocalHour(local: DateTime, hours: readonly number[]): DateTime {
  const sorted = [...hours].sort((a, b) => a - b);
  for (let days = 0; days <= 2; days += 1) {
    const day = local.startOf('day').plus({ days });
    for (const hour of sorted) {
      const candidate = day.set({ hour });
      if (candidate.toMillis() > local.toMillis()) return candidate;
    }
  }
  throw new Error(`No local hour among [${hours.join(', ')}] within two days of ${local.toISO()}`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
