/**
 * Participants of one Race Roster event: `/events/{id}/participants`, one read for every sub-event
 * asked (the `subEventId` filter is sent when one race is read alone). There is no modified-since
 * filter, so every read is full; the engine diffs it against the store, trusting the diff only when
 * the pages agree on `metadata.totalCount` and every listed row was accounted for (`Page.total`).
 *
 * Rows of sub-events this read does not cover (the rest of the event, when the scheduler leases only
 * some of its races, or a server that ignores the filter) are accounted for without becoming
 * records: their keys go in `Page.unchanged`, which the engine counts as seen but does not touch, so
 * `seen` still adds up to `totalCount` and the diff of the asked sub-events stays exact.
 */
import type { CanonicalParticipant } from '../../model/canonical.js';
import { SyncError } from '../../errors.js';
import type { Page, ParticipantsQuery } from '../types.js';
import type { RaceRosterClient } from './client.js';
import { collectPage, rejectRecord, type Mapped } from './page.js';
import { parseOffset, readList } from './paging.js';
import { checkRecord, participantSchemas, readIdField, type RrParticipant } from './payloads.js';
import type { RaceRosterSettings } from './settings.js';

function toParticipant(row: RrParticipant, raw: unknown, cancelledStatuses: ReadonlySet<string>): CanonicalParticipant {
  return {
    providerParticipantId: row.key,
    providerRaceId: row.subEventId,
    bib: row.bibNumber,
    chip: null,
    firstName: row.firstName,
    lastName: row.lastName,
    email: row.email,
    gender: row.gender,
    birthdate: row.dateOfBirth,
    age: null,
    city: row.city,
    region: row.region,
    country: row.country,
    teamName: row.teamName,
    // The participants list carries no money field (§3.3; "/events does not return a currency").
    amountPaid: null,
    registeredAt: row.registrationDate,
    providerModifiedAt: row.lastModifiedDate,
    cancelled: row.status !== null && cancelledStatuses.has(row.status.toLowerCase()),
    raw,
  };
}

/** One page's rows: records, rejects, and the keys of other sub-events' rows. */
function mapRows(rows: unknown[], races: ReadonlySet<string>, settings: RaceRosterSettings): Page<CanonicalParticipant> {
  const schema = participantSchemas[settings.participantKey];
  const cancelled = new Set(settings.cancelledStatuses.map((status) => status.toLowerCase()));
  const outcomes: Mapped<CanonicalParticipant>[] = [];
  const unchanged: string[] = [];
  for (const raw of rows) {
    const subEventId = readIdField(raw, 'subEventId');
    if (subEventId !== null && !races.has(subEventId)) {
      const key = readIdField(raw, settings.participantKey);
      if (key !== null) unchanged.push(key);
      continue;
    }
    const checked = checkRecord(schema, raw, 'participant');
    outcomes.push(checked.ok ? { record: toParticipant(checked.value, raw, cancelled) } : rejectRecord(checked.reason, raw));
  }
  return { ...collectPage(outcomes, null), unchanged };
}

export async function* readParticipants(
  client: RaceRosterClient,
  settings: RaceRosterSettings,
  query: ParticipantsQuery,
): AsyncGenerator<Page<CanonicalParticipant>> {
  const races = new Set(query.providerRaceIds);
  if (races.size === 0) throw new SyncError('bug', `Race Roster participants of event ${query.providerEventId} asked for no sub-events`);
  const [only] = races;
  const filter = races.size === 1 && settings.subEventParam ? { [settings.subEventParam]: only } : {};
  const pages = readList(client, {
    path: `/events/${encodeURIComponent(query.providerEventId)}/participants`,
    query: filter,
    pageSize: settings.pageSize,
    style: settings.pagingStyle,
    start: parseOffset(query.resumeAfter, 'participants'),
  });
  for await (const list of pages) {
    yield { ...mapRows(list.rows, races, settings), resumeAfter: list.next === null ? null : String(list.next), total: list.total };
  }
}
