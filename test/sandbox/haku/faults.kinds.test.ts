import type { Sandbox } from '../../../src/sandbox/index.js';
import { describeFaultKinds } from '../shared/fault-kinds.js';
import { eventsOf, login, startHaku } from './helpers.js';

const tokens = new WeakMap<Sandbox, string>();

describeFaultKinds({
  provider: 'haku',
  start: (options = {}) => startHaku({ eventsPerPartner: { haku: 2 }, registrationsPerRace: 80, ...options }),
  renew: async (sandbox) => {
    tokens.set(sandbox, await login(sandbox));
  },
  page: async (sandbox, page) => {
    const event = eventsOf(sandbox)[0]!;
    const url = `${sandbox.endpoint('haku').baseUrl}/events/${event.ids.haku}/participants?per_page=50&page=${page}`;
    return fetch(url, { headers: { authorization: tokens.get(sandbox) ?? '' } });
  },
  items: (body) => body as unknown[],
  budget: (calls) => ({ haku: { callsPerHour: calls } }),
});
