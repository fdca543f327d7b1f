import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Sandbox } from '../../../src/sandbox/index.js';
import { ctUrl, eventsOf, getJson, startChronoTrack } from './helpers.js';

describe('ChronoTrack skin: results as bracket × interval rows', () => {
  let sandbox: Sandbox;

  before(async () => {
    sandbox = await startChronoTrack({ eventsPerPartner: { runsignup: 16, raceroster: 0, haku: 0 }, registrationsPerRace: 200, pastShare: 0.5 });
  });
  after(() => sandbox.close());

  const pastRace = () => eventsOf(sandbox).filter((e) => e.past).flatMap((e) => e.races).find((r) => r.splits.length > 0)!;
  const rows = async (raceId: number, params: Record<string, string | number> = {}) =>
    (await getJson(ctUrl(sandbox, `/race/${raceId}/results`, { size: 1000, ...params }))).body.race_results as Array<Record<string, string>>;

  it('ranks Full Course OPEN rows like the world\'s places, every value a string', async () => {
    const race = pastRace();
    const open = await rows(race.ids.chronotrack!);
    const finished = sandbox.world.results(race).finished;
    assert.equal(open.length, finished.length);
    assert.ok(open.every((row) => row.results_bracket_name === 'OPEN' && row.results_interval_name === 'Full Course'));
    assert.deepEqual(open.map((row) => row.results_rank), finished.map((v) => String(v.overallPlace)));
    assert.deepEqual(open.map((row) => row.results_bib), finished.map((v) => String(v.registration.bib)));
    assert.match(open[0]!.results_gun_time!, /^\d{2}:\d{2}:\d{2}(\.\d{2})?$/);
    assert.equal(open[0]!.results_pace_unit, 'min/km');
  });

  it('ranks within sex with bracket=SEX and within age group with bracket=AGE', async () => {
    const race = pastRace();
    const sex = await rows(race.ids.chronotrack!, { bracket: 'SEX' });
    const male = sex.filter((row) => row.results_bracket_name === 'Male');
    assert.deepEqual(male.map((row) => row.results_rank), male.map((_, i) => String(i + 1)));
    assert.ok(male.every((row) => row.results_sex === 'M'));
    const age = await rows(race.ids.chronotrack!, { bracket: 'AGE' });
    assert.ok(age.every((row) => row.results_bracket_name === row.results_primary_bracket_name));
  });

  it('lists splits with interval=ALL, one interval by name or id, and a bib', async () => {
    const race = pastRace();
    const all = await rows(race.ids.chronotrack!, { interval: 'ALL' });
    const names = new Set(all.map((row) => row.results_interval_name));
    assert.deepEqual([...names], [...race.splits.map((s) => s.name), 'Full Course']);
    const intervals = (await getJson(ctUrl(sandbox, `/event/${race.event.ids.chronotrack}/interval`))).body.event_interval as Array<Record<string, string>>;
    const first = intervals.find((i) => i.race_id === String(race.ids.chronotrack) && i.interval_order === '1')!;
    const byId = await rows(race.ids.chronotrack!, { interval: first.interval_id! });
    const byName = await rows(race.ids.chronotrack!, { interval: first.interval_iv_name! });
    assert.deepEqual(byId, byName);
    const viaRoute = (await getJson(ctUrl(sandbox, `/interval/${first.interval_id}/results`, { size: 1000 }))).body.interval_results;
    assert.deepEqual(viaRoute, byId);
    const bib = all[0]!.results_bib!;
    assert.ok((await rows(race.ids.chronotrack!, { interval: 'ALL', bib })).every((row) => row.results_bib === bib));
  });

  it('shows runners at the splits they passed while the race is run', async () => {
    const race = eventsOf(sandbox).filter((e) => !e.past).flatMap((e) => e.races).find((r) => r.splits.length > 0)!;
    assert.deepEqual(await rows(race.ids.chronotrack!, { interval: 'ALL' }), []);
    const truth = [...sandbox.world.resultTruth(race).values()].filter((r) => r.status === 'finished').map((r) => r.visibleAt).sort((a, b) => a - b);
    sandbox.clock.set(new Date(truth[0]! * 1000 - 60_000));
    const early = await rows(race.ids.chronotrack!, { interval: 'ALL' });
    assert.ok(early.length > 0 && early.every((row) => row.results_interval_name !== 'Full Course'));
  });
});
