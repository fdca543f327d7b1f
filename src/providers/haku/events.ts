/**
 * Discovery: `GET /events` pages (the client's events; `show_inactive=true` for past ones), each a
 * canonical event whose races are its event categories. Haku lists no categories: the only place a
 * category id shows is a registration's detail (`event_categories[0]`), and the summary names the
 * category only (`event_category_info`). So each event's summary list is scanned for the category
 * names in use, and one detail per name gives its id. An event stored already and unchanged since
 * the last discovery is scanned only back to that discovery (sorted by `updated_at` descending): a
 * category new since then has a registration new since then. Discovery never deletes races, so
 * yielding an event with only its recently used categories loses nothing.
 *
 * Events have a date and no time: their start, and their races', is local midnight of that date,
 * with `startTimePrecision: 'date'` (the scheduler assumes `assumedStartTime`).
 */
import type { CanonicalEvent, CanonicalRace, Reject } from '../../model/canonical.js';
import { SyncError } from '../../errors.js';
import type { DiscoverOptions, Page } from '../types.js';
import type { HakuClient } from './client.js';
import { formatPosition, readList } from './list.js';
import { rejectOf } from './page.js';
import {
  categoryRaw, checkRecord, eventKey, readEventsPage, readSummaryPage, registrationKey, type HakuEvent, type RecordSchemas,
} from './payloads.js';
import type { HakuSettings } from './settings.js';
import { unixSeconds } from './values.js';

/** Failures that concern one event only; anything else (auth, throttling, outages) stops discovery. */
const PER_EVENT_FAILURES = new Set(['permission', 'not_found', 'config']);
/** Registrations whose detail is tried per category name before the category is given up. */
const SAMPLES_PER_NAME = 3;

interface Scan {
  client: HakuClient;
  settings: HakuSettings;
  schemas: RecordSchemas;
  eventId: string;
}

/** Registration numbers to sample per category name, active registrations first. */
async function collectSamples(scan: Scan, sinceSeconds: number | null): Promise<Map<string, string[]>> {
  const samples = new Map<string, { active: string[]; cancelled: string[] }>();
  const params = sinceSeconds === null ? {} : { sort_column: 'updated_at', sort_direction: 'desc' };
  const path = `/events/${encodeURIComponent(scan.eventId)}/participants`;
  for await (const list of readList(scan.client, scan.settings, { path, params, rowsOf: readSummaryPage, keyOf: registrationKey })) {
    for (const raw of list.rows) {
      const checked = scan.schemas.summary.safeParse(raw);
      if (!checked.success) continue; // the participants read rejects it, with its reason
      const summary = checked.data;
      const stamp = scan.settings.trustSummaryUpdatedAt ? summary.updated_at : null;
      if (sinceSeconds !== null && stamp !== null && unixSeconds(stamp) < sinceSeconds) return flatten(samples);
      const name = summary.event_category_info ?? '';
      const entry = samples.get(name) ?? { active: [], cancelled: [] };
      const bucket = summary.is_cancelled ? entry.cancelled : entry.active;
      if (bucket.length < SAMPLES_PER_NAME) bucket.push(summary.registration_number);
      samples.set(name, entry);
    }
  }
  return flatten(samples);
}

function flatten(samples: Map<string, { active: string[]; cancelled: string[] }>): Map<string, string[]> {
  return new Map([...samples].map(([name, { active, cancelled }]) => [name, [...active, ...cancelled].slice(0, SAMPLES_PER_NAME)]));
}

/** The category one sample registration is in, from its detail; null when the detail is gone or bad. */
async function categoryOf(scan: Scan, registrationNumber: string): Promise<{ id: string; name: string | null; master: string | null; raw: unknown } | null> {
  let body: unknown;
  try {
    body = await scan.client.get(`/events/${encodeURIComponent(scan.eventId)}/registrations/${encodeURIComponent(registrationNumber)}`);
  } catch (error) {
    if (error instanceof SyncError && error.errorClass === 'not_found') return null;
    throw error;
  }
  // Only the category is validated: a registration broken elsewhere still names its category.
  const checked = checkRecord(scan.schemas.registrationCategory, body, `registration ${registrationNumber}`);
  if (!checked.ok) return null;
  const [category] = checked.value.event_categories;
  return { id: category!.id, name: category!.name, master: category!.master_name, raw: categoryRaw(body) };
}

