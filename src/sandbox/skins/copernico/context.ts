/** What every Copernico handler receives: the partner behind the api key, the resolved race, the query. */
import type { Corruptions } from '../../server/corruptions.js';
import type { World, WorldEvent } from '../../world/index.js';
import type { ResolvedCopernicoOptions } from './options.js';
import type { RegistrationStore } from './registrations.js';

export interface CopernicoSkinState {
  world: World;
  options: ResolvedCopernicoOptions;
  corruptions: Corruptions;
  registrations: RegistrationStore;
}

export interface ApiContext extends CopernicoSkinState {
  params: URLSearchParams;
  partner: number;
  /** The Copernico race (a world event), checked for existence and access. */
  event: WorldEvent | undefined;
  athleteId: string | undefined;
  emptyPage: boolean;
}
