/**
 * Registrations as Race Roster participants (providers.md §3.3, suggested shape): gender as ISO
 * 5218-based integers (0 not disclosed, 1 male, 2 female, 9 non-binary; 8 co-ed is for teams),
 * dates ISO 8601 in UTC, bibs as text — zero-padded on some events, "" or null when unassigned.
 * Participant ids are Race Roster's own; registration ids are the world's.
 */
import type { Gender, Registration, WorldRace } from '../../world/index.js';
import { countryNameOf, regionNameOf } from '../../world/places.js';
import { hashSeed } from '../../world/random.js';
import { formatIsoWithOffset } from '../../world/time.js';
import type { RrGender, RrParticipant } from './shapes.js';

export const genderCode = (gender: Gender): RrGender => (gender === 'M' ? 1 : gender === 'F' ? 2 : gender === 'X' ? 9 : 0);
export const participantIdOf = (registrationId: number): number => 500_000_000 + (registrationId - 10_000_000);
export const isoUtc = (seconds: number): string => formatIsoWithOffset(seconds, 'UTC');

/** Some events print bibs with leading zeros; unassigned bibs are "" or null. */
export function bibText(race: WorldRace, registration: Registration): string | null {
  if (registration.bib === null) return hashSeed('rr-bib', registration.id) % 2 === 0 ? null : '';
  const padded = hashSeed('rr-bib-pad', race.event.id) % 3 === 0;
  return padded ? String(registration.bib).padStart(5, '0') : String(registration.bib);
}

export function renderParticipant(race: WorldRace, r: Registration): RrParticipant {
  const { person } = r;
  return {
    participantId: participantIdOf(r.id),
    registrationId: r.id,
    eventId: race.event.ids.raceroster as number,
    subEventId: race.ids.raceroster as number,
    bibNumber: bibText(race, r),
    firstName: person.firstName,
    lastName: person.lastName,
    gender: genderCode(person.gender),
    dateOfBirth: person.birthdate,
    email: person.email,
    phone: person.phone,
    city: person.address.city,
    region: { code: person.address.region, name: regionNameOf(person.address.countryCode, person.address.region) },
    country: { code: person.address.countryCode, name: countryNameOf(person.address.countryCode) },
    teamName: r.team?.name ?? null,
    registrationDate: isoUtc(r.registeredAt),
    lastModifiedDate: isoUtc(r.modifiedAt),
    status: r.status === 'cancelled' ? 'cancelled' : 'active',
  };
}
