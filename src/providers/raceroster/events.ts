/**
 * Discovery: `/events` pages (the account's events, each with its sub-events inline), sorted by start
 * date. A Race Roster event is a canonical event; each sub-event is a canonical race, starting at its
 * `customSubEventDate` when set, else at the event's start. /events lists future events only, unless
 * `eventDateFrom` reaches back (RR3); a discovery that includes the past sends it.
 */
import type { CanonicalEvent, CanonicalRace } from '../../model/canonical.js';
import type { DiscoverOptions, Page } from '../types.js';
import type { RaceRosterClient } from './client.js';
import { collectPage, rejectRecord, type Mapped } from './page.js';
import { readList } from './paging.js';
import { checkRecord, eventSchema, subEventSchema, type SubEvent } from './payloads.js';
import type { RaceRosterSettings } from './settings.js';

/** "10 km" from the distance object's label, else from `distance` + `distanceType`. */
function distanceOf(subEvent: SubEvent): string | null {
  if (subEvent.subEventDistance?.label) return subEvent.subEventDistance.label;
  const value = subEvent.distance === null || subEvent.distance === undefined ? '' : String(subEvent.distance).trim();
  if (value === '') return null;
  return subEvent.distanceType ? `${value} ${subEvent.distanceType}` : value;
}

/** The event with the sub-events that validate; each one that does not is a reject of its own. */
function mapEvent(raw: unknown): Mapped<CanonicalEvent>[] {
  const checked = checkRecord(eventSchema, raw, 'event');
  if (!checked.ok) return [rejectRecord(checked.reason, raw)];
  const event = checked.value;
  const outcomes: Mapped<CanonicalEvent>[] = [];
  const races: CanonicalRace[] = [];
  for (const rawSubEvent of event.subEvents) {
    const sub = checkRecord(subEventSchema, rawSubEvent, `sub-event of event ${event.eventId}`);
    if (!sub.ok) {
      outcomes.push(rejectRecord(sub.reason, rawSubEvent));
      continue;
    }
    races.push({
      providerRaceId: sub.value.subEventId,
      name: sub.value.name,
      startTime: sub.value.customSubEventDate ?? event.startDate,
      distance: distanceOf(sub.value),
      providerModifiedAt: null,
      raw: rawSubEvent,
    });
  }
  outcomes.unshift({
    record: {
      providerEventId: event.eventId,
      name: event.name,
      startTime: event.startDate,
      timeZone: event.timeZone,
      city: event.city,
      region: event.region,
      country: event.country,
      providerModifiedAt: event.lastModifiedDate,
      raw,
      races,
    },
  });
  return outcomes;
}

export async function* discoverEvents(
  client: RaceRosterClient,
  settings: RaceRosterSettings,
  options: DiscoverOptions,
): AsyncGenerator<Page<CanonicalEvent>> {
  const query = { sort: 'startDate', order: 'asc', eventDateFrom: options.includePast ? settings.pastEventsFrom : undefined };
  // /events is verified with offset+limit (RR3); the paging switch concerns the other lists.
  const pages = readList(client, { path: '/events', query, pageSize: settings.pageSize, style: 'offset', start: 0 });
  for await (const list of pages) {
    yield { ...collectPage(list.rows.flatMap(mapEvent), list.next === null ? null : String(list.next)), total: list.total };
  }
}
