/**
 * The provider-neutral world every skin renders: `createWorld` builds the catalog (eagerly, cheap)
 * and the clock; registrations and results are generated per race when first read.
 */
import { createClock, type ClockOptions } from './clock.js';
import { WorldMutator } from './mutations.js';
import { resolveWorldOptions, type WorldOptions } from './options.js';
import { World } from './world.js';

export type { ConnectionCredentials, PartnerAccounts, PartnerCredentials, WorldPartner } from './accounts.js';
export type { WorldEvent, WorldRace } from './catalog.js';
export type { ChangeSummary, RegistrationTransfer, WorldChange } from './change.js';
export type { ClockMode, ClockOptions, SandboxClock } from './clock.js';
export type { WorldOptions } from './options.js';
export type { RaceResults, ResultNow, SplitNow } from './results-now.js';
export * from './types.js';
export { World } from './world.js';
export { WorldMutator } from './mutations.js';

export interface CreatedWorld {
  world: World;
  mutator: WorldMutator;
}

export function createWorld(options: WorldOptions & ClockOptions = {}): CreatedWorld {
  // A virtual clock starts at the anchor unless told otherwise; the anchor defaults to now.
  const probe = createClock({ now: options.now, clock: 'real' });
  const resolved = resolveWorldOptions(options, probe.now());
  const start = options.start ?? new Date(resolved.anchor * 1000);
  const clock = createClock({ now: options.now, clock: options.clock, start });
  const world = new World(resolved, clock);
  return { world, mutator: new WorldMutator(world) };
}
