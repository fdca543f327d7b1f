import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createCopernicoClient } from '../../../src/providers/copernico/client.js';
import { parseCopernicoSettings } from '../../../src/providers/copernico/settings.js';
import { memoryTokenStore } from '../../../src/providers/http/token-auth.js';
import type { Sandbox } from '../../../src/sandbox/index.js';
import { apiKeyOf, racesOf, servedAthletes, startCopernico } from './helpers.js';

/**
 * The push direction is another task; the client is ready for it: a JSON POST with the api key to
 * the registration import, beside /api/races at the base URL's origin (K2).
 */
describe('Copernico client: POST JSON to the registration import', () => {
  let sandbox: Sandbox;
  before(async () => { sandbox = await startCopernico({ partners: 1, eventsPerPartner: { runsignup: 2, raceroster: 0, haku: 0 }, registrationsPerRace: 3 }); });
  after(() => sandbox.close());

  it('posts a JSON array under the origin with x-api-key, and the athlete is listed', async () => {
    const client = createCopernicoClient({
      baseUrl: sandbox.endpoint('copernico').baseUrl, authUrl: null, credentials: { api_key: apiKeyOf(sandbox) },
      fetch: (url, init) => fetch(url, init), settings: {}, tokens: memoryTokenStore(),
    }, parseCopernicoSettings({ retryBaseMs: 1 }));
    const race = racesOf(sandbox)[0]!.races[0]!;
    const item = { id: 'RSU-999001', name: 'Margie', surname: 'Stephens', birthdate: '1986-01-06', dorsal: '1024', gender: 'female', eventId: race.name };
    assert.deepEqual((await client.postJson(`/race-registrations/${race.event.ids.copernico}`, [item])).body, { created: 1, updated: 0 });
    const listed = (await servedAthletes(sandbox, race)).find((a) => a.id === 'RSU-999001');
    assert.deepEqual([listed?.name, listed?.events[0].dorsal], ['Margie', '1024']);
  });
});
