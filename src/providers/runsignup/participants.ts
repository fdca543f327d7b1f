/**
 * Registrations, removed registrations and bib look-ups of one RunSignUp race. Both lists are read
 * by keyset (`sort=registration_id ASC` + `after_registration_id`); RunSignUp returns no total, so a
 * page is the last one when it is not full (providers.md §1.5).
 */
import type { CanonicalParticipant, RemovedParticipant } from '../../model/canonical.js';
import { SyncError } from '../../errors.js';
import type { Page, ParticipantsQuery } from '../types.js';
import type { QueryParams, RunSignupClient } from './client.js';
import {
  checkRecord, participantSchema, readParticipantRows, readRegistrationId, removedParticipantSchema,
  type ParticipantRow,
} from './payloads.js';
import { collectPage, rejectRecord, type Mapped } from './page.js';
import type { RunSignupSettings } from './settings.js';

type Endpoint = 'participants' | 'removed-participants';

function mapParticipant({ raw, blockEventId }: ParticipantRow): Mapped<CanonicalParticipant> {
  const checked = checkRecord(participantSchema, raw, 'participant');
  if (!checked.ok) return rejectRecord(checked.reason, raw, keyOf(raw));
  const row = checked.value;
  const eventId = row.event_id ?? blockEventId;
  if (eventId === null) return rejectRecord('invalid participant: no event_id on the row or its event block', raw);
  const record: CanonicalParticipant = {
    providerParticipantId: String(row.registration_id),
    providerRaceId: String(eventId),
    bib: row.bib_num,
    chip: row.chip_num,
    firstName: row.user.first_name,
    lastName: row.user.last_name,
    email: row.user.email,
    gender: row.user.gender,
    birthdate: row.user.dob,
    age: row.age,
    city: row.user.address?.city ?? null,
    region: row.user.address?.state ?? null,
    country: row.user.address?.country_code ?? null,
    teamName: row.team_name,
    amountPaid: row.amount_paid,
    registeredAt: row.registration_date,
    providerModifiedAt: row.last_modified,
    raw,
  };
  return { record };
}

/** The registration id of a row that failed validation, when that much of it can be read. */
function keyOf(raw: unknown): string | null {
  const id = readRegistrationId(raw);
  return id === null ? null : String(id);
}

function mapRemovedParticipant({ raw, blockEventId }: ParticipantRow): Mapped<RemovedParticipant> {
  const checked = checkRecord(removedParticipantSchema, raw, 'removed participant');
  if (!checked.ok) return rejectRecord(checked.reason, raw);
  const row = checked.value;
  const eventId = row.event_id ?? blockEventId;
  if (eventId === null) return rejectRecord('invalid removed participant: no event_id on the row or its event block', raw);
  const record: RemovedParticipant = {
    providerParticipantId: String(row.registration_id),
    providerRaceId: String(eventId),
    reason: row.removed_reason,
    newProviderParticipantId: row.new_registration_id == null ? null : String(row.new_registration_id),
    providerModifiedAt: row.last_modified_ts ?? row.last_modified,
    raw,
  };
  return { record };
}

function listParams(query: ParticipantsQuery, settings: RunSignupSettings): QueryParams {
  if (query.providerRaceIds.length === 0) {
    throw new SyncError('bug', `RunSignUp participants of race ${query.providerEventId} asked for no event ids`);
  }
  return {
    event_id: query.providerRaceIds.join(','),
    results_per_page: settings.participantsPageSize,
    sort: 'registration_id ASC',
    modified_after_timestamp: query.modifiedSince,
  };
}

function parseCheckpoint(resumeAfter: string | null | undefined): number | null {
  if (resumeAfter === null || resumeAfter === undefined) return null;
  if (!/^\d+$/.test(resumeAfter)) throw new SyncError('bug', `RunSignUp participants checkpoint is not a registration id: "${resumeAfter}"`);
  return Number(resumeAfter);
}

async function* readByRegistrationId<T>(
  client: RunSignupClient,
  settings: RunSignupSettings,
  query: ParticipantsQuery,
  endpoint: Endpoint,
  toRecord: (row: ParticipantRow) => Mapped<T>,
): AsyncGenerator<Page<T>> {
  const path = `/race/${encodeURIComponent(query.providerEventId)}/${endpoint}`;
  let after = parseCheckpoint(query.resumeAfter);
  for (;;) {
    const body = await client.get(path, { ...listParams(query, settings), after_registration_id: after ?? undefined });
    const rows = readParticipantRows(body, endpoint);
    if (rows.length < settings.participantsPageSize) {
      yield collectPage(rows.map(toRecord), null);
      return;
    }
    // Rejected rows count too: their ids still move the keyset forward.
    const ids = rows.map((row) => readRegistrationId(row.raw) ?? -1);
    const maxId = Math.max(...ids);
    if (maxId < 0 || (after !== null && maxId <= after)) {
      throw new SyncError('transient', `RunSignUp GET ${path}: a full page did not advance past registration ${after ?? 'start'}; stopping instead of looping`);
    }
    after = maxId;
    yield collectPage(rows.map(toRecord), String(maxId));
  }
}

export function readParticipants(client: RunSignupClient, settings: RunSignupSettings, query: ParticipantsQuery) {
  return readByRegistrationId(client, settings, query, 'participants', mapParticipant);
}

export function readRemovedParticipants(client: RunSignupClient, settings: RunSignupSettings, query: ParticipantsQuery) {
  return readByRegistrationId(client, settings, query, 'removed-participants', mapRemovedParticipant);
}

/** `search_bib` is an INFERRED filter name; a look-up is one call and one page. */
export async function findParticipantsByBib(
  client: RunSignupClient,
  settings: RunSignupSettings,
  query: ParticipantsQuery,
  bib: string,
): Promise<Page<CanonicalParticipant>> {
  const path = `/race/${encodeURIComponent(query.providerEventId)}/participants`;
  const body = await client.get(path, { ...listParams(query, settings), search_bib: bib });
  return collectPage(readParticipantRows(body, 'participants').map(mapParticipant), null);
}
