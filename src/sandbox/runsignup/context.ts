/** What every API handler receives: the authenticated partner, the resolved race and the query. */
import type { CatalogPartner, CatalogRace } from './catalog.js';
import type { ResolvedOptions } from './options.js';
import type { RunSignupWorld } from './world.js';

export interface ApiContext {
  world: RunSignupWorld;
  options: ResolvedOptions;
  params: URLSearchParams;
  partner: CatalogPartner;
  /** Present on /race/{race_id}/... routes, already checked for existence and ownership. */
  race: CatalogRace | undefined;
}

export function requireRace(context: ApiContext): CatalogRace {
  if (!context.race) throw new Error('route without a race id used a race handler');
  return context.race;
}
