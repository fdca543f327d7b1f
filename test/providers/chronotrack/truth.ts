/** What the adapter must make of the sandbox world: its registrations and visible results in canonical form (raw left out). */
import type { CanonicalParticipant, CanonicalResult } from '../../../src/model/canonical.js';
import type { Sandbox } from '../../../src/sandbox/index.js';
import { entryIdOf } from '../../../src/sandbox/skins/chronotrack/render.js';
import type { Registration, ResultNow, WorldRace } from '../../../src/sandbox/world/index.js';
import { formatHms } from '../../../src/sandbox/world/time.js';
import { idOf } from './helpers.js';

/** A sandbox registration as the adapter must map it (raw left out). */
export function expectedParticipant(race: WorldRace, r: Registration): Omit<CanonicalParticipant, 'raw'> {
  return {
    providerParticipantId: String(entryIdOf(r.id)),
    providerRaceId: idOf(race.ids.chronotrack),
    bib: r.bib === null ? null : String(r.bib),
    chip: null,
    firstName: r.person.firstName,
    lastName: r.person.lastName,
    email: r.person.email,
    gender: r.person.gender,
    birthdate: r.person.birthdate,
    age: r.age,
    city: r.person.address.city,
    region: r.person.address.region,
    country: r.person.address.countryCode,
    teamName: r.team?.name ?? null,
    amountPaid: null,
    registeredAt: null,
    providerModifiedAt: null,
  };
}

/** CT's age bracket name ("M30-39"): the skin has age brackets for M and F only. */
function ctDivision(view: ResultNow): string | null {
  const gender = view.registration.person.gender;
  if ((gender !== 'M' && gender !== 'F') || view.division === null) return null;
  return view.division.replace(' ', '');
}

/** A visible finish as the adapter must map it: chip time is CT's net time (the gun time without a chip). */
export function expectedResult(race: WorldRace, view: ResultNow): Omit<CanonicalResult, 'raw'> {
  const r = view.registration;
  const hms = (seconds: number) => formatHms(seconds, race.hundredths);
  const division = ctDivision(view);
  return {
    providerResultId: String(entryIdOf(r.id)),
    providerRaceId: idOf(race.ids.chronotrack),
    resultSet: idOf(race.ids.chronotrack),
    resultSetName: 'Full Course',
    bib: String(r.bib),
    firstName: r.person.firstName,
    lastName: r.person.lastName,
    gender: r.person.gender,
    age: r.age,
    clockTime: hms(view.clock!),
    chipTime: hms(view.chip ?? view.clock!),
    overallPlace: view.overallPlace,
    genderPlace: view.genderPlace,
    divisionPlace: division === null ? null : view.divisionPlace,
    division,
    status: 'finished',
    splits: view.splits.map((s) => ({ name: s.split.name, order: s.split.order, distanceM: s.split.metres, clockTime: hms(s.clock), chipTime: hms(s.chip ?? s.clock) })),
  };
}

export function expectedResults(sandbox: Sandbox, race: WorldRace) {
  return sandbox.world.results(race).finished.map((view) => expectedResult(race, view))
    .sort((a, b) => Number(a.providerResultId) - Number(b.providerResultId));
}
