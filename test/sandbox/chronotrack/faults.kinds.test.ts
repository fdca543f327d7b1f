import { describeFaultKinds } from '../shared/fault-kinds.js';
import { ctUrl, eventsOf, startChronoTrack } from './helpers.js';

describeFaultKinds({
  provider: 'chronotrack',
  start: (options = {}) => startChronoTrack({ eventsPerPartner: { runsignup: 2, raceroster: 0, haku: 0 }, registrationsPerRace: 80, ...options }),
  // Simple auth has no token: an expired_token fault is one refused call, and the same keys work again.
  renew: async () => undefined,
  page: (sandbox, page) => fetch(ctUrl(sandbox, `/event/${eventsOf(sandbox)[0]!.ids.chronotrack}/entry`, { size: 50, page })),
  items: (body) => (body as { event_entry: unknown[] }).event_entry,
  budget: (calls) => ({ chronotrack: { callsPerHour: calls } }),
});
