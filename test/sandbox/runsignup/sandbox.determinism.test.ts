import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunSignupSandbox } from '../../../src/sandbox/index.js';
import { ANCHOR, apiUrl, findRace, startSandbox } from './helpers.js';

describe('RunSignUp sandbox determinism and data placement', () => {
  let first: RunSignupSandbox;
  let second: RunSignupSandbox;
  let other: RunSignupSandbox;

  before(async () => {
    first = await startSandbox({ seed: 42 });
    second = await startSandbox({ seed: 42 });
    other = await startSandbox({ seed: 43 });
  });
  after(async () => {
    await Promise.all([first.close(), second.close(), other.close()]);
  });

  async function bodies(sandbox: RunSignupSandbox): Promise<string[]> {
    const raceId = findRace(sandbox, 1, true);
    const eventIds = sandbox.world.eventIds(raceId).join(',');
    const eventId = sandbox.world.eventIds(raceId)[0] as number;
    const paths: Array<[string, Record<string, string | number>]> = [
      ['/races', { events: 'T' }],
      [`/race/${raceId}`, {}],
      [`/race/${raceId}/participants`, { event_id: eventIds, include_questions: 'T' }],
      [`/race/${raceId}/removed-participants`, { event_id: eventIds }],
      [`/race/${raceId}/results/get-results`, { event_id: eventId }],
    ];
    return Promise.all(paths.map(async ([path, params]) => (await fetch(apiUrl(sandbox, path, params))).text()));
  }

  it('serves byte-identical bodies for the same options and seed', async () => {
    const [a, b] = await Promise.all([bodies(first), bodies(second)]);
    assert.equal(a.length, 5);
    assert.deepEqual(a, b);
    assert.ok(a.every((body) => body.length > 100));
  });

  it('gives the same credentials for the same seed and different data for another seed', async () => {
    assert.deepEqual(first.credentials, second.credentials);
    assert.notDeepEqual(first.credentials, other.credentials);
    const [a, c] = await Promise.all([bodies(first), bodies(other)]);
    assert.notEqual(a[0], c[0]);
  });

  it('keeps registration ids unique, ascending per event, with gaps', () => {
    const seen = new Set<number>();
    let gaps = 0;
    for (const eventId of first.world.eventIds()) {
      const ids = first.world.participants(eventId).map((p) => p.registration_id);
      ids.forEach((id, i) => {
        assert.ok(!seen.has(id), `duplicate registration id ${id}`);
        seen.add(id);
        if (i > 0) {
          assert.ok(id > (ids[i - 1] as number));
          if (id - (ids[i - 1] as number) > 1) gaps += 1;
        }
      });
    }
    assert.equal(seen.size, first.world.participantCount());
    assert.ok(gaps > 0);
  });

  it('places past races before the anchor with results, future races after it without', () => {
    const anchor = ANCHOR.getTime() / 1000;
    let past = 0;
    for (const eventId of first.world.eventIds()) {
      const info = first.world.eventInfo(eventId);
      assert.ok(info);
      assert.equal(info.past, info.startTime < anchor);
      assert.ok(info.startTime >= anchor - 61 * 86_400 && info.startTime <= anchor + 121 * 86_400);
      assert.equal(info.resultSetCount, info.past ? 1 : 0);
      if (info.past) past += 1;
      for (const p of first.world.participants(eventId)) {
        assert.ok(p.last_modified < anchor, 'base last_modified is before the anchor');
      }
    }
    // pastShare 0.3 of 10 races, 2 events each.
    assert.equal(past, 6);
  });

  it('starts a race\'s events on the same local day at different times', () => {
    const race = first.world.race(first.world.raceIds[0] as number);
    assert.ok(race?.events);
    const days = new Set(race.events.map((e) => e.start_time.split(' ')[0]));
    const times = new Set(race.events.map((e) => e.start_time.split(' ')[1]));
    assert.equal(days.size, 1);
    assert.equal(times.size, race.events.length);
  });
});
