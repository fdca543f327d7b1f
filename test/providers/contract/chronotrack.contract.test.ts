import { entryIdOf } from '../../../src/sandbox/skins/chronotrack/render.js';
import { connectionCredentials } from './harness.js';
import { runContractSuite } from './suite.js';

runContractSuite({
  provider: 'chronotrack',
  registrationsPerRace: 45,
  // One race per event in the suite: entries are read from the race's own list, 20 a page.
  settings: { entriesPageSize: 20 },
  // The sandbox partner's credentials include a client_secret: the connection uses OAuth (a token to expire).
  credentials: (endpoint) => connectionCredentials(endpoint),
  badCredentials: (good) => ({ ...good, password: 'not-the-password' }),
  secrets: (credentials) => [credentials.password!, credentials.client_secret!],
  participantKey: (registration) => String(entryIdOf(registration.id)),
  activeRegistrations: (world, race) => world.registrationsWith(race, 'active'),
  participantsCall: /\/entry$/,
  // CT lists active entries only: a withdrawn one is simply no longer listed.
  withdrawal: 'remove',
  skips: {
    'dnf to finish': 'CT shows no finish row for a DNF and the skin sends no entry_status on result rows, so a DNF was never a stored ' +
      'result: its finish arrives as result_posted, not result_corrected (checked in test/providers/chronotrack/sync.end-to-end.test.ts)',
  },
});
