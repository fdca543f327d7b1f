/**
 * One race in neutral form, for tests that compare a database against the world: every
 * registration as it is now, and the results the clock lets anyone see, ranked, with every
 * provider's ids for the race and its event.
 */
import type { ResultNow, World, WorldRace } from '../world/index.js';

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

function resultOf(view: ResultNow) {
  return {
    registrationId: view.registration.id,
    bib: view.registration.bib,
    status: view.status,
    clockSeconds: view.clock,
    chipSeconds: view.chip,
    overallPlace: view.overallPlace,
    genderPlace: view.genderPlace,
    divisionPlace: view.divisionPlace,
    division: view.division,
    splits: view.splits.map((s) => ({ name: s.split.name, order: s.split.order, metres: s.split.metres, clockSeconds: s.clock, chipSeconds: s.chip })),
  };
}

export function describeRace(world: World, race: WorldRace) {
  const results = world.results(race);
  return {
    race: {
      id: race.id,
      event: race.event.id,
      name: race.name,
      start: iso(race.start),
      timeZone: race.event.timeZone,
      metres: race.distance.metres,
      host: race.event.host,
      scorer: race.event.scorer,
      ids: race.ids,
      eventIds: race.event.ids,
    },
    registrations: world.registrations(race),
    results: {
      finished: results.finished.map(resultOf),
      unfinished: results.unfinished.map(resultOf),
      running: results.running.map(resultOf),
      withdrawn: results.withdrawn.map(resultOf),
    },
  };
}
