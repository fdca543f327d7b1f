/**
 * Options of a whole sandbox: the world's shape and clock, which skins to serve where, and each
 * skin's switches. Parsed here once; the world and the skins get their parts.
 */
import type { SkinOptions, SkinProvider } from './skins/index.js';
import type { ClockOptions } from './world/clock.js';
import type { WorldOptions } from './world/options.js';

export interface SandboxOptions extends WorldOptions, ClockOptions, SkinOptions {
  /** Skins to start, each on its own port. Default every provider the sandbox has a skin for. */
  providers?: SkinProvider[];
  /** Default 127.0.0.1. */
  host?: string;
  /** Per provider; default 0 (any free port). */
  ports?: Partial<Record<SkinProvider, number>>;
  /** Delay added to every API answer (not admin calls). Default 0. */
  latencyMs?: number;
}
