/**
 * Entries of one event's races. CT has no modified-since filter (§2.7), so every read is a full
 * read, page-numbered, with the X-Ctlive-Row-Count total on every page: the engine trusts the read's
 * deletion diff only when every page agreed on it and the read saw that many entries. Several races
 * of an event are read as one list (GET /event/{id}/entry); rows of the event's other races are
 * passed over, and since the total then counts them too, such a read deletes nothing (safe, not
 * exact). One race is read alone (GET /race/{id}/entry), whose total is exactly the race's.
 */
import type { CanonicalParticipant } from '../../model/canonical.js';
import { SyncError } from '../../errors.js';
import type { Page, ParticipantsQuery } from '../types.js';
import type { ChronoTrackClient, QueryParams } from './client.js';
import { parsePagePosition, readPages } from './paging.js';
import { checkRecord, entrySchema, readRawField } from './payloads.js';
import { collectPage, rejectRecord, type Mapped } from './page.js';
import type { ChronoTrackSettings } from './settings.js';

/** The documented parameters that add birthdates and contact details to entries (C4, C7). */
function entryParams(settings: ChronoTrackSettings): QueryParams {
  return {
    need_athlete_birthdate: 'true',
    contact_details: 'true',
    include_test_entries: settings.includeTestEntries ? 'true' : 'false',
    elide_json: 'false',
  };
}

function mapEntry(raw: unknown, raceOfRead: string | null, settings: ChronoTrackSettings): Mapped<CanonicalParticipant> {
  const checked = checkRecord(entrySchema, raw, 'entry');
  if (!checked.ok) return rejectRecord(checked.reason, raw);
  const entry = checked.value;
  const raceId = entry.race_id ?? raceOfRead;
  if (raceId === null) return rejectRecord('invalid entry: race_id: missing (needed when a whole event is read)', raw);
  const record: CanonicalParticipant = {
    providerParticipantId: entry.entry_id,
    providerRaceId: raceId,
    bib: entry.entry_bib,
    chip: null,
    firstName: entry.athlete_first_name,
    lastName: entry.athlete_last_name,
    email: entry.athlete_email,
    gender: entry.athlete_sex,
    birthdate: entry.athlete_birthdate,
    age: entry.entry_race_age,
    city: entry.location_city,
    region: entry.location_region,
    country: entry.location_country,
    teamName: entry.team_name,
    amountPaid: null,
    registeredAt: null,
    providerModifiedAt: null,
    raw,
  };
  if (entry.entry_status !== null && settings.cancelledEntryStatuses.some((s) => s.toUpperCase() === entry.entry_status)) record.cancelled = true;
  return { record };
}

/** An event read lists every race's entries; rows of races this read was not asked for are passed over. */
function isWanted(raw: unknown, wanted: ReadonlySet<string> | null): boolean {
  if (wanted === null) return true;
  const raceId = readRawField(raw, 'race_id');
  return raceId === null || wanted.has(raceId);
}

export async function* readParticipants(
  client: ChronoTrackClient,
  settings: ChronoTrackSettings,
  query: ParticipantsQuery,
): AsyncGenerator<Page<CanonicalParticipant>> {
  const [firstRace, ...otherRaces] = query.providerRaceIds;
  if (firstRace === undefined) throw new SyncError('bug', `ChronoTrack entries of event ${query.providerEventId} asked for no race ids`);
  const single = otherRaces.length === 0;
  const path = single ? `/race/${encodeURIComponent(firstRace)}/entry` : `/event/${encodeURIComponent(query.providerEventId)}/entry`;
  const wanted = single ? null : new Set(query.providerRaceIds);
  const pages = readPages(client, {
    path,
    query: entryParams(settings),
    roots: single ? settings.raceEntryRoots : settings.eventEntryRoots,
    size: settings.entriesPageSize,
    startPage: parsePagePosition(query.resumeAfter, 'entries'),
  });
  for await (const page of pages) {
    const outcomes = page.rows.filter((raw) => isWanted(raw, wanted)).map((raw) => mapEntry(raw, single ? firstRace : null, settings));
    const result = collectPage(outcomes, page.last ? null : String(page.page + 1));
    yield page.rowCount === null ? result : { ...result, total: page.rowCount };
  }
}
