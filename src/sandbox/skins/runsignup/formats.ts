/**
 * RunSignUp's value formats (providers.md §1.1): "n/j/Y H:i" date-times, "m/d/Y" race dates,
 * "Y-m-d H:i:s" on removed participants, "$55.00" money, result times with or without hundredths.
 * Event times are in the race's zone, everything else in US Eastern.
 */
import { pad2, toWallTime } from '../../world/time.js';

export const EASTERN = 'America/New_York';

/** "n/j/Y H:i", e.g. "9/7/2021 15:15". */
export function formatUsDateTime(epochSeconds: number, zone: string): string {
  const t = toWallTime(epochSeconds, zone);
  return `${t.month}/${t.day}/${t.year} ${pad2(t.hour)}:${pad2(t.minute)}`;
}

/** "m/d/Y", e.g. "04/07/2018". */
export function formatPaddedDate(epochSeconds: number, zone: string): string {
  const t = toWallTime(epochSeconds, zone);
  return `${pad2(t.month)}/${pad2(t.day)}/${t.year}`;
}

/** "Y-m-d H:i:s", e.g. "2021-09-07 15:20:36". */
export function formatIsoDateTime(epochSeconds: number, zone: string): string {
  const t = toWallTime(epochSeconds, zone);
  return `${t.year}-${pad2(t.month)}-${pad2(t.day)} ${pad2(t.hour)}:${pad2(t.minute)}:${pad2(t.second)}`;
}

const moneyCache = new Map<number, string>();

/** "$55.00" from cents; interned, since a few dozen amounts repeat across every participant. */
export function formatMoney(cents: number): string {
  let text = moneyCache.get(cents);
  if (text === undefined) {
    text = `$${Math.floor(cents / 100)}.${pad2(cents % 100)}`;
    moneyCache.set(cents, text);
  }
  return text;
}

/**
 * A result time: "1:13:12" or "1:13:12.40" with hours, "21:53" or "21:53.15" without.
 * Hundredths are truncated, as timing systems do.
 */
export function formatRaceTime(seconds: number, hundredths: boolean): string {
  const whole = Math.floor(seconds);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  const fraction = hundredths ? `.${pad2(Math.floor((seconds - whole) * 100))}` : '';
  return h > 0 ? `${h}:${pad2(m)}:${pad2(s)}${fraction}` : `${m}:${pad2(s)}${fraction}`;
}

/** Pace per mile, "m:ss". */
export function formatPace(secondsPerMile: number): string {
  const whole = Math.round(secondsPerMile);
  return `${Math.floor(whole / 60)}:${pad2(whole % 60)}`;
}

/** Parses "YYYY-MM-DD"; undefined when malformed. */
export function parseIsoDate(text: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const date = new Date(`${text}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text ? undefined : text;
}
