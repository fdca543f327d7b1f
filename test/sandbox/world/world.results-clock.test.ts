import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createWorld } from '../../../src/sandbox/world/index.js';

const ANCHOR = new Date('2025-06-01T12:00:00Z');

describe('the neutral world: results by the clock', () => {
  const { world, mutator } = createWorld({ seed: 9, anchor: ANCHOR, clock: 'virtual', registrationsPerRace: 150, pastShare: 0 });
  const race = world.races.find((r) => r.distance.splits.length >= 2 && r.distance.km >= 10) ?? world.races[0]!;

  it('shows nothing before the start, progressively more while the race is run, everything once it closed', () => {
    assert.equal(world.hasResults(race), false);
    world.clock.set(new Date((race.start - 60) * 1000));
    assert.equal(world.results(race).finished.length, 0);
    const truth = [...world.resultTruth(race).values()];
    const finishes = truth.filter((r) => r.status === 'finished').map((r) => r.visibleAt).sort((a, b) => a - b);
    const middle = finishes[Math.floor(finishes.length / 2)]!;
    world.clock.set(new Date(middle * 1000));
    const during = world.results(race);
    assert.ok(during.finished.length > 0 && during.finished.length < finishes.length);
    assert.ok(during.running.length > 0, 'runners on course show their splits so far');
    assert.ok(during.running.every((view) => view.splits.length > 0 && view.clock === null));
    assert.equal(during.unfinished.length, 0, 'DNF and DNS are known only when the race closes');
    world.clock.set(new Date((Math.max(...truth.map((r) => r.visibleAt)) + 1) * 1000));
    const after = world.results(race);
    assert.equal(after.finished.length, finishes.length);
    assert.equal(after.running.length, 0);
    assert.ok(after.unfinished.length > 0);
  });

  it('ranks by gun time: places 1..n overall and within gender, splits in order with fractions', () => {
    const { finished } = world.results(race);
    assert.deepEqual(finished.map((v) => v.overallPlace), finished.map((_, i) => i + 1));
    for (const gender of ['M', 'F', 'X'] as const) {
      const ofGender = finished.filter((v) => v.registration.person.gender === gender);
      assert.deepEqual(ofGender.map((v) => v.genderPlace), ofGender.map((_, i) => i + 1));
    }
    const times = finished.map((v) => v.clock!);
    assert.deepEqual(times, [...times].sort((a, b) => a - b));
    assert.ok(times.some((t) => t % 1 !== 0), 'fractions of a second');
    for (const view of finished) {
      const clocks = view.splits.map((s) => s.clock);
      assert.deepEqual(clocks, [...clocks].sort((a, b) => a - b));
      assert.ok(clocks.every((c) => c < view.clock!));
    }
  });

  it('applies result mutations: post, correct, DNF to finish, withdraw — re-ranked on read', () => {
    const summary = mutator.apply({ race: race.id, assignBibs: 3, results: 2, correctTimes: 2, dnfToFinish: 1, withdrawResults: 1 });
    assert.equal(summary.results.length, 2);
    assert.equal(summary.correctTimes.length, 2);
    assert.equal(summary.withdrawResults.length, 1);
    const { finished, unfinished } = world.results(race);
    const shown = new Set([...finished, ...unfinished].map((v) => v.registration.id));
    for (const id of summary.results) assert.ok(shown.has(id), 'posted results show at once');
    assert.ok(!shown.has(summary.withdrawResults[0]!), 'withdrawn result is no longer ranked');
    assert.ok(world.results(race).withdrawn.some((v) => v.registration.id === summary.withdrawResults[0]), 'but kept as withdrawn');
    for (const id of summary.dnfToFinish) assert.equal(finished.find((v) => v.registration.id === id)?.status, 'finished');
    assert.deepEqual(finished.map((v) => v.overallPlace), finished.map((_, i) => i + 1));
  });

  it('opens a race\'s results when a post comes before its start', () => {
    const later = world.races.find((r) => r.start > world.now() + 86_400)!;
    const summary = mutator.apply({ race: later.id, assignBibs: 4, results: 3 });
    assert.deepEqual(summary.resultsOpened, [later.id]);
    assert.equal(world.hasResults(later), true);
    assert.deepEqual(world.results(later).finished.map((v) => v.overallPlace), [1, 2, 3]);
  });
});
