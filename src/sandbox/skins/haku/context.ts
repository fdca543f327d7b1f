/** What every Haku handler receives: the authenticated partner, the resolved event, the query. */
import type { Corruptions } from '../../server/corruptions.js';
import type { World, WorldEvent } from '../../world/index.js';
import type { ResolvedHakuOptions } from './options.js';

export interface HakuSkinState {
  world: World;
  options: ResolvedHakuOptions;
  corruptions: Corruptions;
}

export interface ApiContext extends HakuSkinState {
  params: URLSearchParams;
  partner: number;
  /** Present on /events/{id}/... routes, already checked for existence and access. */
  event: WorldEvent | undefined;
  /** The registration number of /events/{id}/registrations/{number}. */
  registrationNumber: string | undefined;
  emptyPage: boolean;
}

export function requireEvent(context: ApiContext): WorldEvent {
  if (!context.event) throw new Error('route without an event id used an event handler');
  return context.event;
}
