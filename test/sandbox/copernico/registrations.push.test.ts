import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Sandbox } from '../../../src/sandbox/index.js';
import { json, push, racesOf, startCopernico } from './helpers.js';

describe('Copernico skin: POST /race-registrations/{raceId}', () => {
  let sandbox: Sandbox;

  before(async () => {
    sandbox = await startCopernico({ eventsPerPartner: { runsignup: 4, raceroster: 0, haku: 0 }, registrationsPerRace: 20 });
  });
  after(() => sandbox.close());

  const margie = { id: 'RSU-2645624', name: 'Margie', surname: 'Stephens', birthdate: '1986-01-06', dorsal: '1024', gender: 'female', club: 'Moorestown RC' };

  it('upserts a JSON array by id and shows the pushed athletes', async () => {
    const race = racesOf(sandbox)[0]!;
    const eventId = race.races[0]!.name;
    const first = await push(sandbox, race.ids.copernico!, [{ ...margie, eventId }]);
    assert.deepEqual(first, { status: 200, body: { created: 1, updated: 0 } });
    const again = await push(sandbox, race.ids.copernico!, [{ ...margie, eventId, dorsal: '1025' }]);
    assert.deepEqual(again.body, { created: 0, updated: 1 });
    const { body } = await json(sandbox, `/${race.ids.copernico}/athletes?event=${encodeURIComponent(eventId)}`);
    const shown = body.find((a: any) => a.id === margie.id);
    assert.equal(shown.events[0].dorsal, '1025');
    assert.equal(shown.events[0].status, 'notstarted');
    assert.equal(body.length, sandbox.world.activeCount(race.races[0]!) + 1);
  });

  it('overlays a push onto the world\'s athlete of the same id', async () => {
    const race = racesOf(sandbox)[0]!;
    const { body: before } = await json(sandbox, `/${race.ids.copernico}/athletes`);
    const target = before[0];
    await push(sandbox, race.ids.copernico!, [{ id: target.id, name: 'Renamed', surname: target.surname }]);
    const { body } = await json(sandbox, `/${race.ids.copernico}/athletes`);
    assert.equal(body.find((a: any) => a.id === target.id).name, 'Renamed');
    assert.equal(body.length, before.length);
  });

  it('checks each item: a 400 with per-item errors, the valid ones still applied', async () => {
    const race = racesOf(sandbox)[1]!;
    const reply = await push(sandbox, race.ids.copernico!, [
      { id: 'A-1', name: 'Ana', surname: 'Pérez', gender: 'female' },
      { id: 'A-2', surname: 'Nameless' },
      { id: 'A-3', name: 'Bo', surname: 'Li', gender: 'robot', birthdate: '1990-02-31' },
      { id: 'A-4', name: 'Cy', surname: 'Ng', eventId: 'Ultra 100' },
      'not an object',
    ]);
    assert.equal(reply.status, 400);
    assert.deepEqual(reply.body.created, 1);
    assert.deepEqual(reply.body.errors.map((e: { index: number }) => e.index), [1, 2, 3, 4]);
    assert.deepEqual(reply.body.errors[1].errors, ['birthdate must be YYYY-MM-DD', 'gender must be male, female or mixed']);
    assert.match(reply.body.errors[2].errors[0], /eventId Ultra 100/);
    assert.equal((await push(sandbox, race.ids.copernico!, { id: 'x' })).status, 400);
    const state = await fetch(`${sandbox.endpoint('copernico').origin}/_admin/state`).then((r) => r.json() as Promise<any>);
    assert.equal(state.pushedRegistrations[race.ids.copernico!], 1);
  });
});
