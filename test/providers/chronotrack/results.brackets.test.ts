import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CanonicalResult } from '../../../src/model/canonical.js';
import { createChronoTrackAdapter } from '../../../src/providers/chronotrack/index.js';
import { memoryTokenStore } from '../../../src/providers/http/token-auth.js';
import type { Sandbox } from '../../../src/sandbox/index.js';
import { entryIdOf } from '../../../src/sandbox/skins/chronotrack/render.js';
import type { WorldRace } from '../../../src/sandbox/world/index.js';
import { startCtFixture } from './fixture-server.js';
import { adapterFor, collectPages, futureEvents, idOf, pastRaceWithSplits, recordingFetch, startWorld } from './helpers.js';
import { expectedResults } from './truth.js';


const withoutRaw = ({ raw: _raw, ...rest }: CanonicalResult) => rest;
const queryOf = (race: WorldRace) => ({ providerEventId: idOf(race.event.ids.chronotrack), providerRaceId: idOf(race.ids.chronotrack) });

describe('ChronoTrack results against the sandbox', () => {
  let sandbox: Sandbox;
  let race: WorldRace;
  before(async () => {
    sandbox = await startWorld({ registrationsPerRace: 60 });
    race = pastRaceWithSplits(sandbox);
  });
  after(() => sandbox.close());

  it('joins each finisher\'s OPEN, SEX and AGE rows and its splits into one result', async () => {
    const recorder = recordingFetch();
    const pages = await collectPages(adapterFor(sandbox, { fetch: recorder.fetch }).results!(queryOf(race)));
    assert.equal(pages.length, 1);
    assert.deepEqual(pages[0]!.rejects, []);
    assert.equal(pages[0]!.resumeAfter, null);
    assert.deepEqual(pages[0]!.records.map(withoutRaw), expectedResults(sandbox, race));
    assert.ok(pages[0]!.records.some((r) => r.chipTime !== r.clockTime), 'chip and gun times differ somewhere');
    assert.deepEqual(recorder.calls.map((c) => [c.url.pathname, c.url.searchParams.get('interval'), c.url.searchParams.get('bracket')]), [
      [`/api/race/${race.ids.chronotrack}/results`, 'ALL', null],
      [`/api/race/${race.ids.chronotrack}/results`, null, 'SEX'],
      [`/api/race/${race.ids.chronotrack}/results`, null, 'AGE'],
      [`/api/event/${race.event.ids.chronotrack}/interval`, null, null],
    ]);
    const raw = pages[0]!.records[0]!.raw as Record<string, Record<string, string>>;
    assert.deepEqual(Object.keys(raw), ['finish', 'sex', 'age']);
    assert.equal(raw.finish!.results_bracket_name, 'OPEN');
  });

  it('reads an event\'s interval list once for all its races', async () => {
    const recorder = recordingFetch();
    const adapter = adapterFor(sandbox, { fetch: recorder.fetch });
    for (const other of race.event.races) await collectPages(adapter.results!(queryOf(other)));
    const intervalCalls = recorder.calls.filter((c) => c.url.pathname.endsWith('/interval'));
    assert.equal(intervalCalls.length, 1);
    assert.ok(race.event.races.length > 1);
  });

  it('keeps the same results when rows come in small pages, and yields them in batches it can resume', async () => {
    const expected = expectedResults(sandbox, race);
    const pages = await collectPages(adapterFor(sandbox, { settings: { resultsPageSize: 7, resultsBatchSize: 10 } }).results!(queryOf(race)));
    assert.deepEqual(pages.map((p) => p.records.length), expected.map((_, i) => i).filter((i) => i % 10 === 0).map((i) => Math.min(10, expected.length - i)));
    assert.deepEqual(pages.flatMap((p) => p.records.map(withoutRaw)), expected);
    assert.deepEqual(pages.map((p) => p.resumeAfter), [...pages.slice(0, -1).map((p) => p.records.at(-1)!.providerResultId), null]);
    const resumed = await collectPages(adapterFor(sandbox).results!({ ...queryOf(race), resumeAfter: pages[0]!.resumeAfter }));
    assert.deepEqual(resumed.flatMap((p) => p.records.map(withoutRaw)), expected.slice(10));
  });

  it('has nothing before the start (one empty page, one call) and no result for runners still on course', async () => {
    const future = futureEvents(sandbox)[0]!.races.find((r) => r.splits.length > 0)!;
    const recorder = recordingFetch();
    assert.deepEqual(await collectPages(adapterFor(sandbox, { fetch: recorder.fetch }).results!(queryOf(future))), [{ records: [], rejects: [], resumeAfter: null }]);
    assert.equal(recorder.calls.length, 1);
    const firstFinish = Math.min(...[...sandbox.world.resultTruth(future).values()].filter((r) => r.status === 'finished').map((r) => r.visibleAt));
    sandbox.clock.set(new Date((firstFinish + 60) * 1000));
    try {
      const { finished, running } = sandbox.world.results(future);
      assert.ok(running.length > 0 && finished.length > 0);
      const results = (await collectPages(adapterFor(sandbox).results!(queryOf(future)))).flatMap((p) => p.records);
      assert.deepEqual(results.map(withoutRaw), expectedResults(sandbox, future));
    } finally {
      sandbox.clock.set(new Date(sandbox.world.anchor * 1000));
    }
  });

  it('rejects the malformed rows of a result with their bracket and interval, and keeps the others', async () => {
    const victim = sandbox.world.results(race).finished[2]!.registration;
    await fetch(`${sandbox.endpoint('chronotrack').origin}/_admin/corrupt`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ registrations: [victim.id], target: 'result' }),
    });
    try {
      const [page] = await collectPages(adapterFor(sandbox).results!(queryOf(race)));
      assert.deepEqual(page!.records.map(withoutRaw), expectedResults(sandbox, race).filter((r) => r.providerResultId !== String(entryIdOf(victim.id))));
      const reasons = page!.rejects.map((r) => r.reason);
      assert.equal(reasons.length, race.splits.length + 3, 'every split and finish row of OPEN, and the SEX and AGE rows');
      assert.ok(reasons.includes('invalid result row (OPEN at Full Course): results_time: expected a string'), reasons.join('\n'));
      assert.ok(reasons.includes(`invalid result row (OPEN at ${race.splits[0]!.name}): results_time: expected a string`));
      assert.ok(page!.rejects.every((r) => (r.raw as Record<string, string>).results_entry_id === String(entryIdOf(victim.id))));
    } finally {
      await fetch(`${sandbox.endpoint('chronotrack').origin}/_admin/corrupt`, { method: 'DELETE' });
    }
  });
});

