/**
 * Made-up people and teams. The awkward cases adapters must survive are deliberately common enough
 * to show up in small worlds: unknown and non-binary gender, no birthdate, no phone, unicode and
 * apostrophe names, foreign addresses. Most people register once; shared people (a pool drawn from
 * by a share of registrations) show up in several races, at several providers, as one person.
 */
import type { WorldRace } from './event-builder.js';
import { FEMALE_FIRST_NAMES, LAST_NAMES, MALE_FIRST_NAMES, MIDDLE_NAMES, TEAM_NAMES, TEAM_TYPES, asciiOf } from './names.js';
import { FOREIGN_CITIES, STREETS, US_CITIES, type City } from './places.js';
import { createRandom, hashSeed, type Random } from './random.js';
import { ageOn, DAY, formatIsoDate } from './time.js';
import type { Address, Gender, Person, Team } from './types.js';

const YEAR = 365.2425 * DAY;
/** Shared people's ids: far above any registration-derived person id. */
const SHARED_PERSON_BASE = 900_000_000;

export function personIdOf(registrationId: number): number {
  return registrationId + 40_000_000;
}

function draftAddress(random: Random, home: City): Address {
  const roll = random.next();
  const city = roll < 0.7 ? home : roll < 0.95 ? random.pick(US_CITIES) : random.pick(FOREIGN_CITIES);
  return {
    street: random.chance(0.03) ? null : `${random.int(1, 9999)} ${random.pick(STREETS)}`,
    city: city.city,
    region: city.region,
    postalCode: city.postalCode,
    countryCode: city.countryCode,
  };
}

export function draftEmail(random: Random, firstName: string, lastName: string): string | null {
  if (random.chance(0.01)) return null;
  const local = `${asciiOf(firstName)}.${asciiOf(lastName)}${random.int(1, 999)}`;
  return random.chance(0.03) ? `${local.toUpperCase()}@Example.com` : `${local}@example.com`;
}

function draftGender(random: Random): Gender {
  const roll = random.next();
  return roll < 0.02 ? null : roll < 0.035 ? 'X' : roll < 0.515 ? 'F' : 'M';
}

function firstNameFor(random: Random, gender: Gender): string {
  const male = gender === 'M' || ((gender === null || gender === 'X') && random.chance(0.5));
  return random.pick(male ? MALE_FIRST_NAMES : FEMALE_FIRST_NAMES);
}

/** Age on race day; distance-shaped so kids run the mile and marathoners are adults. */
function draftAge(random: Random, race: WorldRace): number {
  const youngest = race.distance.km < 2 ? 5 : race.distance.km > 20 ? 18 : 10;
  return Math.max(youngest, Math.min(85, Math.round(34 + random.normal() * 13)));
}

function draftPersonAt(random: Random, id: number, home: City, birthdate: string | null): Person {
  const gender = draftGender(random);
  const firstName = firstNameFor(random, gender);
  const lastName = random.pick(LAST_NAMES);
  return {
    id,
    firstName,
    middleName: random.chance(0.1) ? random.pick(MIDDLE_NAMES) : null,
    lastName,
    email: draftEmail(random, firstName, lastName),
    phone: random.chance(0.1) ? null : `${random.int(201, 989)}-${random.int(200, 999)}-${random.int(1000, 9999)}`,
    birthdate,
    gender,
    address: draftAddress(random, home),
  };
}

/** A person who registers once, with an age that suits the race. */
export function draftPerson(random: Random, race: WorldRace, id: number): { person: Person; age: number | null } {
  const targetAge = draftAge(random, race);
  const dobEpoch = race.start - Math.floor(targetAge * YEAR) - random.int(0, 364) * DAY;
  const dobKnown = !random.chance(0.04);
  const birthdate = dobKnown ? formatIsoDate(dobEpoch, 'UTC') : null;
  const person = draftPersonAt(random, id, race.event.city, birthdate);
  // An age-only registration still has an age; a few have neither.
  const age = birthdate !== null ? ageOn(birthdate, race.start) : random.chance(0.25) ? null : targetAge;
  return { person, age };
}

/** Shared person `index` of the pool: an adult, the same at every registration. */
export function sharedPerson(seed: number, index: number, anchor: number): Person {
  const random = createRandom(hashSeed(seed, 'person', index));
  const age = Math.max(18, Math.min(75, Math.round(38 + random.normal() * 10)));
  const birthdate = formatIsoDate(anchor - Math.floor(age * YEAR) - random.int(0, 364) * DAY, 'UTC');
  return draftPersonAt(random, SHARED_PERSON_BASE + index, random.pick(US_CITIES), birthdate);
}

export function ageAt(person: Person, race: WorldRace): number | null {
  return person.birthdate === null ? null : ageOn(person.birthdate, race.start);
}

/** About one in seven registrations is on a team; a race has a team per ~40 registrations. */
export function draftTeam(random: Random, race: WorldRace): Team | null {
  if (!random.chance(0.15)) return null;
  const teamCount = Math.min(999, Math.max(1, Math.floor(race.count / 40)));
  const t = random.int(0, teamCount - 1);
  const type = TEAM_TYPES[t % TEAM_TYPES.length] as (typeof TEAM_TYPES)[number];
  const baseName = TEAM_NAMES[(t + race.index) % TEAM_NAMES.length] as string;
  return {
    id: 1_000_000 + race.index * 1000 + t,
    name: t >= TEAM_NAMES.length ? `${baseName} ${Math.floor(t / TEAM_NAMES.length) + 1}` : baseName,
    typeId: type.id,
    typeName: type.name,
    gender: (['X', 'M', 'F'] as const)[t % 3] as 'X' | 'M' | 'F',
    bib: t % 2 === 0 ? null : 9000 + t,
  };
}
