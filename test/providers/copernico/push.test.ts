import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { PushParticipant } from '../../../src/providers/types.js';
import type { Sandbox } from '../../../src/sandbox/index.js';
import { adapterFor, apiKeyOf, expectSyncError, raceIdOf, racesOf, servedAthletes, startCopernico } from './helpers.js';

const margie: PushParticipant = { id: 'RSU-999001', firstName: 'Margie', lastName: 'Stephens', gender: 'F', birthdate: '1986-01-06', bib: '0124', team: 'Moorestown RC' };
const noSurname: PushParticipant = { id: 'RSU-999002', firstName: 'Ann', lastName: null, gender: 'F', birthdate: null, bib: '125', team: null };
const badDate: PushParticipant = { id: 'RSU-999003', firstName: 'Bo', lastName: 'Lind', gender: 'M', birthdate: '1990-02-30', bib: '126', team: null };
const mixed: PushParticipant = { id: 'RSU-999004', firstName: 'Sam', lastName: 'Ray', gender: 'X', birthdate: null, bib: null, team: null };

/** Every request the adapter makes, with its body, passed on to the skin. */
function recording() {
  const sent: { url: string; apiKey: string | null; body: unknown }[] = [];
  const fetchAndRecord = (url: string, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    if (init?.method === 'POST') sent.push({ url, apiKey: headers.get('x-api-key'), body: JSON.parse(String(init.body)) });
    return fetch(url, init);
  };
  return { sent, fetch: fetchAndRecord };
}

describe('Copernico push: the registration import (POST /race-registrations/{raceId})', () => {
  let sandbox: Sandbox;
  before(async () => { sandbox = await startCopernico({ partners: 1, eventsPerPartner: { runsignup: 2, raceroster: 0, haku: 0 }, registrationsPerRace: 3 }); });
  after(() => sandbox.close());
  const race = () => racesOf(sandbox)[0]!.races[0]!;
  const query = () => ({ providerEventId: race().event.ids.copernico!, providerRaceId: raceIdOf(race()) });

  it('sends each registration in the import\'s shape, with the api key, and the athletes are listed', async () => {
    const { sent, fetch } = recording();
    const outcome = await adapterFor(sandbox, { fetch }).pushParticipants!(query(), [margie, mixed]);
    assert.deepEqual(outcome, { rejected: [] });
    const slug = race().event.ids.copernico!;
    assert.deepEqual(sent, [{
      url: `${sandbox.endpoint('copernico').origin}/race-registrations/${slug}`,
      apiKey: apiKeyOf(sandbox),
      body: [
        { id: 'RSU-999001', name: 'Margie', surname: 'Stephens', gender: 'female', birthdate: '1986-01-06', dorsal: '0124', club: 'Moorestown RC', raceId: slug, eventId: race().ids.copernico },
        { id: 'RSU-999004', name: 'Sam', surname: 'Ray', gender: 'mixed', raceId: slug, eventId: race().ids.copernico },
      ],
    }]);
    const listed = (await servedAthletes(sandbox, race())).find((a) => a.id === 'RSU-999001');
    assert.deepEqual([listed?.name, listed?.surname, listed?.birthdate, listed?.events[0].dorsal], ['Margie', 'Stephens', '1986-01-06', '0124']);
  });

  it('a 400 that refuses items: each is set aside with the provider\'s reasons, and the rest is sent again', async () => {
    const { sent, fetch } = recording();
    const outcome = await adapterFor(sandbox, { fetch }).pushParticipants!(query(), [noSurname, margie, badDate]);
    assert.deepEqual(outcome.rejected, [
      { id: 'RSU-999002', reasons: ['surname is required'] },
      { id: 'RSU-999003', reasons: ['birthdate must be YYYY-MM-DD'] },
    ]);
    assert.deepEqual(sent.map((s) => (s.body as { id: string }[]).map((item) => item.id)), [['RSU-999002', 'RSU-999001', 'RSU-999003'], ['RSU-999001']]);
  });

  it('pushRefused=rest-taken trusts the 400 and sends nothing again', async () => {
    const { sent, fetch } = recording();
    const outcome = await adapterFor(sandbox, { fetch, settings: { pushRefused: 'rest-taken' } }).pushParticipants!(query(), [badDate, margie]);
    assert.deepEqual(outcome.rejected.map((r) => r.id), ['RSU-999003']);
    assert.equal(sent.length, 1);
  });

  it('pushIds maps a race slug and an event to the import\'s own ids', async () => {
    const { sent, fetch } = recording();
    const slug = race().event.ids.copernico!;
    const settings = { pushIds: { [slug]: '5edf7259-ed28-46f4-84f5-4972ac1f25ca', [raceIdOf(race())]: '5edf72a1-dc24-464e-915e-4758ac1f25ca' } };
    // The skin knows races by slug only, so it answers 404: the request is what is under test.
    await expectSyncError(adapterFor(sandbox, { fetch, settings }).pushParticipants!(query(), [margie]), 'not_found', apiKeyOf(sandbox));
    assert.equal(new URL(sent[0]!.url).pathname, '/race-registrations/5edf7259-ed28-46f4-84f5-4972ac1f25ca');
    assert.deepEqual((sent[0]!.body as Record<string, string>[])[0]!.eventId, '5edf72a1-dc24-464e-915e-4758ac1f25ca');
  });

  it('pushAuth=none sends no api key (the skin wants one, so the refusal is an auth error without the key in it)', async () => {
    const { sent, fetch } = recording();
    await expectSyncError(adapterFor(sandbox, { fetch, settings: { pushAuth: 'none' } }).pushParticipants!(query(), [margie]), 'auth', apiKeyOf(sandbox));
    assert.equal(sent[0]!.apiKey, null);
  });
});
