/**
 * What a provider brings to the contract suite: how to start its sandbox skin, the connection
 * settings that make a race span several pages, how its ids name a world registration, and the cases
 * it cannot do, each with the reason.
 */
import type { ProviderName } from '../../../src/providers/types.js';
import type { ProviderEndpoint, Sandbox, SandboxOptions, SkinProvider } from '../../../src/sandbox/index.js';
import type { Registration, World, WorldRace } from '../../../src/sandbox/world/index.js';

export type ContractCase =
  | 'good credentials' | 'bad credentials' | 'expired token' | 'full read' | 'idempotent re-read' | 'changes'
  | 'malformed record' | 'resume' | 'mass-delete guard' | 'throttle'
  | 'result corrected' | 'dnf to finish' | 'result withdrawn';

export interface ContractHarness {
  provider: ProviderName & SkinProvider;
  /** World and skin options beyond the suite's (the suite sets seed, partners, one event, its size). */
  sandbox?: Partial<SandboxOptions>;
  /** Registrations in the suite's race: with `settings`, at least three participant pages. */
  registrationsPerRace: number;
  /** Connection settings: small pages, fast retries. */
  settings: Record<string, unknown>;
  /** The connection's credentials from the sandbox's (already under the connection flags' names). */
  credentials(endpoint: ProviderEndpoint): Record<string, string>;
  /** Credentials the provider refuses. */
  badCredentials(good: Record<string, string>): Record<string, string>;
  /** The values that must never appear in an error message. */
  secrets(good: Record<string, string>): string[];
  /** The race id the adapter stores for a world race (default: the provider's id of it). */
  providerRaceId?(race: WorldRace): string;
  /** The list call that breaks in the resume case (default 2: the first page is committed first). */
  resumeBreakAt?: number;
  /** The participant id the adapter stores for a world registration. */
  participantKey(registration: Registration, race: WorldRace): string;
  /** Registrations the provider shows as active participants of the race now. */
  activeRegistrations(world: World, race: WorldRace): readonly Registration[];
  /** A regular expression matching the provider's participant list calls (for the resume case). */
  participantsCall: RegExp;
  /** How a withdrawal is made at this provider: `remove` (listed no more) or `cancel` (flagged). */
  withdrawal: 'remove' | 'cancel';
  /** Cases this provider cannot do, and why. */
  skips?: Partial<Record<ContractCase, string>>;
}

/** The sandbox's race the suite works on: the first race of partner 1's first event at this provider. */
export function contractRace(sandbox: Sandbox, provider: SkinProvider): WorldRace {
  const [event] = sandbox.world.eventsAt(provider, 1);
  if (!event) throw new Error(`the sandbox has no ${provider} event for partner 1`);
  return event.races[0]!;
}

/** A sandbox partner's credentials as a connection stores them (the flags' names, without the partner number). */
export function connectionCredentials(endpoint: ProviderEndpoint, partner = 1): Record<string, string> {
  const { partner: _, ...fields } = endpoint.credentials[partner - 1]! as unknown as { partner: number } & Record<string, string>;
  return fields;
}
