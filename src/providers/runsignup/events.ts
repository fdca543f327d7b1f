/**
 * Discovery: `/races` pages (the partner's races), then `/race/{id}` per race for its full event
 * list, because `/races` lists "only the most current events". A RunSignUp race becomes a canonical
 * event; each RunSignUp event becomes a canonical race.
 */
import type { CanonicalEvent, CanonicalRace } from '../../model/canonical.js';
import { SyncError } from '../../errors.js';
import type { DiscoverOptions, Page } from '../types.js';
import type { QueryParams, RunSignupClient } from './client.js';
import { checkRecord, raceDetailSchema, raceEntrySchema, readRacesPage, type RaceDetail } from './payloads.js';
import { collectPage, rejectRecord, type Mapped } from './page.js';
import type { RunSignupSettings } from './settings.js';


/** Failures that concern one race only; anything else (auth, throttling, outages) stops the read. */
const PER_RACE_FAILURES = new Set(['permission', 'not_found', 'config']);

function listRacesParams(settings: RunSignupSettings, page: number, options: DiscoverOptions): QueryParams {
  const params: QueryParams = {
    events: 'T',
    results_per_page: settings.racesPageSize,
    page,
    partner_id: settings.partnerId,
    start_date: options.includePast ? undefined : options.now.toISOString().slice(0, 10),
  };
  if (settings.partnerRacesParam) params[settings.partnerRacesParam] = 'T';
  return params;
}

function mapRace(race: RaceDetail, rawRace: { events?: unknown[] | null }): CanonicalEvent {
  const races: CanonicalRace[] = race.events.map((event, index) => ({
    providerRaceId: String(event.event_id),
    name: event.name,
    startTime: event.start_time,
    distance: event.distance,
    providerModifiedAt: null,
    raw: rawRace.events?.[index],
  }));
  const starts = races.flatMap((entry) => (entry.startTime ? [entry.startTime.getTime()] : []));
  return {
    providerEventId: String(race.race_id),
    name: race.name,
    startTime: starts.length > 0 ? new Date(Math.min(...starts)) : race.next_date,
    timeZone: race.timezone,
    city: race.address?.city ?? null,
    region: race.address?.state ?? null,
    country: race.address?.country_code ?? null,
    providerModifiedAt: race.last_modified,
    raw: rawRace,
    races,
  };
}

/** One race's detail, mapped; a failure that concerns only this race becomes a reject. */
async function readRace(client: RunSignupClient, entry: unknown, includePast: boolean): Promise<Mapped<CanonicalEvent>> {
  const listed = checkRecord(raceEntrySchema, entry, 'race in /races');
  if (!listed.ok) return rejectRecord(listed.reason, entry);
  const raceId = listed.value.race.race_id;
  let detail: unknown;
  try {
    detail = await client.get(`/race/${raceId}`, includePast ? { most_recent_events_only: 'F' } : { future_events_only: 'T' });
  } catch (error) {
    if (error instanceof SyncError && PER_RACE_FAILURES.has(error.errorClass)) {
      return rejectRecord(`race ${raceId}: ${error.message}`, (entry as { race: unknown }).race);
    }
    throw error;
  }
  const checked = checkRecord(raceDetailSchema, detail, `race ${raceId} detail`);
  if (!checked.ok) return rejectRecord(checked.reason, detail);
  // Validated above, so the raw race is an object whose events line up with the parsed ones.
  return { record: mapRace(checked.value.race, (detail as { race: { events?: unknown[] | null } }).race) };
}

/**
 * A stored race whose `last_modified` (minute precision) is older than `unchangedBefore` needs no
 * detail call: its events have not changed since they were read.
 */
function unchangedRaceId(entry: unknown, options: DiscoverOptions): string | null {
  if (!options.known || !options.unchangedBefore) return null;
  const listed = raceEntrySchema.safeParse(entry);
  if (!listed.success || !listed.data.race.last_modified) return null;
  const raceId = String(listed.data.race.race_id);
  return options.known.has(raceId) && listed.data.race.last_modified < options.unchangedBefore ? raceId : null;
}

export async function* discoverEvents(
  client: RunSignupClient,
  settings: RunSignupSettings,
  options: DiscoverOptions,
): AsyncGenerator<Page<CanonicalEvent>> {
  for (let page = 1; ; page++) {
    const entries = readRacesPage(await client.get('/races', listRacesParams(settings, page, options)));
    const outcomes: Mapped<CanonicalEvent>[] = [];
    const unchanged: string[] = [];
    // One race at a time: details are cheap and this keeps the request budget predictable.
    for (const entry of entries) {
      const skip = unchangedRaceId(entry, options);
      if (skip) unchanged.push(skip);
      else outcomes.push(await readRace(client, entry, options.includePast));
    }
    const finished = entries.length < settings.racesPageSize;
    yield { ...collectPage(outcomes, finished ? null : String(page + 1)), unchanged };
    if (finished) return;
  }
}
