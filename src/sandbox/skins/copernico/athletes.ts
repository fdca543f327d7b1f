/**
 * GET /api/races/{raceId}/athletes?event=<name> — one unpaged array of athlete documents for an
 * event (all the race's events without `event`), an [INFERRED] endpoint (§5.4: "model … clearly
 * marked as assumptions") — and GET /api/races/{raceId}/athlete/{id}/full (K3). Athletes are the
 * active registrations of the event's registration provider, with the world's results as `times`,
 * plus anything pushed to /race-registrations. A share of them carries mojibake names.
 */
import { HttpError } from '../../server/http-error.js';
import type { Registration, ResultNow, WorldEvent, WorldRace } from '../../world/index.js';
import { hashSeed } from '../../world/random.js';
import type { ApiContext } from './context.js';
import type { Pushed } from './registrations.js';
import { mojibake, renderAthlete, type Athlete } from './render.js';

function racesAsked(event: WorldEvent, name: string | null): WorldRace[] {
  if (name === null) return event.races;
  const race = event.races.find((r) => r.ids.copernico === name);
  if (!race) throw new HttpError(404, `event ${name} not found in race ${event.ids.copernico}`);
  return [race];
}

function resultsByRegistration(context: ApiContext, race: WorldRace): Map<number, ResultNow> {
  const byId = new Map<number, ResultNow>();
  if (!context.world.hasResults(race)) return byId;
  const { finished, unfinished, running, withdrawn } = context.world.results(race);
  for (const view of [...finished, ...unfinished, ...running, ...withdrawn]) byId.set(view.registration.id, view);
  return byId;
}

function garble(athlete: Athlete, registration: Registration, share: number): Athlete {
  if (share === 0 || hashSeed('mojibake', registration.id) % 1000 >= share * 1000) return athlete;
  const [entry] = athlete.events;
  return {
    ...athlete,
    name: mojibake(athlete.name),
    surname: mojibake(athlete.surname),
    fullname: mojibake(athlete.fullname),
    events: entry ? [{ ...entry, team: mojibake(entry.team) }] : athlete.events,
  };
}

/** A pushed item over the world's athlete of the same id, or a new athlete that has not started. */
function withPush(athlete: Athlete | undefined, pushed: Pushed): Athlete {
  const base = athlete ?? pushedAthlete(pushed);
  const dorsal = pushed.dorsal === undefined || pushed.dorsal === null ? base.events[0]?.dorsal ?? '' : String(pushed.dorsal);
  const gender = pushed.gender === 'male' || pushed.gender === 'female' ? pushed.gender : base.gender;
  return {
    ...base,
    name: pushed.name, surname: pushed.surname, fullname: `${pushed.name} ${pushed.surname}`, gender,
    birthdate: typeof pushed.birthdate === 'string' && pushed.birthdate !== '' ? pushed.birthdate : base.birthdate,
    events: base.events.map((entry) => ({ ...entry, dorsal, club: typeof pushed.club === 'string' ? pushed.club : entry.club })),
  };
}

function pushedAthlete(pushed: Pushed): Athlete {
  const event = typeof pushed.eventId === 'string' ? pushed.eventId : '';
  return {
    id: pushed.id, name: pushed.name, surname: pushed.surname, fullname: `${pushed.name} ${pushed.surname}`, gender: '', birthdate: null,
    events: [{
      status: 'notstarted', realStatus: 'notstarted', event, dorsal: '', chip: [], category: '', wave: '', team: '', club: '', featured: false,
      times: {}, rankings: {}, backups: [], mst: [], penalties: [], issuesCount: { data: 0, times: 0 },
    }],
    locations: [], extrafield1: '', extrafield2: '', extrafield3: '', extrafield4: '', extrafield5: '',
  };
}

function athletesOf(context: ApiContext, event: WorldEvent, eventName: string | null): Athlete[] {
  const pushed = context.registrations.pushedTo(event);
  const athletes: Athlete[] = [];
  for (const race of racesAsked(event, eventName)) {
    const results = resultsByRegistration(context, race);
    for (const r of context.world.registrationsWith(race, 'active')) {
      const rendered = garble(renderAthlete(race, r, results.get(r.id)), r, context.options.mojibakeShare);
      const push = pushed.get(rendered.id);
      athletes.push(context.corruptions.apply('participant', r.id, push ? withPush(rendered, push) : rendered));
    }
  }
  const known = new Set(athletes.map((a) => a.id));
  for (const push of pushed.values()) {
    const joins = eventName === null || push.eventId === eventName;
    if (joins && !known.has(push.id)) athletes.push(withPush(undefined, push));
  }
  return athletes;
}

export function listAthletes(context: ApiContext): unknown {
  const event = context.event as WorldEvent;
  return context.emptyPage ? [] : athletesOf(context, event, context.params.get('event'));
}

export function getAthlete(context: ApiContext): unknown {
  const event = context.event as WorldEvent;
  const found = athletesOf(context, event, null).find((a) => a.id === context.athleteId);
  if (!found) throw new HttpError(404, `athlete ${context.athleteId} not found`);
  return found;
}
