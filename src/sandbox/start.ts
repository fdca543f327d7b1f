/**
 * startSandbox: one seeded world, and every requested skin on its own loopback port over it, with
 * the shared machinery (counters, budget, faults, admin) per skin. What it returns per provider is
 * exactly what a connection needs: the base URL, the token URL where there is one, and each
 * partner's credentials under the connection flags' names.
 */
import { CallBudget } from './server/budget.js';
import { CallCounter } from './server/calls.js';
import { FaultQueue, type Fault, type RandomFaults } from './server/faults.js';
import type { PartnerCredentials, Skin } from './server/skin.js';
import { startSkinServer, type SkinServer } from './server/skin-server.js';
import type { SandboxOptions } from './options.js';
import { requireCount } from './world/options.js';
import { createSkin, SKIN_PROVIDERS, type SkinProvider } from './skins/index.js';
import { createWorld, type ChangeSummary, type SandboxClock, type World, type WorldChange } from './world/index.js';

export interface ProviderEndpoint<P extends SkinProvider = SkinProvider> {
  provider: P;
  /** Exactly what a connection's base URL must be (RunSignUp …/Rest, Race Roster …/api/v1, …). */
  baseUrl: string;
  /** The token endpoint, for providers that have one. */
  authUrl: string | undefined;
  /** Where /_admin/* lives. */
  origin: string;
  credentials: readonly PartnerCredentials<P>[];
}

/** One fault, or random mode on ({random: {...}}) or off ({random: null}); `provider` picks the skin. */
export type FaultRequest = (Fault | { random: RandomFaults | null }) & { provider?: SkinProvider };

export interface StartedSkin {
  skin: Skin;
  server: SkinServer;
  faults: FaultQueue;
  calls: CallCounter;
}

export interface Sandbox {
  endpoints: readonly ProviderEndpoint[];
  endpoint<P extends SkinProvider>(provider: P): ProviderEndpoint<P>;
  world: World;
  clock: SandboxClock;
  /** Same as POST /_admin/mutate with neutral ids. */
  mutate(change: WorldChange): ChangeSummary;
  /** Same as POST /_admin/faults on that provider's port (provider optional when one skin runs). */
  injectFault(fault: FaultRequest): void;
  /** API calls served, per provider and credential (api_key, client_id), or in total; admin calls are not counted. */
  callCount(provider?: SkinProvider, credential?: string): number;
  /** The running skins, for wrappers that speak one provider's dialect. */
  skin(provider: SkinProvider): Skin;
  close(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const providers = [...new Set(options.providers ?? SKIN_PROVIDERS)];
  const unknown = providers.filter((p) => !(SKIN_PROVIDERS as readonly string[]).includes(p));
  if (unknown.length > 0) throw new RangeError(`the sandbox has no skin for ${unknown.join(', ')} (it has ${SKIN_PROVIDERS.join(', ')})`);
  const { world, mutator } = createWorld(options);
  const latencyMs = requireCount('latencyMs', options.latencyMs, 0, 0);
  const started = new Map<SkinProvider, StartedSkin>();
  try {
    for (const provider of providers) {
      const skin = createSkin(provider, world, options);
      const faults = new FaultQueue();
      const calls = new CallCounter();
      const budget = skin.callsPerHour === undefined ? undefined : new CallBudget(skin.callsPerHour, () => world.clock.now());
      const server = await startSkinServer({
        skin, world, mutator, faults, calls, tokenCalls: new CallCounter(), budget, latencyMs,
        host: options.host ?? '127.0.0.1',
        port: requireCount(`ports.${provider}`, options.ports?.[provider], 0, 0),
      });
      started.set(provider, { skin, server, faults, calls });
    }
  } catch (error) {
    await Promise.all([...started.values()].map((s) => s.server.close()));
    throw error;
  }
  const endpoints = [...started.values()].map(({ skin, server }): ProviderEndpoint => ({
    provider: skin.provider as SkinProvider,
    baseUrl: `${server.origin}${skin.basePath}`,
    authUrl: skin.authPath === undefined ? undefined : `${server.origin}${skin.authPath}`,
    origin: server.origin,
    credentials: skin.credentials as readonly PartnerCredentials<SkinProvider>[],
  }));
  const one = (provider: SkinProvider | undefined): StartedSkin => {
    if (provider === undefined && started.size > 1) throw new RangeError('several skins run: say which provider the fault is for');
    const found = provider === undefined ? [...started.values()][0] : started.get(provider);
    if (!found) throw new RangeError(`the ${provider} skin is not running`);
    return found;
  };
  return {
    endpoints,
    endpoint: <P extends SkinProvider>(provider: P) => {
      const found = endpoints.find((e) => e.provider === provider);
      if (!found) throw new RangeError(`the ${provider} skin is not running`);
      return found as ProviderEndpoint as ProviderEndpoint<P>;
    },
    world,
    clock: world.clock,
    mutate: (change) => mutator.apply(change),
    injectFault: ({ provider, ...fault }) => {
      const { faults } = one(provider);
      if ('random' in fault) faults.setRandom(fault.random);
      else faults.add(fault);
    },
    callCount: (provider, credential) =>
      provider === undefined
        ? [...started.values()].reduce((sum, s) => sum + s.calls.count(credential), 0)
        : (started.get(provider)?.calls.count(credential) ?? 0),
    skin: (provider) => one(provider).skin,
    close: async () => {
      await Promise.all([...started.values()].map((s) => s.server.close()));
    },
  };
}