describe('ChronoTrack results: statuses and shapes the skin does not send', () => {
  const row = (entry: string, interval: string, more: Record<string, unknown> = {}) => ({
    results_entry_id: entry, results_bib: entry === '' ? '' : `${entry}0`, results_first_name: 'Łucja', results_last_name: 'Kowalska', results_sex: 'F',
    results_age: '30', results_bracket_name: 'OPEN', results_interval_name: interval, results_rank: '1', results_time: '', results_gun_time: '',
    entry_status: 'ACTIVE', ...more,
  });

  it('maps DNF/DNS/DQ entry statuses and status words, orders splits by distance, and keys by bib when told', async () => {
    const open = [
      row('1', 'Finish', { results_time: '00:20:00.5', results_gun_time: '00:20:03' }),
      row('1', '3K', { results_time: '00:12:00', results_gun_time: '00:12:03' }),
      row('1', '1K', { results_time: '00:04:00', results_gun_time: '00:04:03' }),
      row('2', 'Finish', { entry_status: 'DQ', results_rank: '0', results_time: '00:19:00', results_gun_time: '00:19:01' }),
      row('3', '1K', { entry_status: 'dnf', results_time: '00:05:00', results_gun_time: '00:05:30' }),
      row('4', '1K', { results_time: '00:06:00', results_gun_time: '00:06:00' }), // still on course
      row('5', 'Finish', { results_time: 'DNS', results_gun_time: '' }),
      row('', 'Finish', { results_time: '00:30:00' }),
    ];
    const fixture = await startCtFixture({
      '/api/race/9/results': { root: 'race_results', rows: open },
      '/api/race/9/results?bracket=SEX': { root: 'race_results', rows: [row('1', 'Finish', { results_bracket_name: 'Female', results_rank: '4' })] },
      '/api/race/9/results?bracket=AGE': { root: 'race_results', rows: [row('1', 'Finish', { results_bracket_name: 'F30-39', results_rank: '2' })] },
      '/api/event/90/interval': { root: 'event_intervals', rows: [
        { interval_iv_name: '3K', interval_iv_distance_m: '3000' }, { interval_iv_name: 'Finish', interval_iv_distance_m: '5000' }, { interval_iv_name: '1K', interval_iv_distance_m: '1000' },
      ] },
    });
    try {
      const adapter = (settings: Record<string, unknown> = {}) => createChronoTrackAdapter({
        baseUrl: fixture.baseUrl, authUrl: null, tokens: memoryTokenStore(), fetch: (u, i) => fetch(u, i),
        credentials: { client_id: 'c', username: 'u', password: 'p' }, settings: { retryBaseMs: 1, ...settings },
      });
      const [page] = await collectPages(adapter().results!({ providerEventId: '90', providerRaceId: '9' }));
      const byId = new Map(page!.records.map((r) => [r.providerResultId, r]));
      assert.deepEqual([...byId.keys()], ['1', '2', '3', '5']);
      assert.deepEqual(byId.get('1')!.splits, [
        { name: '1K', order: 1, distanceM: 1000, clockTime: '00:04:03', chipTime: '00:04:00' },
        { name: '3K', order: 2, distanceM: 3000, clockTime: '00:12:03', chipTime: '00:12:00' },
      ]);
      assert.deepEqual([byId.get('1')!.status, byId.get('1')!.chipTime, byId.get('1')!.clockTime], ['finished', '00:20:00.5', '00:20:03']);
      assert.deepEqual([byId.get('2')!.status, byId.get('2')!.overallPlace, byId.get('2')!.clockTime], ['dq', null, '00:19:01']);
      assert.deepEqual([byId.get('3')!.status, byId.get('3')!.clockTime, byId.get('3')!.splits!.length, byId.get('3')!.resultSetName], ['dnf', null, 1, null]);
      assert.deepEqual([byId.get('5')!.status, byId.get('5')!.chipTime], ['dns', null]);
      assert.deepEqual([byId.get('1')!.firstName, byId.get('1')!.genderPlace, byId.get('1')!.divisionPlace, byId.get('1')!.division], ['Łucja', 4, 2, 'F30-39']);
      assert.deepEqual(page!.rejects.map((r) => r.reason), ['invalid result row (OPEN at Finish): results_entry_id: missing']);
      const [byBib] = await collectPages(adapter({ resultKey: 'bib' }).results!({ providerEventId: '90', providerRaceId: '9' }));
      assert.deepEqual(byBib!.records.map((r) => r.providerResultId), ['10', '20', '30', '50']);
      assert.deepEqual(byBib!.rejects.map((r) => r.reason), ['invalid result row (OPEN at Finish): results_bib: missing']);
    } finally {
      await fixture.close();
    }
  });
});
