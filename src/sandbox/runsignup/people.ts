/**
 * Made-up people: names, contact data, age and team. The awkward cases adapters must survive are
 * deliberately common enough to show up in small worlds: null gender, null dob, null phone,
 * unicode and apostrophe names, foreign addresses.
 */
import type { CatalogEvent } from './catalog.js';
import { formatIsoDate } from './formats.js';
import {
  CITIES,
  FEMALE_FIRST_NAMES,
  FOREIGN_CITIES,
  LAST_NAMES,
  MALE_FIRST_NAMES,
  MIDDLE_NAMES,
  STREETS,
  TEAM_NAMES,
  TEAM_TYPES,
  asciiOf,
  type City,
} from './names.js';
import type { Random } from './random.js';
import type { RsuAddress, RsuUser } from './shapes.js';

const YEAR = 365.2425 * 86_400;

export interface Person {
  user: RsuUser;
  age: number | null;
}

export interface Team {
  team_id: number | null;
  team_name: string | null;
  team_type_id: number | null;
  team_type: string | null;
  team_gender: string | null;
  team_bib_num: number | null;
}

export const NO_TEAM: Team = {
  team_id: null,
  team_name: null,
  team_type_id: null,
  team_type: null,
  team_gender: null,
  team_bib_num: null,
};

export function draftAddress(random: Random, home: City): RsuAddress {
  const roll = random.next();
  const city = roll < 0.7 ? home : roll < 0.95 ? random.pick(CITIES) : random.pick(FOREIGN_CITIES);
  return {
    street: random.chance(0.03) ? null : `${random.int(1, 9999)} ${random.pick(STREETS)}`,
    city: city.city,
    state: city.state,
    zipcode: city.zipcode,
    country_code: city.countryCode,
  };
}

export function draftEmail(random: Random, firstName: string, lastName: string): string | null {
  if (random.chance(0.01)) return null;
  const local = `${asciiOf(firstName)}.${asciiOf(lastName)}${random.int(1, 999)}`;
  return random.chance(0.03) ? `${local.toUpperCase()}@Example.com` : `${local}@example.com`;
}

/** Age at the event; distance-shaped so kids run the mile and marathoners are adults. */
function draftAge(random: Random, event: CatalogEvent): number {
  const youngest = event.distance.km < 2 ? 5 : event.distance.km > 20 ? 18 : 10;
  return Math.max(youngest, Math.min(85, Math.round(34 + random.normal() * 13)));
}

export function draftPerson(random: Random, event: CatalogEvent, userId: number): Person {
  const genderRoll = random.next();
  const gender: 'M' | 'F' | null = genderRoll < 0.03 ? null : genderRoll < 0.51 ? 'F' : 'M';
  const firstName = random.pick(gender === 'M' || (gender === null && random.chance(0.5)) ? MALE_FIRST_NAMES : FEMALE_FIRST_NAMES);
  const lastName = random.pick(LAST_NAMES);
  const targetAge = draftAge(random, event);
  const dobEpoch = event.start - Math.floor(targetAge * YEAR) - random.int(0, 364) * 86_400;
  const dobKnown = !random.chance(0.04);
  // An age-only registration still has an age; a few have neither.
  const age = dobKnown ? Math.floor((event.start - dobEpoch) / YEAR) : random.chance(0.25) ? null : targetAge;
  return {
    user: {
      user_id: userId,
      first_name: firstName,
      middle_name: random.chance(0.1) ? random.pick(MIDDLE_NAMES) : null,
      last_name: lastName,
      email: draftEmail(random, firstName, lastName),
      address: draftAddress(random, event.race.city),
      dob: dobKnown ? formatIsoDate(dobEpoch, 'UTC') : null,
      gender,
      phone: random.chance(0.1) ? null : `${random.int(201, 989)}-${random.int(200, 999)}-${random.int(1000, 9999)}`,
      profile_image_url: random.chance(0.05) ? `https://d368g9lw5ileu7.cloudfront.net/users/u${userId}.jpg` : null,
    },
    age,
  };
}

/** About one in seven participants is on a team; an event has a team per ~40 participants. */
export function draftTeam(random: Random, event: CatalogEvent): Team {
  if (!random.chance(0.15)) return NO_TEAM;
  const teamCount = Math.min(999, Math.max(1, Math.floor(event.count / 40)));
  const t = random.int(0, teamCount - 1);
  const type = TEAM_TYPES[t % TEAM_TYPES.length] as (typeof TEAM_TYPES)[number];
  const baseName = TEAM_NAMES[(t + event.index) % TEAM_NAMES.length] as string;
  return {
    team_id: 1_000_000 + event.index * 1000 + t,
    team_name: t >= TEAM_NAMES.length ? `${baseName} ${Math.floor(t / TEAM_NAMES.length) + 1}` : baseName,
    team_type_id: type.id,
    team_type: type.name,
    team_gender: (['X', 'M', 'F'] as const)[t % 3] as string,
    team_bib_num: t % 2 === 0 ? null : 9000 + t,
  };
}
