/**
 * Realistic raw records of every provider, rendered by the sandbox skins from one small world: the
 * bases the fuzz tests start their valid records from (the fields a test does not generate keep the
 * skin's values). One world, built once per test file; every race has run, so results exist.
 */
import { createWorld, type Registration, type ResultNow, type World, type WorldRace } from '../../../src/sandbox/world/index.js';
import { renderEntry } from '../../../src/sandbox/skins/chronotrack/render.js';
import { raceResultRows } from '../../../src/sandbox/skins/chronotrack/results.js';
import { renderAthlete } from '../../../src/sandbox/skins/copernico/render.js';
import { renderRegistration, renderSummary } from '../../../src/sandbox/skins/haku/render.js';
import { renderParticipant as renderRrParticipant } from '../../../src/sandbox/skins/raceroster/render-participants.js';
import { renderResult as renderRrResult } from '../../../src/sandbox/skins/raceroster/render-results.js';
import { RunSignupIds } from '../../../src/sandbox/skins/runsignup/ids.js';
import { participantRenderer } from '../../../src/sandbox/skins/runsignup/render-participants.js';
import { renderRow, resultSetsOf } from '../../../src/sandbox/skins/runsignup/render-results.js';

let built: World | undefined;

function world(): World {
  built ??= createWorld({
    seed: 88, anchor: new Date('2025-06-01T12:00:00Z'), clock: 'virtual', partners: 1,
    eventsPerPartner: { runsignup: 2, raceroster: 2, haku: 2 }, scoredShare: 1, racesPerEvent: 2, registrationsPerRace: 30, pastShare: 1,
  }).world;
  return built;
}

type Provider = 'runsignup' | 'raceroster' | 'haku' | 'chronotrack' | 'copernico';

const racesAt = (provider: Provider): WorldRace[] => world().eventsAt(provider).flatMap((event) => event.races);

function each<T>(provider: Provider, render: (race: WorldRace, r: Registration) => T): T[] {
  return racesAt(provider).flatMap((race) => world().registrations(race).map((r) => render(race, r)));
}

function resultViews(race: WorldRace): ResultNow[] {
  const results = world().results(race);
  return [...results.finished, ...results.unfinished];
}

export const runsignupParticipants = (): Record<string, unknown>[] => {
  const render = participantRenderer();
  return each('runsignup', (race, r) => structuredClone(render(race, r)) as unknown as Record<string, unknown>);
};

/** Result rows of the first set of each race, with that set's headers. */
export const runsignupResults = (): { headers: Record<string, string>; row: Record<string, unknown> }[] => {
  const ids = new RunSignupIds(world(), 1);
  return racesAt('runsignup').flatMap((race) => {
    const [set] = resultSetsOf(world(), ids, 1, race);
    if (!set) return [];
    return resultViews(race).map((view) => ({ headers: set.headers, row: renderRow(set, race, ids, view) as unknown as Record<string, unknown> }));
  });
};

export const racerosterParticipants = (): Record<string, unknown>[] =>
  each('raceroster', (race, r) => renderRrParticipant(race, r) as unknown as Record<string, unknown>);

export const racerosterResults = (): Record<string, unknown>[] =>
  racesAt('raceroster').flatMap((race) => resultViews(race).map((view) => renderRrResult(race, view) as unknown as Record<string, unknown>));

export const hakuRegistrations = (): { summary: Record<string, unknown>; detail: Record<string, unknown> }[] =>
  each('haku', (race, r) => ({
    summary: renderSummary(race, r, true) as unknown as Record<string, unknown>,
    detail: renderRegistration(race, r) as unknown as Record<string, unknown>,
  }));

export const chronotrackEntries = (): Record<string, unknown>[] => each('chronotrack', (race, r) => renderEntry(race, r, true));

/** One race's result rows at the finish, in the OPEN, SEX and AGE brackets. */
export const chronotrackResultRows = (): Record<string, unknown>[] =>
  racesAt('chronotrack').flatMap((race) => raceResultRows(world(), race, new URLSearchParams({ interval: 'ALL' })));

export const copernicoAthletes = (): Record<string, unknown>[] =>
  racesAt('copernico').flatMap((race) => {
    const views = new Map(resultViews(race).map((view) => [view.registration.id, view]));
    return world().registrations(race).map((r) => renderAthlete(race, r, views.get(r.id)) as unknown as Record<string, unknown>);
  });