async function scanCategories(scan: Scan, event: HakuEvent, sinceSeconds: number | null): Promise<{ races: CanonicalRace[]; rejects: Reject[] }> {
  const races = new Map<string, CanonicalRace>();
  const rejects: Reject[] = [];
  for (const [name, registrations] of await collectSamples(scan, sinceSeconds)) {
    let found = null;
    for (const registration of registrations) if (!found) found = await categoryOf(scan, registration);
    // A recent registration whose detail is unreadable is the participants read's reject to report;
    // a category no registration at all can name is discovery's.
    if (!found && sinceSeconds !== null) continue;
    if (!found) {
      rejects.push(rejectOf(`event ${event.id}: category "${name}" has no readable registration detail to learn its id from (tried ${registrations.join(', ')})`, { event_category_info: name, registrations }));
      continue;
    }
    races.set(found.id, {
      providerRaceId: found.id,
      name: found.name ?? (name || `Category ${found.id}`),
      startTime: event.start,
      startTimePrecision: 'date',
      distance: found.master,
      providerModifiedAt: null,
      raw: found.raw,
    });
  }
  return { races: [...races.values()], rejects };
}

/** Known and unchanged since the last discovery: scan only the registrations changed since. */
function scanSince(event: HakuEvent, options: DiscoverOptions): number | null {
  const before = options.unchangedBefore;
  if (!before || !options.known?.has(event.id) || event.updated_at === null || event.updated_at >= before) return null;
  return unixSeconds(before);
}

function mapEvent(event: HakuEvent, raw: unknown, races: CanonicalRace[]): CanonicalEvent {
  return {
    providerEventId: event.id,
    name: event.name,
    startTime: event.start,
    startTimePrecision: 'date',
    timeZone: event.timeZone,
    city: event.location_city,
    region: event.location_state,
    // Haku's event has a city and a state, no country [INFERRED fields].
    country: null,
    providerModifiedAt: event.updated_at,
    raw,
    races,
  };
}

/** One event and its categories; a failure that concerns only this event keeps the event and rejects its scan. */
async function readEvent(client: HakuClient, settings: HakuSettings, schemas: RecordSchemas, raw: unknown, options: DiscoverOptions) {
  const checked = checkRecord(schemas.event, raw, 'event');
  if (!checked.ok) return { records: [], rejects: [rejectOf(checked.reason, raw)] };
  const event = checked.value;
  try {
    const { races, rejects } = await scanCategories({ client, settings, schemas, eventId: event.id }, event, scanSince(event, options));
    return { records: [mapEvent(event, raw, races)], rejects };
  } catch (error) {
    if (!(error instanceof SyncError && PER_EVENT_FAILURES.has(error.errorClass))) throw error;
    return { records: [mapEvent(event, raw, [])], rejects: [rejectOf(`event ${event.id}: its categories could not be read: ${error.message}`, raw)] };
  }
}

/** A page per event, so each event's scan is committed before the next one spends calls. */
export async function* discoverEvents(
  client: HakuClient,
  settings: HakuSettings,
  schemas: RecordSchemas,
  options: DiscoverOptions,
): AsyncGenerator<Page<CanonicalEvent>> {
  const params = { sort_column: 'event_date', sort_direction: 'asc', show_inactive: options.includePast ? 'true' : undefined };
  const rowsOf = (body: unknown) => readEventsPage(body, settings.eventsEnvelope);
  for await (const list of readList(client, settings, { path: '/events', params, rowsOf, keyOf: eventKey })) {
    for (const [index, raw] of list.rows.entries()) {
      const last = list.next === null && index === list.rows.length - 1;
      const resumeAfter = last ? null : formatPosition({ ...list.at, offset: index + 1 });
      yield { ...(await readEvent(client, settings, schemas, raw, options)), resumeAfter };
    }
    if (list.rows.length === 0) yield { records: [], rejects: [], resumeAfter: null };
  }
}
