/**
 * How many registrations each race gets. With `totalRegistrations` the total is exact and the spread
 * is log-normal, like real calendars: a few marathons with thousands, many fun runs with dozens.
 */
import { createRandom, hashSeed } from './random.js';

/** Log-normal sigma: with ~3,000 races the biggest gets roughly 2-3% of everyone. */
const SPREAD = 1.8;

export function distributeRegistrations(seed: number, raceCount: number, total: number): number[] {
  const counts = new Array<number>(raceCount).fill(0);
  if (raceCount === 0 || total === 0) return counts;
  const random = createRandom(hashSeed(seed, 'counts', raceCount, total));
  const weights = Array.from({ length: raceCount }, () => Math.exp(SPREAD * random.normal()));

  if (total < raceCount) {
    // Fewer people than races: a deterministic subset gets one each.
    const order = random.shuffle(Array.from({ length: raceCount }, (_, i) => i));
    for (let i = 0; i < total; i++) counts[order[i] as number] = 1;
    return counts;
  }

  // Everyone gets one (no empty races), the rest goes by weight with largest-remainder rounding.
  const rest = total - raceCount;
  const weightSum = weights.reduce((sum, w) => sum + w, 0);
  const exact = weights.map((w) => (w / weightSum) * rest);
  let assigned = 0;
  for (let i = 0; i < raceCount; i++) {
    const whole = Math.floor(exact[i] as number);
    counts[i] = 1 + whole;
    assigned += whole;
  }
  const byRemainder = exact
    .map((value, i) => ({ i, remainder: value - Math.floor(value) }))
    .sort((a, b) => b.remainder - a.remainder || a.i - b.i);
  for (let k = 0; k < rest - assigned; k++) {
    const target = byRemainder[k % raceCount]?.i as number;
    counts[target] = (counts[target] as number) + 1;
  }
  return counts;
}

/** Base removed or cancelled registrations per race, on top of the active ones (they explain some id gaps). */
export function endedCountFor(activeCount: number): number {
  return Math.floor(activeCount * 0.03);
}
