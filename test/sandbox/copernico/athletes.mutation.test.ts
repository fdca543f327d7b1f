import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Sandbox } from '../../../src/sandbox/index.js';
import { json, racesOf, startCopernico } from './helpers.js';

describe('Copernico skin: mutations seen through the API', () => {
  let sandbox: Sandbox;

  before(async () => {
    sandbox = await startCopernico({ eventsPerPartner: { runsignup: 4, raceroster: 4, haku: 0 }, registrationsPerRace: 60, pastShare: 0.5 });
  });
  after(() => sandbox.close());

  it('shows a correction, a DNF turned into a finish and a withdrawal, by Copernico ids', async () => {
    const event = racesOf(sandbox).find((e) => e.past)!;
    const race = event.races[0]!;
    const athletes = async () => (await json(sandbox, `/${event.ids.copernico}/athletes?event=${encodeURIComponent(race.name)}`)).body as any[];
    const before = new Map((await athletes()).map((a) => [a.id, a]));
    const reply = await fetch(`${sandbox.endpoint('copernico').origin}/_admin/mutate`, {
      method: 'POST', body: JSON.stringify({ raceId: event.ids.copernico, eventName: race.name, correctTimes: 1, dnfToFinish: 1, withdrawResults: 1 }),
    });
    const summary = (await reply.json()) as { correctTimes: number[]; dnfToFinish: number[]; withdrawResults: number[]; races: number[] };
    assert.deepEqual(summary.races, [race.id]);
    const now = new Map((await athletes()).map((a) => [a.id, a]));
    const prefix = event.host === 'runsignup' ? 'RSU' : 'RR';
    const corrected = `${prefix}-${summary.correctTimes[0]}`;
    assert.notEqual(now.get(corrected).events[0].times.Meta.time, before.get(corrected).events[0].times.Meta.time);
    if (summary.dnfToFinish.length > 0) {
      const finished = `${prefix}-${summary.dnfToFinish[0]}`;
      assert.equal(before.get(finished).events[0].status, 'dnf');
      assert.equal(now.get(finished).events[0].status, 'finished');
      assert.ok('Meta' in now.get(finished).events[0].times);
    }
    assert.equal(now.get(`${prefix}-${summary.withdrawResults[0]}`).events[0].status, 'withdrawn');
  });
});
