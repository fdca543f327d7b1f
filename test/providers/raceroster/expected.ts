/**
 * What the adapter must produce for the sandbox's neutral truth: participants and results derived
 * from the world's registrations and results. The skin's own renderers are used only for what is the
 * provider's choice, not ours (its participant and result ids, how an event prints its bibs).
 */
import type { CanonicalParticipant, CanonicalResult } from '../../../src/model/canonical.js';
import { bibText, participantIdOf } from '../../../src/sandbox/skins/raceroster/render-participants.js';
import type { Registration, ResultNow, World, WorldRace } from '../../../src/sandbox/world/index.js';
import { formatHms } from '../../../src/sandbox/world/time.js';

export type WithoutRaw<T> = Omit<T, 'raw'>;

export const withoutRaw = <T extends { raw: unknown }>({ raw: _raw, ...rest }: T): WithoutRaw<T> => rest;

export { participantIdOf };
export const resultIdOf = (registrationId: number): number => 700_000_000 + (registrationId - 10_000_000);

export function bibOf(race: WorldRace, r: Registration): string | null {
  const text = bibText(race, r);
  return text === null || text === '' ? null : text;
}

export function expectedParticipant(race: WorldRace, r: Registration): WithoutRaw<CanonicalParticipant> {
  const { person } = r;
  return {
    providerParticipantId: String(participantIdOf(r.id)),
    providerRaceId: String(race.ids.raceroster),
    bib: bibOf(race, r),
    chip: null,
    firstName: person.firstName,
    lastName: person.lastName,
    email: person.email,
    gender: person.gender,
    birthdate: person.birthdate,
    age: null,
    city: person.address.city,
    region: person.address.region,
    country: person.address.countryCode,
    teamName: r.team?.name ?? null,
    amountPaid: null,
    registeredAt: new Date(r.registeredAt * 1000),
    providerModifiedAt: new Date(r.modifiedAt * 1000),
    cancelled: r.status === 'cancelled',
  };
}

/** Every listed (active or cancelled) registration of the races, in the skin's order (registration id). */
export function listedParticipants(world: World, races: readonly WorldRace[]): WithoutRaw<CanonicalParticipant>[] {
  return races
    .flatMap((race) => world.registrationsWith(race, 'active', 'cancelled').map((r) => ({ race, r })))
    .sort((a, b) => a.r.id - b.r.id)
    .map(({ race, r }) => expectedParticipant(race, r));
}

const durationOf = (seconds: number | null, race: WorldRace) => (seconds === null ? null : formatHms(seconds, race.hundredths));

export function expectedResult(race: WorldRace, view: ResultNow): WithoutRaw<CanonicalResult> {
  const r = view.registration;
  const raceId = String(race.ids.raceroster);
  return {
    providerResultId: String(resultIdOf(r.id)),
    providerRaceId: raceId,
    resultSet: raceId,
    resultSetName: null,
    bib: bibOf(race, r),
    firstName: r.person.firstName,
    lastName: r.person.lastName,
    gender: r.person.gender,
    age: r.age,
    clockTime: durationOf(view.clock, race),
    chipTime: durationOf(view.chip, race),
    overallPlace: view.overallPlace,
    genderPlace: view.genderPlace,
    divisionPlace: view.divisionPlace,
    division: view.division,
    status: view.status as CanonicalResult['status'],
    splits: view.splits.map((s) => ({
      name: s.split.name, order: s.split.order, distanceM: s.split.metres, clockTime: durationOf(s.clock, race), chipTime: durationOf(s.chip, race),
    })),
  };
}

/** The results a reader sees now: ranked finishers, then DNF/DNS/DQ; withdrawn ones are not results. */
export function visibleResults(world: World, race: WorldRace): WithoutRaw<CanonicalResult>[] {
  const { finished, unfinished } = world.results(race);
  return [...finished, ...unfinished].map((view) => expectedResult(race, view));
}
