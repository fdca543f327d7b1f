/**
 * Every provider skin the sandbox can serve, by name. A skin is a thin renderer of the one world,
 * following its section of providers.md, with the same core files in every folder: index.ts (the
 * Skin: paths, caller, throttle and expiry answers), options.ts (its switches), auth.ts, api.ts
 * (routing and the order of checks), context.ts (what handlers receive), errors.ts (its error
 * bodies) and state.ts (its admin state). The rest is named after the provider's own resources.
 */
import type { Skin } from '../server/skin.js';
import type { ProviderName, World } from '../world/index.js';
import { createChronoTrackSkin, type ChronoTrackSkinOptions } from './chronotrack/index.js';
import { createCopernicoSkin, type CopernicoSkinOptions } from './copernico/index.js';
import { createHakuSkin, type HakuSkinOptions } from './haku/index.js';
import { createRaceRosterSkin, type RaceRosterSkinOptions } from './raceroster/index.js';
import { createRunSignupSkin, type RunSignupSkinOptions } from './runsignup/index.js';

export interface SkinOptions {
  runsignup?: RunSignupSkinOptions;
  raceroster?: RaceRosterSkinOptions;
  haku?: HakuSkinOptions;
  chronotrack?: ChronoTrackSkinOptions;
  copernico?: CopernicoSkinOptions;
}

export const SKIN_PROVIDERS = ['runsignup', 'raceroster', 'haku', 'chronotrack', 'copernico'] as const satisfies readonly ProviderName[];
export type SkinProvider = (typeof SKIN_PROVIDERS)[number];

export function createSkin(provider: SkinProvider, world: World, options: SkinOptions): Skin {
  switch (provider) {
    case 'runsignup':
      return createRunSignupSkin(world, options.runsignup);
    case 'raceroster':
      return createRaceRosterSkin(world, options.raceroster);
    case 'haku':
      return createHakuSkin(world, options.haku);
    case 'chronotrack':
      return createChronoTrackSkin(world, options.chronotrack);
    case 'copernico':
      return createCopernicoSkin(world, options.copernico);
  }
}
