import { describeFaultKinds } from '../shared/fault-kinds.js';
import { call, racesOf, startCopernico } from './helpers.js';

describeFaultKinds({
  provider: 'copernico',
  start: (options = {}) => startCopernico({ eventsPerPartner: { runsignup: 2, raceroster: 0, haku: 0 }, racesPerEvent: 3, registrationsPerRace: 30, ...options }),
  // An api key does not expire: an expired_token fault is one refused call, and the key works again.
  renew: async () => undefined,
  // No paging at Copernico: "page n" is the athletes of the race's n-th event.
  page: (sandbox, page) => {
    const race = racesOf(sandbox)[0]!;
    return call(sandbox, `/${race.ids.copernico}/athletes?event=${encodeURIComponent(race.races[page - 1]!.name)}`);
  },
  items: (body) => body as unknown[],
  budget: (calls) => ({ copernico: { callsPerHour: calls } }),
});
