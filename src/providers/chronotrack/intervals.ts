/**
 * Where each split of a race lies along the course. Result rows name their interval but carry no
 * distance or order, so the event's intervals (GET /event/{id}/interval) give each one's distance in
 * metres (`interval_iv_distance_m`) and, where the server sends them, its race and order ([INFERRED]
 * `race_id`, `interval_order`). Read only when the race has splits. Splits are ordered by
 * `interval_order`, else by distance, else by first appearance; an interval list the account may not
 * read leaves distances unknown rather than failing the results. One list serves every race of the
 * event, so an adapter keeps it for a few minutes (the results runs of an event's races follow each
 * other) instead of reading it once per race.
 */
import type { Reject } from '../../model/canonical.js';
import { SyncError } from '../../errors.js';
import type { ResultsQuery } from '../types.js';
import type { ChronoTrackClient } from './client.js';
import { readAllRows } from './paging.js';
import { checkRecord, intervalSchema, type CtInterval } from './payloads.js';
import type { ChronoTrackSettings } from './settings.js';

export interface SplitCourse {
  /** 1-based place of the split among the race's splits. */
  orderOf(name: string): number;
  metresOf(name: string): number | null;
  rejects: Reject[];
}

const NO_SPLITS: SplitCourse = { orderOf: () => 1, metresOf: () => null, rejects: [] };

/** How long an event's interval list is reused; splits are set up before a race and rarely move. */
const KEEP_MS = 10 * 60_000;

interface EventIntervals {
  intervals: CtInterval[];
  rejects: Reject[];
}

/** An event's intervals, read at most once per KEEP_MS by one adapter; a failed read is not kept. */
export type IntervalSource = (eventId: string) => Promise<EventIntervals>;

export function createIntervalSource(client: ChronoTrackClient, settings: ChronoTrackSettings, now: () => number = Date.now): IntervalSource {
  const kept = new Map<string, { at: number; read: Promise<EventIntervals> }>();
  return (eventId) => {
    const hit = kept.get(eventId);
    if (hit && now() - hit.at < KEEP_MS) return hit.read.then((list) => ({ ...list, rejects: [] }));
    const read = readIntervals(client, settings, eventId);
    kept.set(eventId, { at: now(), read });
    read.catch(() => kept.delete(eventId));
    return read;
  };
}

/** Failures that concern this list only; anything else (auth, throttling, outages) stops the read. */
const LIST_FAILURES = new Set(['permission', 'not_found', 'config']);

async function readIntervals(client: ChronoTrackClient, settings: ChronoTrackSettings, eventId: string): Promise<EventIntervals> {
  let rows: unknown[];
  try {
    rows = await readAllRows(client, { path: `/event/${encodeURIComponent(eventId)}/interval`, roots: settings.intervalListRoots, size: 100 });
  } catch (error) {
    if (error instanceof SyncError && LIST_FAILURES.has(error.errorClass)) return { intervals: [], rejects: [] };
    throw error;
  }
  const intervals: CtInterval[] = [];
  const rejects: Reject[] = [];
  for (const raw of rows) {
    const checked = checkRecord(intervalSchema, raw, `interval of event ${eventId}`);
    if (checked.ok) intervals.push(checked.value);
    else rejects.push({ reason: checked.reason, raw });
  }
  return { intervals, rejects };
}

/** The race's own intervals by lower-case name; intervals that name no race stand in when none names it. */
function intervalsByName(intervals: CtInterval[], raceId: string): Map<string, CtInterval> {
  const own = intervals.filter((interval) => interval.race_id === raceId);
  const chosen = own.length > 0 ? own : intervals.filter((interval) => interval.race_id === null);
  const byName = new Map<string, CtInterval>();
  for (const interval of chosen) if (!byName.has(interval.interval_iv_name.toLowerCase())) byName.set(interval.interval_iv_name.toLowerCase(), interval);
  return byName;
}

export async function readSplitCourse(source: IntervalSource, query: ResultsQuery, splitNames: string[]): Promise<SplitCourse> {
  const names = [...new Set(splitNames)];
  if (names.length === 0) return NO_SPLITS;
  const { intervals, rejects } = await source(query.providerEventId);
  const byName = intervalsByName(intervals, query.providerRaceId);
  const sortKey = (name: string, index: number): [number, number, number] => {
    const interval = byName.get(name.toLowerCase());
    return [interval?.interval_order ?? Infinity, interval?.interval_iv_distance_m ?? Infinity, index];
  };
  const ordered = names
    .map((name, index) => ({ name, key: sortKey(name, index) }))
    .sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1] || a.key[2] - b.key[2])
    .map((entry) => entry.name);
  const orders = new Map(ordered.map((name, index) => [name, index + 1]));
  return {
    orderOf: (name) => orders.get(name) ?? ordered.length + 1,
    metresOf: (name) => byName.get(name.toLowerCase())?.interval_iv_distance_m ?? null,
    rejects,
  };
}
