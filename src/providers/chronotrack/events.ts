/**
 * Discovery: GET /event (the events the account may see), page by page, then each event's races
 * (GET /event/{id}/race). A CT event is a canonical event, a CT race a canonical race. Events carry
 * no modification stamp, so every listed event's races are read again; without --include-past,
 * events that ended long ago are left out (settings.discoveryPastDays), which spares their calls.
 */
import type { CanonicalEvent, CanonicalRace } from '../../model/canonical.js';
import { SyncError } from '../../errors.js';
import type { DiscoverOptions, Page } from '../types.js';
import type { ChronoTrackClient } from './client.js';
import { readAllRows, readPages } from './paging.js';
import { checkRecord, eventSchema, raceSchema, type CtEvent } from './payloads.js';
import { collectPage, rejectRecord, type Mapped } from './page.js';
import type { ChronoTrackSettings } from './settings.js';
import { formatDistance } from './values.js';

const DAY_MS = 86_400_000;

/** Failures that concern one event only; anything else (auth, throttling, outages) stops the read. */
const PER_EVENT_FAILURES = new Set(['permission', 'not_found', 'config']);

function mapRace(raw: unknown, event: CtEvent): Mapped<CanonicalRace> {
  const checked = checkRecord(raceSchema, raw, `race of event ${event.event_id}`);
  if (!checked.ok) return rejectRecord(checked.reason, raw);
  const race = checked.value;
  return {
    record: {
      providerRaceId: race.race_id,
      name: race.race_name,
      // A race without its own start starts with its event: the scheduler needs a start to plan by.
      startTime: race.race_start_time ?? event.event_start_time,
      distance: formatDistance(race.race_course_distance),
      providerModifiedAt: null,
      raw,
    },
  };
}

function mapEvent(event: CtEvent, raw: unknown, races: CanonicalRace[]): CanonicalEvent {
  const starts = races.flatMap((race) => (race.startTime ? [race.startTime.getTime()] : []));
  return {
    providerEventId: event.event_id,
    name: event.event_name,
    startTime: event.event_start_time ?? (starts.length > 0 ? new Date(Math.min(...starts)) : null),
    timeZone: event.location_time_zone,
    city: event.location_city,
    region: event.location_region,
    country: event.location_country,
    providerModifiedAt: null,
    raw,
    races,
  };
}

/** Whether discovery leaves the event out: unpublished (by setting) or over before the window. */
function leftOut(event: CtEvent, settings: ChronoTrackSettings, options: DiscoverOptions): boolean {
  if (settings.skipUnpublishedEvents && event.event_is_published === false) return true;
  if (options.includePast) return false;
  const end = event.event_end_time ?? event.event_start_time;
  return end !== null && end.getTime() < options.now.getTime() - settings.discoveryPastDays * DAY_MS;
}

/** One event with its races; a failure that concerns only this event, or a bad race, becomes a reject. */
async function readEvent(client: ChronoTrackClient, settings: ChronoTrackSettings, event: CtEvent, raw: unknown): Promise<Mapped<CanonicalEvent>[]> {
  let rows: unknown[];
  try {
    rows = await readAllRows(client, { path: `/event/${encodeURIComponent(event.event_id)}/race`, roots: settings.raceListRoots, size: 100 });
  } catch (error) {
    if (error instanceof SyncError && PER_EVENT_FAILURES.has(error.errorClass)) return [rejectRecord(`event ${event.event_id}: ${error.message}`, raw)];
    throw error;
  }
  const races = rows.map((row) => mapRace(row, event));
  const mapped = races.flatMap((race) => ('record' in race ? [race.record] : []));
  return [{ record: mapEvent(event, raw, mapped) }, ...races.filter((race) => 'reject' in race)];
}

export async function* discoverEvents(
  client: ChronoTrackClient,
  settings: ChronoTrackSettings,
  options: DiscoverOptions,
): AsyncGenerator<Page<CanonicalEvent>> {
  for await (const page of readPages(client, { path: '/event', roots: settings.eventListRoots, size: settings.eventsPageSize })) {
    const outcomes: Mapped<CanonicalEvent>[] = [];
    // One event at a time keeps the call budget predictable.
    for (const raw of page.rows) {
      const checked = checkRecord(eventSchema, raw, 'event');
      if (!checked.ok) outcomes.push(rejectRecord(checked.reason, raw));
      else if (!leftOut(checked.value, settings, options)) outcomes.push(...(await readEvent(client, settings, checked.value, raw)));
    }
    yield collectPage(outcomes, page.last ? null : String(page.page + 1));
  }
}
