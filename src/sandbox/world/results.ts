/**
 * The truth of a race's results: one per bibbed registration (only bibs cross timing mats), with a
 * status, a gun time for the whole course, a start-mat delay for chip time, and how many splits a
 * DNF reached. Generated from (seed, race id) and the race's generated registrations; what the
 * clock lets anyone see of it is decided in results-now.ts.
 */
import type { WorldRace } from './event-builder.js';
import { createRandom, hashSeed, type Random } from './random.js';
import type { Registration, Result, ResultStatus, Split } from './types.js';

/** A race closes (DNF and DNS become known) this long after its slowest finisher. */
const CLOSE_AFTER_SECONDS = 900;

export function finishSeconds(random: Random, race: WorldRace, registration: Registration): number {
  const age = registration.age ?? 35;
  const pace = 330 * Math.exp(0.18 * random.normal()) + Math.max(0, age - 45) * 2 + (registration.person.gender === 'F' ? 25 : 0);
  return Math.max(race.distance.km * 150, race.distance.km * pace + random.next());
}

function pickStatus(random: Random): ResultStatus {
  const roll = random.next();
  return roll < 0.02 ? 'dnf' : roll < 0.04 ? 'dns' : roll < 0.045 ? 'dq' : 'finished';
}

export function startDelayFor(random: Random, race: WorldRace): number | null {
  return race.chipTimed && !random.chance(0.02) ? random.int(0, 90) + random.next() : null;
}

/** The generated results of a race, keyed by registration id. */
export function generateResults(seed: number, race: WorldRace, registrations: readonly Registration[]): Map<number, Result> {
  const random = createRandom(hashSeed(seed, 'results', race.id));
  const drafts: Result[] = [];
  for (const registration of registrations) {
    if (registration.status !== 'active' || registration.bib === null) continue;
    const status = pickStatus(random);
    const course = status === 'dns' ? null : finishSeconds(random, race, registration);
    drafts.push({
      registrationId: registration.id,
      seq: registration.ordinal,
      status,
      course,
      startDelay: course === null ? null : startDelayFor(random, race),
      splitsReached: status === 'dnf' ? random.int(0, race.splits.length) : status === 'dns' ? 0 : race.splits.length,
      visibleAt: 0,
      modifiedAt: 0,
      withdrawnAt: null,
    });
  }
  const slowest = drafts.reduce((max, r) => Math.max(max, r.course ?? 0), 0);
  const closesAt = race.start + Math.ceil(slowest) + CLOSE_AFTER_SECONDS;
  const results = new Map<number, Result>();
  for (const draft of drafts) {
    const known = draft.status === 'finished' || draft.status === 'dq';
    const visibleAt = known ? race.start + Math.ceil(draft.course as number) : closesAt;
    results.set(draft.registrationId, { ...draft, visibleAt, modifiedAt: visibleAt });
  }
  return results;
}

/** Gun seconds at a split: the runner's pace with a ±1.5 % wobble of its own (never reorders splits). */
export function splitSeconds(result: Result, race: WorldRace, split: Split): number | null {
  if (result.course === null || split.order > result.splitsReached) return null;
  const wobble = ((hashSeed('split', result.registrationId, split.order) % 3001) - 1500) / 100_000;
  return result.course * (split.metres / race.distance.metres) * (1 + wobble);
}

/** Gun seconds at the finish; null unless finished (or disqualified after finishing). */
export function clockSeconds(result: Result): number | null {
  return result.status === 'finished' || result.status === 'dq' ? result.course : null;
}

export function chipSeconds(result: Result, gun: number | null): number | null {
  return gun === null || result.startDelay === null ? null : Math.max(1, gun - result.startDelay);
}
