/**
 * How a mutation picks what to change: a random target race that has a candidate, then a random
 * candidate in it. Untargeted changes try a bounded number of races, so a world of thousands of
 * races never generates them all for one change.
 */
import type { WorldRace } from './catalog.js';
import type { ChangeSummary } from './change.js';
import type { Random } from './random.js';

/** How many races a random (untargeted) unit tries before giving up on finding a candidate. */
export const RANDOM_TRIES = 25;

export interface UnitContext {
  random: Random;
  targets: readonly WorldRace[];
  at: number;
  touched: Set<WorldRace>;
  summary: ChangeSummary;
}

/** A random target race with a candidate, and a random candidate in it. */
export function findCandidate<T>(context: UnitContext, candidatesOf: (race: WorldRace) => T[]): { race: WorldRace; item: T } | undefined {
  const { random, targets } = context;
  const order =
    targets.length <= RANDOM_TRIES ? random.shuffle([...targets]) : Array.from({ length: RANDOM_TRIES }, () => random.pick(targets));
  for (const race of order) {
    const candidates = candidatesOf(race);
    if (candidates.length > 0) return { race, item: random.pick(candidates) };
  }
  return undefined;
}
