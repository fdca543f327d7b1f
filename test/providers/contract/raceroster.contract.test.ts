import { participantIdOf } from '../../../src/sandbox/skins/raceroster/render-participants.js';
import { connectionCredentials } from './harness.js';
import { runContractSuite } from './suite.js';

runContractSuite({
  provider: 'raceroster',
  // 45 listed rows at 20 a page: three pages.
  registrationsPerRace: 45,
  settings: { pageSize: 20 },
  credentials: (endpoint) => connectionCredentials(endpoint),
  badCredentials: (good) => ({ ...good, password: 'not-the-password' }),
  secrets: (credentials) => [credentials.password!, credentials.client_secret!],
  participantKey: (registration) => String(participantIdOf(registration.id)),
  activeRegistrations: (world, race) => world.registrationsWith(race, 'active'),
  participantsCall: /\/participants$/,
  // Race Roster keeps a cancelled registration listed with status "cancelled" (a removed one is just
  // gone, which the full-read diff finds; test/providers/raceroster covers both).
  withdrawal: 'cancel',
});
