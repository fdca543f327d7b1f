/** What every Race Roster handler receives: the authenticated partner, the resolved event, the query. */
import type { Corruptions } from '../../server/corruptions.js';
import type { World, WorldEvent } from '../../world/index.js';
import type { ResolvedRaceRosterOptions } from './options.js';

export interface RrSkinState {
  world: World;
  options: ResolvedRaceRosterOptions;
  corruptions: Corruptions;
}

export interface ApiContext extends RrSkinState {
  params: URLSearchParams;
  partner: number;
  /** Present on /events/{id}/... routes, already checked for existence and access. */
  event: WorldEvent | undefined;
  emptyPage: boolean;
}

export function requireEvent(context: ApiContext): WorldEvent {
  if (!context.event) throw new Error('route without an event id used an event handler');
  return context.event;
}
