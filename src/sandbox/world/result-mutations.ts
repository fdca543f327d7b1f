/**
 * Result changes, as a timer makes them: posting more finishers (they finish after the last one and
 * show at once, whatever the clock), correcting a visible time by a few seconds, turning a DNF into a
 * finish (a missed mat) and withdrawing a result (kept, marked withdrawn). Places are not stored:
 * they are re-ranked on read.
 */
import type { WorldRace } from './catalog.js';
import type { WorldChange } from './change.js';
import { findCandidate, RANDOM_TRIES, type UnitContext } from './candidates.js';
import { finishSeconds, startDelayFor } from './results.js';
import type { ResultNow } from './results-now.js';
import type { Result } from './types.js';
import type { World } from './world.js';

type VisibleKind = 'correctTimes' | 'dnfToFinish' | 'withdrawResults';

export class ResultMutations {
  constructor(private readonly world: World) {}

  apply(context: UnitContext, change: WorldChange): void {
    if (change.results) this.post(context, change.results);
    this.forVisible(context, change.correctTimes, 'correctTimes', (view) => view.status === 'finished', (race, view) => {
      const { random } = context;
      const delta = (random.chance(0.5) ? 1 : -1) * (random.int(1, 30) + random.next());
      const course = Math.max(race.distance.km * 150, (view.result.course as number) + delta);
      return { ...view.result, course };
    });
    this.forVisible(context, change.dnfToFinish, 'dnfToFinish', (view) => view.status === 'dnf', (race, view) => ({
      ...view.result,
      status: 'finished',
      splitsReached: race.splits.length,
    }));
    this.forVisible(context, change.withdrawResults, 'withdrawResults', (view) => view.status !== 'running', (_race, view) => ({
      ...view.result,
      withdrawnAt: context.at,
    }));
  }

  /** Posts up to `n` results, past races first (that is where timers post), a few races at a time. */
  private post(context: UnitContext, n: number): void {
    const past = context.targets.filter((race) => race.past);
    const pool = past.length > 0 ? past : context.targets;
    let remaining = n;
    for (let tries = 0; remaining > 0 && tries < RANDOM_TRIES; tries++) {
      const race = context.random.pick(pool);
      const posted = this.postInto(context, race, remaining);
      remaining -= posted;
      if (pool.length === 1 && posted === 0) break;
    }
  }

  private postInto(context: UnitContext, race: WorldRace, n: number): number {
    const { random, at } = context;
    const truth = this.world.resultTruth(race);
    const candidates = random.shuffle(
      this.world.registrationsWith(race, 'active').filter((r) => r.bib !== null && !truth.has(r.id)),
    ).slice(0, n);
    if (candidates.length === 0) return 0;
    if (!this.world.hasResults(race, at)) context.summary.resultsOpened.push(race.id);
    let seconds = 0;
    for (const result of truth.values()) if (result.status === 'finished') seconds = Math.max(seconds, result.course as number);
    for (const registration of candidates) {
      seconds = seconds > 0 ? seconds + random.int(1, 20) + random.next() : finishSeconds(random, race, registration);
      const result: Result = {
        registrationId: registration.id, seq: registration.ordinal, status: 'finished', course: seconds,
        startDelay: startDelayFor(random, race), splitsReached: race.splits.length, visibleAt: at, modifiedAt: at, withdrawnAt: null,
      };
      this.world.storeResult(race, registration.id, result, true);
      context.summary.results.push(registration.id);
    }
    context.touched.add(race);
    return candidates.length;
  }

  private forVisible(
    context: UnitContext,
    n: number | undefined,
    kind: VisibleKind,
    accepts: (view: ResultNow) => boolean,
    change: (race: WorldRace, view: ResultNow) => Result,
  ): void {
    const used = new Set<number>();
    for (let i = 0; i < (n ?? 0); i++) {
      const found = findCandidate(context, (race) => {
        const { finished, unfinished } = this.world.results(race, context.at);
        return [...finished, ...unfinished].filter((view) => accepts(view) && !used.has(view.registration.id));
      });
      if (!found) return;
      used.add(found.item.registration.id);
      const next = change(found.race, found.item);
      this.world.storeResult(found.race, found.item.registration.id, { ...next, visibleAt: Math.min(next.visibleAt, context.at), modifiedAt: context.at }, false);
      context.touched.add(found.race);
      context.summary[kind].push(found.item.registration.id);
    }
  }
}
