import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Sandbox } from '../../../src/sandbox/index.js';
import { biggestRace, describeDeterminismAndScale } from '../shared/determinism-scale.js';
import { api, eventsOf, login, startHaku } from './helpers.js';

async function sample(sandbox: Sandbox): Promise<string[]> {
  const token = await login(sandbox);
  const event = eventsOf(sandbox)[0]!;
  const someone = sandbox.world.registrations(event.races[0]!)[0]!;
  const paths = ['/events?show_inactive=true&per_page=100', `/events/${event.ids.haku}/participants?per_page=100`, `/events/${event.ids.haku}/registrations/R-${someone.id}`];
  return [token, ...(await Promise.all(paths.map(async (path) => (await api(sandbox, path, token)).text)))];
}

describeDeterminismAndScale({
  provider: 'haku',
  start: (options) => startHaku(options),
  sample,
  biggestPage: async (sandbox) => {
    const race = biggestRace(sandbox, 'haku');
    const reply = await api(sandbox, `/events/${race.event.ids.haku}/participants`, await login(sandbox), { per_page: 100, page: 2 });
    return reply.body.length;
  },
  scaleWorld: { eventsPerPartner: { haku: 400 } },
});

describe('haku skin: the default budget', () => {
  it('throttles a client after 500 calls in an hour with 429 and Retry-After', async () => {
    const sandbox = await startHaku({ eventsPerPartner: { haku: 1 }, registrationsPerRace: 1 });
    try {
      const token = await login(sandbox);
      for (let i = 0; i < 500; i++) assert.equal((await api(sandbox, '/events', token)).status, 200);
      const over = await api(sandbox, '/events', token);
      assert.equal(over.status, 429);
      assert.deepEqual(over.body, { message: 'Too Many Requests' });
      assert.ok(Number(over.headers.get('retry-after')) > 0);
      assert.equal(sandbox.callCount('haku', sandbox.endpoint('haku').credentials[0]!.client_id), 501);
    } finally {
      await sandbox.close();
    }
  });
});
