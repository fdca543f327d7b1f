import type { CanonicalParticipant } from '../model/canonical.js';
import type { Change } from './store/changes.js';
import type { ParticipantRow, StoredParticipant } from './store/participants.js';
import { hashText, jsonWithout, toIso } from './hash.js';

export interface RaceIds {
  raceId: number;
  eventId: number;
}

export interface ParticipantScope {
  timingPartnerId: number;
  provider: string;
  connectionId: number;
  /** Internal ids of the races this read covers, by the provider's race id. */
  races: Map<string, RaceIds>;
}

/** Provider modification stamps inside raw payloads that must not count as content. */
const VOLATILE_RAW_KEYS = ['last_modified', 'last_modified_ts', 'providerModifiedAt'];
/** What neither hash covers: the stamps, in the row and (by their column names too) in the raw payload. */
const VOLATILE_ROW_KEYS = ['provider_modified_at', 'provider_version'];
const VOLATILE_KEYS = [...VOLATILE_RAW_KEYS, ...VOLATILE_ROW_KEYS];

export function toParticipantRow(scope: ParticipantScope, race: RaceIds, p: CanonicalParticipant): ParticipantRow {
  const fields = {
    timing_partner_id: scope.timingPartnerId,
    provider: scope.provider,
    connection_id: scope.connectionId,
    event_id: race.eventId,
    race_id: race.raceId,
    provider_participant_id: p.providerParticipantId,
    bib: p.bib,
    chip: p.chip,
    first_name: p.firstName,
    last_name: p.lastName,
    email: p.email,
    gender: p.gender,
    birthdate: p.birthdate,
    age: p.age,
    city: p.city,
    region: p.region,
    country: p.country,
    team_name: p.teamName,
    amount_paid: p.amountPaid,
    registered_at: toIso(p.registeredAt),
  };
  const hashes = participantHashes(fields, p.raw);
  return { ...fields, raw: p.raw, ...hashes, provider_modified_at: toIso(p.providerModifiedAt), provider_version: p.versionTag ?? null };
}

/**
 * Both hashes from one serialisation. `fields_hash` covers the canonical fields; `content_hash` the
 * fields and the raw payload, without the volatile keys at any depth — by definition the hash of
 * `{...fields, raw}` under `contentHash(…, VOLATILE_KEYS)`, whose JSON is the fields' JSON with the
 * raw member appended (the fields are flat, so no volatile key hides in them).
 */
export function participantHashes(fields: Record<string, unknown>, raw: unknown): { content_hash: string; fields_hash: string } {
  const fieldsJson = JSON.stringify(fields);
  const rawJson = jsonWithout(raw, VOLATILE_KEYS);
  const contentJson = rawJson === undefined ? fieldsJson : `${fieldsJson.slice(0, -1)},"raw":${rawJson}}`;
  return { content_hash: hashText(contentJson), fields_hash: hashText(fieldsJson) };
}

/** The fields whose changes the change feed reports with old → new. */
const TRACKED: readonly [keyof StoredParticipant, keyof ParticipantRow][] = [
  ['bib', 'bib'],
  ['chip', 'chip'],
  ['firstName', 'first_name'],
  ['lastName', 'last_name'],
  ['raceId', 'race_id'],
];

export type PendingChange = Omit<Change, 'entityId'> & { key: string };

/** What one incoming participant means against its stored version. */
export function describeChange(stored: StoredParticipant | undefined, row: ParticipantRow): PendingChange[] {
  const key = row.provider_participant_id;
  if (!stored) {
    return [{ key, entity: 'participant', kind: 'created', oldValues: null, newValues: trackedOf(row) }];
  }
  const oldValues: Record<string, unknown> = {};
  const newValues: Record<string, unknown> = {};
  for (const [storedField, column] of TRACKED) {
    if (stored[storedField] !== row[column]) {
      oldValues[column] = stored[storedField];
      newValues[column] = row[column];
    }
  }
  if (stored.deleted) {
    oldValues.deleted = true;
    newValues.deleted = false;
  } else if (stored.fieldsHash === row.fields_hash) {
    // Only the raw payload changed: stored, but nothing a reader of the feed could act on.
    return [];
  }
  const changes: PendingChange[] = [{ key, entity: 'participant', kind: 'updated', oldValues, newValues }];
  const bibChange = describeBibChange(stored.bib, row.bib);
  if (bibChange) changes.push({ key, entity: 'participant', kind: bibChange, oldValues: { bib: stored.bib }, newValues: { bib: row.bib } });
  return changes;
}

function describeBibChange(before: string | null, after: string | null): Change['kind'] | null {
  if (before === after) return null;
  if (before === null) return 'bib_assigned';
  if (after === null) return 'bib_removed';
  return 'bib_changed';
}

function trackedOf(row: ParticipantRow): Record<string, unknown> {
  return { bib: row.bib, chip: row.chip, first_name: row.first_name, last_name: row.last_name, race_id: row.race_id };
}
