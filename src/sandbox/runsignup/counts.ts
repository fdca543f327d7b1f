/**
 * How many participants each event gets. With `totalParticipants` the total is exact and the spread
 * is log-normal, like real calendars: a few marathons with thousands, many fun runs with dozens.
 */
import { createRandom, hashSeed } from './random.js';

/** Log-normal sigma: with ~3,000 events the biggest gets roughly 2-3% of everyone. */
const SPREAD = 1.8;

export function distributeParticipants(seed: number, eventCount: number, total: number): number[] {
  const counts = new Array<number>(eventCount).fill(0);
  if (eventCount === 0 || total === 0) return counts;
  const random = createRandom(hashSeed(seed, 'counts', eventCount, total));
  const weights = Array.from({ length: eventCount }, () => Math.exp(SPREAD * random.normal()));

  if (total < eventCount) {
    // Fewer people than events: a deterministic subset gets one each.
    const order = random.shuffle(Array.from({ length: eventCount }, (_, i) => i));
    for (let i = 0; i < total; i++) counts[order[i] as number] = 1;
    return counts;
  }

  // Everyone gets one (no empty events), the rest goes by weight with largest-remainder rounding.
  const rest = total - eventCount;
  const weightSum = weights.reduce((sum, w) => sum + w, 0);
  const exact = weights.map((w) => (w / weightSum) * rest);
  let assigned = 0;
  for (let i = 0; i < eventCount; i++) {
    const whole = Math.floor(exact[i] as number);
    counts[i] = 1 + whole;
    assigned += whole;
  }
  const byRemainder = exact
    .map((value, i) => ({ i, remainder: value - Math.floor(value) }))
    .sort((a, b) => b.remainder - a.remainder || a.i - b.i);
  for (let k = 0; k < rest - assigned; k++) {
    const target = byRemainder[k % eventCount]?.i as number;
    counts[target] = (counts[target] as number) + 1;
  }
  return counts;
}

/** Base removed registrations per event, on top of the active ones (they explain some id gaps). */
export function removedCountFor(activeCount: number): number {
  return Math.floor(activeCount * 0.03);
}
