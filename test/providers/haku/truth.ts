/**
 * What the unified views must hold for a sandbox world, derived from the world itself (not from the
 * Haku payloads), and the rows the views hold, in the same shape.
 */
import { DateTime } from 'luxon';
import type { Database } from '../../../src/db/database.js';
import type { Sandbox } from '../../../src/sandbox/index.js';
import { eventsOf } from './helpers.js';

const midnight = (date: string, zone: string) => DateTime.fromISO(date, { zone }).toJSDate();

export interface EventRow {
  provider_event_id: string;
  name: string;
  start_time: Date;
  start_time_precision: string;
  time_zone: string;
  city: string | null;
  region: string | null;
  country: string | null;
}

export interface RaceRow {
  provider_event_id: string;
  provider_race_id: string;
  name: string;
  start_time: Date;
  start_time_precision: string;
  distance: string | null;
}

export interface ParticipantRow {
  provider_participant_id: string;
  provider_race_id: string;
  bib: string | null;
  chip: string | null;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  gender: string | null;
  birthdate: string | null;
  age: number | null;
  city: string | null;
  region: string | null;
  country: string | null;
  team_name: string | null;
  amount_paid: string | null;
  registered_at: Date;
  provider_modified_at: Date;
}

const byKey = <T>(key: (row: T) => string) => (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

export function expectedEvents(sandbox: Sandbox): EventRow[] {
  return eventsOf(sandbox)
    .map((event) => ({
      provider_event_id: event.ids.haku!,
      name: event.name,
      start_time: midnight(event.localDate, event.timeZone),
      start_time_precision: 'date',
      time_zone: event.timeZone,
      city: event.city.city,
      region: event.city.region,
      country: null,
    }))
    .sort(byKey((e) => e.provider_event_id));
}

export function expectedRaces(sandbox: Sandbox): RaceRow[] {
  return eventsOf(sandbox)
    .flatMap((event) => event.races.map((race) => ({
      provider_event_id: event.ids.haku!,
      provider_race_id: String(race.ids.haku),
      name: race.name,
      start_time: midnight(event.localDate, event.timeZone),
      start_time_precision: 'date',
      distance: race.distance.name,
    })))
    .sort(byKey((r) => r.provider_race_id));
}

/** Active registrations of every Haku event of partner 1, but the ones named in `except`. */
export function expectedParticipants(sandbox: Sandbox, except: ReadonlySet<string> = new Set()): ParticipantRow[] {
  return eventsOf(sandbox)
    .flatMap((event) => event.races.flatMap((race) => sandbox.world.registrationsWith(race, 'active').map((r) => ({
      provider_participant_id: `R-${r.id}`,
      provider_race_id: String(race.ids.haku),
      bib: r.bib === null ? null : String(r.bib),
      chip: r.chip,
      first_name: r.person.firstName,
      last_name: r.person.lastName,
      email: r.person.email,
      gender: r.person.gender,
      birthdate: r.person.birthdate,
      age: r.age,
      city: r.person.address.city,
      region: r.person.address.region,
      country: r.person.address.countryCode,
      team_name: r.team?.name ?? null,
      amount_paid: (r.paidCents / 100).toFixed(2),
      registered_at: new Date(r.registeredAt * 1000),
      provider_modified_at: new Date(r.modifiedAt * 1000),
    }))))
    .filter((row) => !except.has(row.provider_participant_id))
    .sort(byKey((p) => p.provider_participant_id));
}

export async function storedEvents(db: Database): Promise<EventRow[]> {
  const rows = await db.query<EventRow>(
    `select provider_event_id, name, start_time, start_time_precision, time_zone, city, region, country
     from unified_events where provider = 'haku'`,
  );
  return rows.sort(byKey((e) => e.provider_event_id));
}

export async function storedRaces(db: Database): Promise<RaceRow[]> {
  const rows = await db.query<RaceRow>(
    `select e.provider_event_id, r.provider_race_id, r.name, r.start_time, r.start_time_precision, r.distance
     from unified_races r join events e on e.id = r.event_id where r.provider = 'haku'`,
  );
  return rows.sort(byKey((r) => r.provider_race_id));
}

export async function storedParticipants(db: Database): Promise<ParticipantRow[]> {
  const rows = await db.query<ParticipantRow>(
    `select u.provider_participant_id, r.provider_race_id, u.bib, u.chip, u.first_name, u.last_name, u.email, u.gender,
            u.birthdate, u.age, u.city, u.region, u.country, u.team_name, u.amount_paid, u.registered_at, u.provider_modified_at
     from unified_participants u join races r on r.id = u.race_id where u.provider = 'haku'`,
  );
  return rows.sort(byKey((p) => p.provider_participant_id));
}

/** Keys of the participants a change of `kind` names, sorted. */
export async function changedKeys(db: Database, kind: string): Promise<string[]> {
  const rows = await db.query<{ key: string }>(
    `select p.provider_participant_id as key from changes c join participants p on p.id = c.entity_id
     where c.entity = 'participant' and c.kind = $1`,
    [kind],
  );
  return rows.map((r) => r.key).sort();
}

export async function storedRejects(db: Database): Promise<{ reason: string; raw: any }[]> {
  return db.query(`select reason, raw from rejects where provider = 'haku' order by id`);
}
