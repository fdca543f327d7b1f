/**
 * Athletes of one Copernico event (our race), streamed in pages (athletes.ts). There is no
 * modified-since and no removed feed: every read is full, and the engine's diff of full reads finds
 * withdrawals. A participant's id is `<race id>/<athlete id>`: athlete ids are the ids registrations
 * were imported under (K2), unique within a race, not across a timer's races.
 */
import type { CanonicalParticipant } from '../../model/canonical.js';
import { SyncError } from '../../errors.js';
import type { Page, ParticipantsQuery } from '../types.js';
import { collectPage, rejectRecord, type Mapped } from '../runsignup/page.js';
import { readAthletePages, type ListedAthlete } from './athletes.js';
import type { CopernicoClient } from './client.js';
import { providerRaceIdOf, splitProviderRaceId } from './events.js';
import { athleteEntrySchema, athleteSchema, check, findEntry, readAthleteId, type Athlete, type AthleteEntry } from './payloads.js';
import type { CopernicoSettings } from './settings.js';

export const participantIdOf = (raceId: string, athleteId: string): string => `${raceId}/${athleteId}`;

export interface CheckedAthlete {
  athlete: Athlete;
  entry: AthleteEntry;
}

/** An athlete and its entry in the event, validated; a reject names the athlete and every bad field. */
export function checkAthlete(listed: ListedAthlete, eventName: string): { ok: true; value: CheckedAthlete } | { ok: false; reason: string } {
  // Named by its id where even a broken document has one, else by its place in the list.
  const id = listed.broken ? null : readAthleteId(listed.raw);
  const where = `athlete ${id ?? `#${listed.index}`} of event ${eventName}`;
  if (listed.broken) return { ok: false, reason: `invalid ${where}: not JSON (${listed.broken})` };
  const athlete = check(athleteSchema, listed.raw);
  if (!athlete.ok) return { ok: false, reason: `invalid ${where}: ${athlete.reason}` };
  const found = findEntry(athlete.value, eventName);
  const named = `athlete ${athlete.value.id} of event ${eventName}`;
  if (!found) return { ok: false, reason: `invalid ${named}: events: no entry for this event` };
  const entry = check(athleteEntrySchema, found.raw, `events.${found.index}`);
  if (!entry.ok) return { ok: false, reason: `invalid ${named}: ${entry.reason}` };
  return { ok: true, value: { athlete: athlete.value, entry: entry.value } };
}

function mapAthlete(listed: ListedAthlete, raceId: string, eventName: string): Mapped<CanonicalParticipant> {
  const checked = checkAthlete(listed, eventName);
  if (!checked.ok) return rejectRecord(checked.reason, listed.raw);
  const { athlete, entry } = checked.value;
  return {
    record: {
      providerParticipantId: participantIdOf(raceId, athlete.id),
      providerRaceId: providerRaceIdOf(raceId, eventName),
      bib: entry.dorsal,
      chip: entry.chip,
      firstName: athlete.name,
      lastName: athlete.surname,
      email: athlete.email,
      gender: athlete.gender,
      birthdate: athlete.birthdate,
      age: null,
      city: null,
      region: null,
      country: null,
      teamName: entry.team ?? entry.club,
      amountPaid: null,
      registeredAt: null,
      providerModifiedAt: null,
      // As served: mojibake and all, so what Copernico sent can always be seen.
      raw: listed.raw,
    },
  };
}

export async function* readParticipants(
  client: CopernicoClient,
  settings: CopernicoSettings,
  query: ParticipantsQuery,
): AsyncGenerator<Page<CanonicalParticipant>> {
  if (query.providerRaceIds.length !== 1) {
    throw new SyncError('bug', `Copernico reads one event per call; asked for ${query.providerRaceIds.length} of race ${query.providerEventId}`);
  }
  const { raceId, eventName } = splitProviderRaceId(query.providerRaceIds[0]!);
  for await (const page of readAthletePages(client, settings, { raceId, eventName, resumeAfter: query.resumeAfter })) {
    yield collectPage(page.athletes.map((listed) => mapAthlete(listed, raceId, eventName)), page.resumeAfter);
  }
}
