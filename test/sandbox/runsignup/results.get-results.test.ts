import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RsuResultSet, RunSignupSandbox } from '../../../src/sandbox/index.js';
import { apiUrl, findRace, getJson, startSandbox } from './helpers.js';

const SET_KEYS = [
  'individual_result_set_id', 'individual_result_set_name', 'public_results', 'sort_order', 'results_source_name',
  'results_source_url', 'preliminary_results', 'pace_type', 'team_column_display_type', 'alt_event_ids',
  'hide_splits_in_results', 'hide_event_names', 'disable_notifications', 'result_questions_url',
];

describe('RunSignUp sandbox results endpoints', () => {
  let sandbox: RunSignupSandbox;
  let pastRace: number;
  let futureRace: number;
  let eventId: number;

  before(async () => {
    sandbox = await startSandbox({ participantsPerEvent: 300, resultSetsPerEvent: 2 });
    pastRace = findRace(sandbox, 1, true);
    futureRace = findRace(sandbox, 1, false);
    eventId = sandbox.world.eventIds(pastRace)[0] as number;
  });
  after(() => sandbox.close());

  const results = (params: Record<string, string | number>, race = pastRace) =>
    getJson<{ individual_results_sets: RsuResultSet[] }>(apiUrl(sandbox, `/race/${race}/results/get-results`, params));

  it('lists result sets with the metadata keys of the real payload', async () => {
    const { body } = await getJson(apiUrl(sandbox, `/race/${pastRace}/results/get-result-sets`, { event_id: eventId }));
    assert.equal(body.individual_results_sets.length, 2);
    assert.deepEqual(Object.keys(body.individual_results_sets[0]), SET_KEYS);
    const counted = await getJson(apiUrl(sandbox, `/race/${pastRace}/results/get-result-sets`, {
      event_id: eventId, include_total_finishers: 'T', include_division_finishers: 'T',
    }));
    const set = counted.body.individual_results_sets[0];
    assert.ok(set.num_finishers > 0);
    assert.ok(Object.keys(set.num_division_finishers).length > 0);
  });

  it('returns headers with division columns and rows keyed like the headers, DNF rows last', async () => {
    const { body } = await results({ event_id: eventId });
    const set = body.individual_results_sets[0] as RsuResultSet;
    assert.deepEqual(Object.keys(set).slice(0, SET_KEYS.length), SET_KEYS);
    const labels = Object.values(set.results_headers);
    for (const label of ['All Male', 'All Female', 'M 30-39', 'F 30-39']) assert.ok(labels.includes(label), label);
    assert.ok(Object.keys(set.results_headers).some((key) => /^division-\d+-placement$/.test(key)));
    assert.ok(Object.keys(set.results_headers).some((key) => /^custom-field-\d+$/.test(key)));
    const headerKeys = Object.keys(set.results_headers);
    for (const row of set.results) assert.deepEqual(Object.keys(row), headerKeys);

    const statusRows = set.results.filter((row) => ['DNF', 'DNS', 'DQ'].includes(String(row.clock_time)));
    assert.ok(statusRows.length > 0, 'some DNF/DNS/DQ rows');
    assert.ok(statusRows.every((row) => row.place === null));
    const firstStatus = set.results.findIndex((row) => row.place === null);
    assert.ok(set.results.slice(firstStatus).every((row) => row.place === null), 'status rows come last');
    assert.ok(set.results.slice(0, firstStatus).every((row, i) => Number(row.place) === i + 1));

    const maleColumn = headerKeys.find((key) => set.results_headers[key] === 'All Male') as string;
    const men = set.results.filter((row) => row.gender === 'M' && row.place !== null);
    assert.deepEqual(men.map((row) => row[maleColumn]), men.map((_, i) => i + 1));
  });

  it('varies time formats: hundredths or not, hours or not, blank chip times', () => {
    const times = sandbox.world.eventIds()
      .flatMap((id) => sandbox.world.resultSets(id))
      .flatMap((set) => set.results)
      .filter((row) => row.place !== null);
    const clock = times.map((row) => String(row.clock_time));
    assert.ok(clock.some((t) => /^\d+:\d{2}\.\d{2}$/.test(t)), 'm:ss.hh');
    assert.ok(clock.some((t) => /^\d+:\d{2}:\d{2}$/.test(t)), 'h:mm:ss');
    assert.ok(clock.some((t) => /^\d+:\d{2}$/.test(t)), 'm:ss');
    assert.ok(times.some((row) => row.chip_time === ''), 'blank chip time');
    assert.ok(times.some((row) => typeof row.place === 'string') || times.some((row) => typeof row.bib === 'string'));
  });

  it('links result rows to participants by bib and name', async () => {
    const participants = sandbox.world.participants(eventId);
    const byBib = new Map(participants.filter((p) => p.bib_num !== null && p.bib_num !== '').map((p) => [String(p.bib_num), p]));
    const { body } = await results({ event_id: eventId });
    for (const row of body.individual_results_sets[0]?.results ?? []) {
      const p = byBib.get(String(row.bib));
      assert.ok(p, `bib ${row.bib} belongs to a participant`);
      assert.equal(row.last_name, p.user.last_name);
    }
  });

  it('pages with results_per_page or num, filters one set, and caps at 2500', async () => {
    const setId = sandbox.world.resultSets(eventId)[1]?.individual_result_set_id as number;
    const all = sandbox.world.resultSets(eventId)[1]?.results.map((row) => row.result_id) ?? [];
    const byNum = await results({ event_id: eventId, individual_result_set_id: setId, num: 100, page: 2 });
    const bySize = await results({ event_id: eventId, individual_result_set_id: setId, results_per_page: 100, page: 2 });
    assert.equal(byNum.body.individual_results_sets.length, 1);
    assert.deepEqual(byNum.body.individual_results_sets[0]?.results.map((row) => row.result_id), all.slice(100, 200));
    assert.deepEqual(bySize.text, byNum.text);
    const last = await results({ event_id: eventId, individual_result_set_id: setId, num: 250, page: 2 });
    assert.equal(last.body.individual_results_sets[0]?.results.length, all.length - 250);
    const over = await results({ event_id: eventId, num: 2501 });
    assert.equal((over.body as unknown as { error: { error_code: number } }).error.error_code, 3);
  });

  it('answers has-result-sets and empty result lists for future events', async () => {
    const future = sandbox.world.eventIds(futureRace)[0] as number;
    const yes = await getJson(apiUrl(sandbox, `/race/${pastRace}/results/has-result-sets`, { event_id: eventId }));
    const no = await getJson(apiUrl(sandbox, `/race/${futureRace}/results/has-result-sets`, { event_id: future }));
    assert.deepEqual(yes.body, { has_result_sets: 'T' });
    assert.deepEqual(no.body, { has_result_sets: 'F' });
    const empty = await results({ event_id: future }, futureRace);
    assert.deepEqual(empty.body, { individual_results_sets: [] });
  });

  it('posts more results through a mutation, creating a result set when there is none', async () => {
    const future = sandbox.world.eventIds(futureRace)[1] as number;
    const created = sandbox.mutate({ eventId: future, assignBibs: 5, results: 3 });
    assert.equal(created.resultSetsCreated.length, 1);
    assert.equal(created.results.length, 3);
    const { body } = await results({ event_id: future }, futureRace);
    const set = body.individual_results_sets[0] as RsuResultSet;
    assert.equal(set.individual_result_set_id, created.resultSetsCreated[0]);
    assert.equal(set.preliminary_results, 'T');
    assert.deepEqual(set.results.map((row) => Number(row.place)), [1, 2, 3]);

    const before = sandbox.world.resultSets(eventId)[0]?.results.filter((row) => row.place !== null).length as number;
    // Every bibbed runner of a past event already has a row: new rows need newly bibbed runners.
    const more = sandbox.mutate({ eventId, assignBibs: 2, results: 2 });
    const after = sandbox.world.resultSets(eventId)[0]?.results.filter((row) => row.place !== null) ?? [];
    assert.deepEqual([...more.results].sort(), [...more.assignBibs].sort());
    assert.equal(after.length, before + 2);
    assert.deepEqual(after.map((row) => Number(row.place)), after.map((_, i) => i + 1));
  });
});
