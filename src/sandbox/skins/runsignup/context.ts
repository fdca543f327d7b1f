/**
 * What every RunSignUp handler receives. Mind the vocabulary (DESIGN.md §1): a RunSignUp *race* is
 * a world event (a race day) and a RunSignUp *event* is a world race (one start).
 */
import type { Corruptions } from '../../server/corruptions.js';
import type { SkinRequest } from '../../server/request.js';
import type { Registration, World, WorldEvent, WorldRace } from '../../world/index.js';
import { ApiError } from './errors.js';
import type { RunSignupIds } from './ids.js';
import type { ResolvedRunSignupOptions } from './options.js';
import type { ResultPost } from './result-posts.js';
import type { RsuParticipant } from './shapes.js';

export interface RsuPartner {
  partner: number;
  partnerId: number;
  apiKey: string;
  apiSecret: string;
}

export interface RsuSkinState {
  world: World;
  options: ResolvedRunSignupOptions;
  ids: RunSignupIds;
  corruptions: Corruptions;
  /** Results POSTed to the API, in order: recorded for the admin state, not applied to the world. */
  posts: ResultPost[];
  /** Renders a participant record (kept per registration object; see participantRenderer). */
  participant: (event: WorldRace, r: Registration) => RsuParticipant;
}

export interface ApiContext extends RsuSkinState {
  request: SkinRequest;
  params: URLSearchParams;
  partner: RsuPartner;
  /** Present on /race/{race_id}/... routes, already checked for existence and ownership. */
  race: WorldEvent | undefined;
  /** The empty_page fault is on: list endpoints answer an empty page. */
  emptyPage: boolean;
}

export function requireRace(context: ApiContext): WorldEvent {
  if (!context.race) throw new Error('route without a race id used a race handler');
  return context.race;
}

/** The RunSignUp event (a world race) of the context's race with this event_id, or error 3. */
export function eventOfRace(context: ApiContext, eventId: number | undefined): WorldRace {
  const event = requireRace(context).races.find((race) => race.ids.runsignup === eventId);
  if (eventId === undefined || !event) throw new ApiError(3);
  return event;
}
