/**
 * The instants the schedule reads a race by: when it starts and when its syncing stops. For a race
 * with a start time that is the time and an hour after it (the policy's stop). A race known by its
 * date only (Haku: stored as local midnight) is assumed to start at the connection's
 * `assumedStartTime` (default 07:00 local) for the proximity cadence, and keeps the race-day cadence
 * until its local day is over — it must not stop being synced before the race can have happened.
 */
import { DateTime } from 'luxon';
import type { StartPrecision } from '../model/canonical.js';
import { isRaceDay, type SchedulePolicy } from './policy.js';

export interface RaceTiming {
  startTime: Date | null;
  startTimePrecision: StartPrecision;
  /** The event's zone (date-only races need it); the partner's when the provider gives none. */
  timeZone: string | null;
}

export interface RaceClock {
  start: Date;
  stopAt: Date;
}

export const DEFAULT_ASSUMED_START = '07:00';

export function raceClock(race: RaceTiming, policy: SchedulePolicy, options: { assumedStartTime?: unknown; fallbackZone: string }): RaceClock | null {
  if (!race.startTime) return null;
  if (race.startTimePrecision === 'time') {
    return { start: race.startTime, stopAt: new Date(race.startTime.getTime() + policy.participants.stopAfterStartMs) };
  }
  const day = DateTime.fromJSDate(race.startTime, { zone: race.timeZone ?? options.fallbackZone }).startOf('day');
  const [hour, minute] = String(options.assumedStartTime ?? DEFAULT_ASSUMED_START).split(':').map(Number);
  return { start: day.set({ hour: hour ?? 7, minute: minute ?? 0 }).toJSDate(), stopAt: day.plus({ days: 1 }).toJSDate() };
}

/** The clock of any race of a connection: its `assumedStartTime` setting, the partner's zone as the fallback. */
export function connectionRaceClock(connection: { settings: Record<string, unknown> }, policy: SchedulePolicy, fallbackZone: string) {
  return (race: RaceTiming): RaceClock | null => raceClock(race, policy, { assumedStartTime: connection.settings.assumedStartTime, fallbackZone });
}

/** Whether the race is on race day now (it may draw on the budget's race-day reserve). */
export function onRaceDay(now: Date, clock: RaceClock | null, policy: SchedulePolicy): boolean {
  return clock !== null && isRaceDay(now, clock.start, policy, clock.stopAt);
}
