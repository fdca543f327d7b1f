/**
 * Wall-clock arithmetic the world and every skin share: unix seconds ↔ local time in a zone, and the
 * zone-neutral ISO forms. Provider formats ("n/j/Y H:i", epoch strings, …) live in their skins.
 *
 * Zone offsets come from luxon once per (zone, hour) and are cached: formatting ~1M timestamps
 * through luxon directly would take tens of seconds at the 400k-registration scale.
 */
import { DateTime } from 'luxon';

export const DAY = 86_400;

/** zone → (hour since epoch → offset minutes); numeric keys keep the hot lookup cheap. */
const offsetCache = new Map<string, Map<number, number>>();

/** Offset from UTC in minutes. Zones here change offset on whole (or, St. John's, half) hours. */
function zoneOffsetMinutes(zone: string, epochSeconds: number): number {
  if (zone === 'UTC') return 0;
  const hour = Math.floor(epochSeconds / 3600);
  let hours = offsetCache.get(zone);
  if (hours === undefined) {
    hours = new Map();
    offsetCache.set(zone, hours);
  }
  let offset = hours.get(hour);
  if (offset === undefined) {
    offset = DateTime.fromSeconds(hour * 3600, { zone }).offset;
    hours.set(hour, offset);
  }
  return offset;
}

export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export function toWallTime(epochSeconds: number, zone: string): WallTime {
  const shifted = new Date((epochSeconds + zoneOffsetMinutes(zone, epochSeconds) * 60) * 1000);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds(),
  };
}

export const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** "Y-m-d" of the wall date in `zone`. */
export function formatIsoDate(epochSeconds: number, zone: string): string {
  const t = toWallTime(epochSeconds, zone);
  return `${t.year}-${pad2(t.month)}-${pad2(t.day)}`;
}

/** "2025-05-04T08:00:00-04:00": ISO 8601 with the zone's offset at that instant. */
export function formatIsoWithOffset(epochSeconds: number, zone: string): string {
  const whole = Math.floor(epochSeconds);
  const t = toWallTime(whole, zone);
  const offset = zoneOffsetMinutes(zone, whole);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${t.year}-${pad2(t.month)}-${pad2(t.day)}T${pad2(t.hour)}:${pad2(t.minute)}:${pad2(t.second)}` +
    `${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}

/** "2025-03-02T14:11:09Z". */
export function formatIsoUtc(epochSeconds: number): string {
  return new Date(Math.floor(epochSeconds) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Unix seconds of a wall-clock time in `zone` (few calls: event and race set-up only). */
export function epochOfWallTime(zone: string, year: number, month: number, day: number, hour: number, minute: number): number {
  return Math.floor(DateTime.fromObject({ year, month, day, hour, minute }, { zone }).toSeconds());
}

/** Whole years between a "YYYY-MM-DD" birthdate and an instant (age on that day, in UTC). */
export function ageOn(birthdate: string, epochSeconds: number): number {
  const day = new Date(epochSeconds * 1000);
  const [year, month, date] = birthdate.split('-').map(Number) as [number, number, number];
  const before = day.getUTCMonth() + 1 < month || (day.getUTCMonth() + 1 === month && day.getUTCDate() < date);
  return day.getUTCFullYear() - year - (before ? 1 : 0);
}

/** "01:13:12", or "01:13:12.40" with hundredths (truncated, as timing systems do). */
export function formatHms(seconds: number, hundredths: boolean): string {
  const whole = Math.floor(seconds);
  const clock = `${pad2(Math.floor(whole / 3600))}:${pad2(Math.floor((whole % 3600) / 60))}:${pad2(whole % 60)}`;
  return hundredths ? `${clock}.${pad2(Math.floor((seconds - whole) * 100))}` : clock;
}
