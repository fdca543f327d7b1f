/**
 * The world rendered as CT Live records (providers.md §2.5): events, races, brackets, intervals,
 * waves and entries, every value a string, times as unix seconds, distances in metres. An entry is
 * a registration at the event's registration provider: `entry_external_id` names it there
 * ("RSU-<registration id>"), `athlete_id` is the person (one athlete across events).
 */
import type { Registration, WorldEvent, WorldRace } from '../../world/index.js';
import { hostRegistrationKey } from '../../world/provider-ids.js';
import { bracketsOf, intervalsOf, primaryBracketName } from './brackets.js';
import { ctRecord, type CtRecord } from './strings.js';

export const entryIdOf = (registrationId: number): number => 41_000_000 + (registrationId - 10_000_000);
export const registrationIdOfEntry = (entryId: number): number => entryId - 41_000_000 + 10_000_000;

export function renderEvent(event: WorldEvent): CtRecord {
  const last = event.races[event.races.length - 1] as WorldRace;
  return ctRecord({
    event_id: event.ids.chronotrack,
    event_name: event.name,
    event_start_time: event.start,
    event_end_time: last.start + 6 * 3600,
    event_is_published: true,
    location_name: `${event.city.city} ${event.street.replace(/^\d+ /, '')}`,
    location_city: event.city.city,
    location_region: event.city.regionName,
    location_country: event.city.countryName,
    location_time_zone: event.timeZone,
  });
}

export function renderRace(race: WorldRace): CtRecord {
  return ctRecord({
    race_id: race.ids.chronotrack,
    race_name: race.name,
    race_tag: race.distance.name.toLowerCase().replace(/\s+/g, '-'),
    race_type: 'running',
    race_order: race.position + 1,
    race_start_time: race.start,
    race_end_time: race.start + 6 * 3600,
    race_default_bracket_id: bracketsOf(race)[0]?.id,
    race_course_distance: race.distance.metres,
  });
}

export const renderBrackets = (race: WorldRace): CtRecord[] =>
  bracketsOf(race).map((b) => ctRecord({ bracket_id: b.id, bracket_name: b.name, bracket_type: b.type, bracket_tag: b.name.toLowerCase(), race_id: race.ids.chronotrack }));

export const renderIntervals = (race: WorldRace): CtRecord[] =>
  intervalsOf(race).map((i) => ctRecord({
    interval_id: i.id, interval_iv_name: i.name, interval_iv_distance_m: i.metres, interval_order: i.index + 1, race_id: race.ids.chronotrack,
  }));

export const renderWave = (race: WorldRace): CtRecord =>
  ctRecord({ wave_id: 600_000 + race.index, wave_name: `Wave ${race.position + 1}`, wave_start_time: race.start, race_name: race.name });

export function renderEntry(race: WorldRace, r: Registration, withBirthdate: boolean): CtRecord {
  const { person } = r;
  const event = race.event;
  return ctRecord({
    entry_id: entryIdOf(r.id),
    event_id: event.ids.chronotrack,
    race_id: race.ids.chronotrack,
    entry_external_id: hostRegistrationKey(event, r.id),
    entry_name: `${person.firstName} ${person.lastName}`.toUpperCase(),
    entry_type: 'INDIVIDUAL',
    entry_status: 'ACTIVE',
    entry_bib: r.bib,
    entry_race_age: r.age,
    athlete_id: person.id,
    athlete_first_name: person.firstName,
    athlete_last_name: person.lastName,
    // [INFERRED] "X" for non-binary: only "M"/"F" are seen in captures.
    athlete_sex: person.gender,
    ...(withBirthdate ? { athlete_birthdate: person.birthdate } : {}),
    athlete_email: person.email,
    athlete_home_phone: '',
    athlete_mobile_phone: person.phone,
    location_city: person.address.city,
    location_region: person.address.region,
    location_country: person.address.countryCode,
    team_id: r.team?.id,
    team_name: r.team?.name,
    bracket_name: primaryBracketName(r),
    wave_name: `Wave ${race.position + 1}`,
    race_name: race.name,
    reg_choice_name: race.name,
  });
}
