import type { Sandbox } from '../../../src/sandbox/index.js';
import { describeFaultKinds } from '../shared/fault-kinds.js';
import { eventsOf, login, startRaceRoster } from './helpers.js';

const tokens = new WeakMap<Sandbox, string>();

describeFaultKinds({
  provider: 'raceroster',
  start: (options = {}) => startRaceRoster({ eventsPerPartner: { raceroster: 2 }, registrationsPerRace: 80, ...options }),
  renew: async (sandbox) => {
    tokens.set(sandbox, (await login(sandbox)).access);
  },
  page: async (sandbox, page) => {
    if (!tokens.has(sandbox)) tokens.set(sandbox, (await login(sandbox)).access);
    const event = eventsOf(sandbox)[0]!;
    const url = `${sandbox.endpoint('raceroster').baseUrl}/events/${event.ids.raceroster}/participants?limit=50&page=${page}`;
    return fetch(url, { headers: { authorization: `Bearer ${tokens.get(sandbox)}` } });
  },
  items: (body) => (body as { data: unknown[] }).data,
  budget: (calls) => ({ raceroster: { callsPerHour: calls } }),
});
