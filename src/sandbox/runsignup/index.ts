/**
 * RunSignUp sandbox: a deterministic simulator of the RunSignUp REST API (providers.md §1) on
 * loopback, for adapter tests and benchmarks. Data is generated from a seed; participants are made
 * per event on demand, so a 400k-participant world starts in well under a second.
 */
import { CallBudget } from './budget.js';
import { FaultQueue } from './faults.js';
import { WorldMutator } from './mutations.js';
import { resolveOptions, type RunSignupSandboxOptions } from './options.js';
import { startSandboxServer } from './server.js';
import type { Fault, MutationSummary, SandboxCredential, SandboxWorld, WorldChange } from './types.js';
import { RunSignupWorld } from './world.js';

export type { RunSignupSandboxOptions } from './options.js';
export type * from './shapes.js';
export type * from './types.js';

export interface RunSignupSandbox {
  /** e.g. http://127.0.0.1:PORT/Rest */
  baseUrl: string;
  /** http://127.0.0.1:PORT, where /_admin/* lives. */
  origin: string;
  credentials: SandboxCredential[];
  world: SandboxWorld;
  /** Same as POST /_admin/mutate. */
  mutate(change: WorldChange): MutationSummary;
  /** Same as POST /_admin/faults. */
  injectFault(fault: Fault): void;
  /** API calls served, per api_key or in total; admin calls are not counted. */
  callCount(apiKey?: string): number;
  close(): Promise<void>;
}

export async function startRunSignupSandbox(input: RunSignupSandboxOptions = {}): Promise<RunSignupSandbox> {
  const options = resolveOptions(input);
  const world = new RunSignupWorld(options);
  const mutator = new WorldMutator(world);
  const faults = new FaultQueue();
  const budget = options.callsPerHour === undefined ? undefined : new CallBudget(options.callsPerHour, options.now);
  const server = await startSandboxServer({
    world,
    options,
    budget,
    faults,
    admin: { world, mutator, faults, options },
  });
  return {
    baseUrl: `${server.origin}/Rest`,
    origin: server.origin,
    credentials: world.partners.map(({ partner, apiKey, apiSecret }) => ({ partner, apiKey, apiSecret })),
    world,
    mutate: (change) => mutator.apply(change, options.now()),
    injectFault: (fault) => faults.add(fault),
    callCount: (apiKey) => server.callCount(apiKey),
    close: () => server.close(),
  };
}
