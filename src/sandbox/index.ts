/**
 * The provider sandbox (DESIGN.md §7): one seeded, provider-neutral world (world/) rendered by a
 * thin skin per provider (skins/), each on its own loopback port, with the shared machinery —
 * budgets, faults, malformed records, the admin API — in server/. `startSandbox` serves any set
 * of skins over one world; `startRunSignupSandbox` is the RunSignUp-only form older callers use.
 */
export { startSandbox, type FaultRequest, type ProviderEndpoint, type Sandbox } from './start.js';
export type { SandboxOptions } from './options.js';
export {
  startRunSignupSandbox,
  type MutationSummary,
  type RunSignupChange,
  type RunSignupSandbox,
  type RunSignupSandboxOptions,
} from './runsignup-sandbox.js';
export type { SandboxCredential, SandboxEventInfo, SandboxPartner, SandboxWorld } from './skins/runsignup/world-view.js';
export type * from './skins/runsignup/shapes.js';
export { SKIN_PROVIDERS, type SkinProvider } from './skins/index.js';
export type { Fault, FaultKind, RandomFaults } from './server/faults.js';
export type { PartnerCredentials } from './server/skin.js';
export type { ChangeSummary, SandboxClock, WorldChange, WorldOptions } from './world/index.js';
