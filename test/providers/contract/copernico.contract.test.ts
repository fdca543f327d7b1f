/**
 * Copernico's harness for the provider contract suite. Two things the suite cannot know by itself:
 * - Copernico lists no timer's races (providers.md §5.4), so the connection names them (`raceIds`).
 *   The suite's sandbox is seeded; with a fixed anchor its race slugs are known before it starts,
 *   from the same worlds built here.
 * - A Copernico event (our race) is addressed by its name within its race (our event), so our race
 *   id is `<race slug>/<event name>` (`providerRaceId`), not `race.ids.copernico` (the name alone).
 */
import { hostRegistrationKey } from '../../../src/sandbox/world/provider-ids.js';
import { createWorld } from '../../../src/sandbox/world/index.js';
import { connectionCredentials, type ContractCase, type ContractHarness } from './harness.js';
import { runContractSuite } from './suite.js';

const ANCHOR = new Date('2026-06-01T12:00:00Z');
const REGISTRATIONS = 45;

/** The slugs of the suite's race in its two worlds (upcoming and past), built as the suite builds them. */
function contractRaceIds(): string[] {
  const slugs = [0, 1].map((pastShare) => {
    const { world } = createWorld({
      seed: 71, partners: 1, racesPerEvent: 1, registrationsPerRace: REGISTRATIONS, eventsPerPartner: { runsignup: 2 }, scoredShare: 1, pastShare, anchor: ANCHOR,
    });
    return world.eventsAt('copernico', 1)[0]!.ids.copernico!;
  });
  return [...new Set(slugs)];
}

const SKIPS: Partial<Record<ContractCase, string>> = {
  'expired token': 'Copernico authenticates every call with a permanent x-api-key: there is no token to expire',
  resume: 'Copernico serves an event in one call, and the suite breaks the second list call, which a Copernico read never makes; ' +
    'what breaks mid-way is the body: test/providers/copernico/sync.resume.test.ts breaks it and resumes from the checkpoint through the engine',
};

const harness: ContractHarness = {
  provider: 'copernico',
  sandbox: { anchor: ANCHOR },
  registrationsPerRace: REGISTRATIONS,
  settings: { pageSize: 20, raceIds: contractRaceIds() },
  providerRaceId: (race) => `${race.event.ids.copernico}/${race.ids.copernico}`,
  credentials: (endpoint) => connectionCredentials(endpoint),
  badCredentials: (good) => ({ ...good, api_key: 'not-the-api-key' }),
  secrets: (credentials) => [credentials.api_key!],
  participantKey: (registration, race) => `${race.event.ids.copernico}/${hostRegistrationKey(race.event, registration.id)}`,
  activeRegistrations: (world, race) => world.registrationsWith(race, 'active'),
  participantsCall: /\/athletes$/,
  withdrawal: 'remove',
  skips: SKIPS,
};

runContractSuite(harness);
