import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Sandbox } from '../../../src/sandbox/index.js';
import type { WorldRace } from '../../../src/sandbox/world/index.js';
import { resultIdOf, visibleResults, withoutRaw } from './expected.js';
import { adapterFor, admin, collectPages, eventsOf, recordingFetch, startRaceRoster } from './helpers.js';

const queryOf = (race: WorldRace) => ({ providerEventId: String(race.event.ids.raceroster), providerRaceId: String(race.ids.raceroster) });

describe('Race Roster results against the skin', () => {
  let sandbox: Sandbox;
  let race: WorldRace;

  before(async () => {
    sandbox = await startRaceRoster({ eventsPerPartner: { raceroster: 4 }, registrationsPerRace: 180, pastShare: 0.5 });
    // The biggest past race with splits, so paging, statuses and splits all show.
    race = eventsOf(sandbox).filter((e) => e.past).flatMap((e) => e.races).sort((a, b) => b.splits.length - a.splits.length || b.count - a.count)[0]!;
  });
  after(() => sandbox.close());

  it('maps every visible result of the sub-event: places, statuses, times, splits', async () => {
    const recorder = recordingFetch();
    const pages = await collectPages(adapterFor(sandbox, { fetch: recorder.fetch }).results!(queryOf(race)));
    const expected = visibleResults(sandbox.world, race);
    assert.deepEqual(pages.flatMap((p) => p.records.map(withoutRaw)), expected);
    assert.ok(expected.length > 100, `${expected.length} results, more than a page`);
    assert.ok(expected.some((r) => r.status !== 'finished'), 'DNF/DNS/DQ rows are there');
    assert.ok(expected.some((r) => (r.splits?.length ?? 0) > 0), 'splits are there');
    assert.ok(pages.every((p) => p.total === expected.length && p.rejects.length === 0));
    const urls = recorder.to('/results');
    assert.ok(urls.every((url) => url.searchParams.get('resultsRaceId') === String(race.ids.raceroster) && url.searchParams.get('limit') === '100'));
  });

  it('passes over a withdrawn result (active: false)', async () => {
    const summary = sandbox.mutate({ race: race.id, withdrawResults: 1 });
    const withdrawn = String(resultIdOf(summary.withdrawResults[0]!));
    const pages = await collectPages(adapterFor(sandbox).results!(queryOf(race)));
    const ids = pages.flatMap((p) => p.records.map((r) => r.providerResultId));
    assert.equal(ids.includes(withdrawn), false);
    assert.deepEqual(pages.flatMap((p) => p.records.map(withoutRaw)), visibleResults(sandbox.world, race));
    assert.equal(pages[0]!.total, visibleResults(sandbox.world, race).length + 1, 'the total counts the inactive row');
  });

  it('rejects a broken result with its reason and keeps the rest', async () => {
    const [victim] = sandbox.world.results(race).finished;
    await admin(sandbox, '/_admin/corrupt', { registrations: [victim!.registration.id], target: 'result', field: 'gunTime' });
    try {
      const pages = await collectPages(adapterFor(sandbox).results!(queryOf(race)));
      const rejects = pages.flatMap((p) => p.rejects);
      assert.equal(rejects.length, 1);
      assert.match(rejects[0]!.reason, /^invalid result: gunTime: Invalid input: expected string, received object$/);
      assert.equal((rejects[0]!.raw as { resultId: number }).resultId, resultIdOf(victim!.registration.id));
      assert.equal(pages.flatMap((p) => p.records).length, visibleResults(sandbox.world, race).length - 1);
    } finally {
      await fetch(`${sandbox.endpoint('raceroster').origin}/_admin/corrupt`, { method: 'DELETE' });
    }
  });

  it('is empty, not an error, for a race not started', async () => {
    const future = eventsOf(sandbox).find((e) => !e.past)!.races[0]!;
    const pages = await collectPages(adapterFor(sandbox).results!(queryOf(future)));
    assert.deepEqual(pages.map((p) => [p.records.length, p.resumeAfter, p.total]), [[0, null, 0]]);
  });
});
