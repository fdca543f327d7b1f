/**
 * GET /api/v1/events/{eventId}/participants (path verified, RR4; the rest [INFERRED] per §3.3):
 * offset+limit or page+limit, limit clamped at 100, an optional subEventId filter, and `metadata`
 * {totalCount, page, perPage, totalPages}. Active and cancelled registrations are listed (status
 * says which); removed and transferred ones are simply gone. No modified-since filter exists
 * (none is documented): every read is a full read.
 */
import { HttpError } from '../../server/http-error.js';
import type { Registration, WorldRace } from '../../world/index.js';
import { requireEvent, type ApiContext } from './context.js';
import { metadataOf, readInt, readPaging } from './params.js';
import { renderParticipant } from './render-participants.js';

export function racesAsked(context: ApiContext): WorldRace[] {
  const event = requireEvent(context);
  const subEventId = readInt(context.params, 'subEventId', 1) ?? readInt(context.params, 'resultsRaceId', 1);
  if (subEventId === undefined) return event.races;
  const race = event.races.find((r) => r.ids.raceroster === subEventId);
  if (!race) throw new HttpError(404, `Sub-event ${subEventId} is not part of this event.`);
  return [race];
}

export function getParticipants(context: ApiContext): unknown {
  const { world, corruptions } = context;
  const paging = readPaging(context.params, 50);
  const listed = racesAsked(context)
    .flatMap((race) => world.registrationsWith(race, 'active', 'cancelled').map((r) => ({ race, r })))
    .sort((a, b) => a.r.id - b.r.id);
  const page = context.emptyPage ? [] : listed.slice(paging.offset, paging.offset + paging.limit);
  return {
    data: page.map(({ race, r }: { race: WorldRace; r: Registration }) => corruptions.apply('participant', r.id, renderParticipant(race, r))),
    metadata: metadataOf(listed.length, paging),
  };
}
