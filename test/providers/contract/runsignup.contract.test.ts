import { connectionCredentials } from './harness.js';
import { runContractSuite } from './suite.js';

runContractSuite({
  provider: 'runsignup',
  registrationsPerRace: 45,
  settings: { participantsPageSize: 20 },
  credentials: (endpoint) => connectionCredentials(endpoint),
  badCredentials: (good) => ({ ...good, api_secret: 'not-the-secret' }),
  secrets: (credentials) => [credentials.api_secret!],
  participantKey: (registration) => String(registration.id),
  activeRegistrations: (world, race) => world.registrationsWith(race, 'active'),
  participantsCall: /\/participants$/,
  withdrawal: 'remove',
  skips: {
    'expired token': 'RunSignUp connections authenticate with a permanent API key and secret: there is no token to expire',
  },
});
