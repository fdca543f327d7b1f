/**
 * What Copernico shows of the sandbox world, in canonical terms: the oracle the stream and
 * end-to-end tests compare against. Derived from the neutral world (registrations, results now),
 * following how the skin renders it — gender X is not rendered (no `mixed`), a DQ keeps its splits
 * but no finish, a runner without chip timing has net time = gun time, no rankings.
 */
import { parseDurationMs } from '../../../src/providers/copernico/values.js';
import type { Registration, ResultNow, World, WorldRace } from '../../../src/sandbox/world/index.js';
import { hostRegistrationKey } from '../../../src/sandbox/world/provider-ids.js';
import { raceIdOf } from './helpers.js';

export const interval = (seconds: number | null): string | null => (seconds === null ? null : parseDurationMs(Math.round(seconds * 1000)));

export const athleteIdOf = (race: WorldRace, registrationId: number): string => hostRegistrationKey(race.event, registrationId);
export const participantIdOf = (race: WorldRace, registrationId: number): string => `${race.event.ids.copernico}/${athleteIdOf(race, registrationId)}`;

export interface ExpectedParticipant {
  providerParticipantId: string;
  providerRaceId: string;
  bib: string | null;
  chip: string;
  firstName: string;
  lastName: string;
  gender: 'M' | 'F' | null;
  birthdate: string | null;
  teamName: string | null;
}

export function expectedParticipant(race: WorldRace, r: Registration): ExpectedParticipant {
  return {
    providerParticipantId: participantIdOf(race, r.id),
    providerRaceId: raceIdOf(race),
    bib: r.bib === null ? null : String(r.bib),
    chip: r.chip ?? (r.bib === null ? `chip_${r.id}` : `chip_${r.bib}`),
    firstName: r.person.firstName,
    lastName: r.person.lastName,
    gender: r.person.gender === 'M' || r.person.gender === 'F' ? r.person.gender : null,
    birthdate: r.person.birthdate,
    teamName: r.team?.name ?? null,
  };
}

export function expectedParticipants(world: World, race: WorldRace): ExpectedParticipant[] {
  return world.registrationsWith(race, 'active').map((r) => expectedParticipant(race, r));
}

export interface ExpectedResult {
  providerResultId: string;
  bib: string | null;
  status: 'finished' | 'dnf' | 'dns' | 'dq';
  clockTime: string | null;
  chipTime: string | null;
  splits: { name: string; order: number; distanceM: number; clockTime: string | null; chipTime: string | null }[];
}

function expectedResult(race: WorldRace, view: ResultNow): ExpectedResult {
  const finished = view.status === 'finished';
  return {
    providerResultId: participantIdOf(race, view.registration.id),
    bib: view.registration.bib === null ? null : String(view.registration.bib),
    status: view.status as ExpectedResult['status'],
    clockTime: finished ? interval(view.clock) : null,
    chipTime: finished ? interval(view.chip ?? view.clock) : null,
    splits: view.splits.map((s) => ({
      name: s.split.name, order: s.split.order, distanceM: s.split.metres, clockTime: interval(s.clock), chipTime: interval(s.chip ?? s.clock),
    })),
  };
}

/** Results Copernico lists now: finishers, DNF/DNS/DQ; runners on the course and withdrawn results are none. */
export function expectedResults(world: World, race: WorldRace): ExpectedResult[] {
  const { finished, unfinished } = world.results(race);
  return [...finished, ...unfinished].map((view) => expectedResult(race, view)).sort((a, b) => a.providerResultId.localeCompare(b.providerResultId));
}
