import { connectionCredentials } from './harness.js';
import { runContractSuite } from './suite.js';

runContractSuite({
  provider: 'haku',
  // No call budget at the skin: the suite reads the race many times over within the hour.
  sandbox: { haku: { callsPerHour: null } },
  registrationsPerRace: 45,
  // 20 summaries a list page and a stream page every 10 detail calls: a full read is five pages.
  settings: { pageSize: 20, detailsPerPage: 10 },
  credentials: (endpoint) => connectionCredentials(endpoint),
  badCredentials: (good) => ({ ...good, client_secret: 'not-the-secret' }),
  secrets: (credentials) => [credentials.client_secret!],
  participantKey: (registration) => `R-${registration.id}`,
  activeRegistrations: (world, race) => world.registrationsWith(race, 'active'),
  participantsCall: /\/participants$/,
  withdrawal: 'cancel',
  // Discovery reads the race's three list pages too (it is where categories show): the run's
  // first list call is the fourth, so break the fifth, its second page.
  resumeBreakAt: 5,
  skips: {
    'result corrected': 'Haku is a registration provider: it has no results',
  },
});
