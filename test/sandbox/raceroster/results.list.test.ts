import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Sandbox } from '../../../src/sandbox/index.js';
import { api, eventsOf, login, startRaceRoster } from './helpers.js';

const RESULT_KEYS = [
  'resultId', 'participantId', 'registrationId', 'subEventId', 'bibNumber', 'firstName', 'lastName', 'gender', 'age', 'city',
  'status', 'active', 'overallPlace', 'genderPlace', 'divisionPlace', 'division', 'gunTime', 'chipTime', 'splits', 'lastModifiedDate',
];

describe('Race Roster skin: results', () => {
  let sandbox: Sandbox;
  let token: string;

  before(async () => {
    sandbox = await startRaceRoster({ eventsPerPartner: { raceroster: 6 }, registrationsPerRace: 150, pastShare: 0.5 });
    token = (await login(sandbox)).access;
  });
  after(() => sandbox.close());

  const pastEvent = () => eventsOf(sandbox).find((e) => e.past)!;
  const results = (eventId: number, params: Record<string, number> = {}) => api(sandbox, `/events/${eventId}/results`, token, params);

  it('lists finishers by place, then DNF/DNS/DQ, with splits and metadata', async () => {
    const event = pastEvent();
    const race = event.races[0]!;
    const { body } = await results(event.ids.raceroster as number, { subEventId: race.ids.raceroster as number, perPage: 100 });
    assert.deepEqual(Object.keys(body.data[0]), RESULT_KEYS);
    const rows = body.data as Array<Record<string, any>>;
    const finished = rows.filter((r) => r.status === 'finished');
    assert.deepEqual(finished.map((r) => r.overallPlace), finished.map((_, i) => i + 1));
    assert.match(finished[0]!.gunTime, /^\d{2}:\d{2}:\d{2}(\.\d{2})?$/);
    assert.ok(rows.every((r) => r.active === true));
    const ranked = sandbox.world.results(race);
    assert.equal(body.metadata.totalCount, ranked.finished.length + ranked.unfinished.length);
    if (race.splits.length > 0) assert.equal(finished[0]!.splits.data.length, race.splits.length);
    const all = await results(event.ids.raceroster as number, { perPage: 500 });
    assert.equal(all.body.metadata.perPage, 100);
    assert.ok(all.body.data.some((r: { status: string }) => r.status !== 'finished') || all.body.metadata.totalCount > 100);
  });

  it('has no results before a race starts, and shows them progressively once the clock passes the start', async () => {
    const event = eventsOf(sandbox).find((e) => !e.past)!;
    assert.equal((await results(event.ids.raceroster as number)).body.metadata.totalCount, 0);
    const race = event.races[0]!;
    sandbox.clock.set(new Date((race.start + 40 * 60) * 1000));
    token = (await login(sandbox)).access;
    const during = (await results(event.ids.raceroster as number, { subEventId: race.ids.raceroster as number })).body.metadata.totalCount;
    sandbox.clock.set(new Date((race.start + 12 * 3600) * 1000));
    token = (await login(sandbox)).access;
    const after = (await results(event.ids.raceroster as number, { subEventId: race.ids.raceroster as number })).body.metadata.totalCount;
    assert.ok(during < after, `${during} during, ${after} after`);
  });

  it('keeps a withdrawn result as inactive, unranked', async () => {
    const event = pastEvent();
    const summary = sandbox.mutate({ race: event.races[0]!.id, withdrawResults: 1 });
    const { body } = await results(event.ids.raceroster as number, { subEventId: event.races[0]!.ids.raceroster as number, perPage: 100, page: 1 });
    let rows = body.data as Array<Record<string, any>>;
    for (let page = 2; rows.length < body.metadata.totalCount; page++) {
      rows = rows.concat((await results(event.ids.raceroster as number, { subEventId: event.races[0]!.ids.raceroster as number, perPage: 100, page })).body.data);
    }
    const withdrawn = rows.find((r) => r.registrationId === summary.withdrawResults[0]);
    assert.equal(withdrawn?.active, false);
    assert.equal(withdrawn?.overallPlace, null);
  });
});
