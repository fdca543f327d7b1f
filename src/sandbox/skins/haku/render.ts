/**
 * The world rendered as Haku records: events with a date but no time (event_date, time_zone),
 * registration numbers "R-<id>", the summary list and the full registration detail of §4.3 with
 * the bib as event_categories[0].tag_number. Every removal is a cancellation to Haku (is_cancelled).
 * Spelling quirks (a capitalised "Female") derive from the registration id.
 */
import type { Gender, Registration, WorldEvent, WorldRace } from '../../world/index.js';
import { hashSeed } from '../../world/random.js';
import { formatIsoUtc } from '../../world/time.js';
import type { HakuEvent, HakuParticipantSummary, HakuRegistration } from './shapes.js';

export const registrationNumberOf = (id: number): string => `R-${id}`;
const money = (cents: number): number => cents / 100;

export function renderEvent(event: WorldEvent, today: string): HakuEvent {
  return {
    id: event.ids.haku as string,
    name: event.name,
    event_date: event.localDate,
    event_end_date: event.localDate,
    time_zone: event.timeZone,
    location_name: `${event.city.city} ${['Civic Center', 'Riverfront Park', 'Convention Center'][event.index % 3]}`,
    location_city: event.city.city,
    location_state: event.city.region,
    status: event.localDate < today ? 'inactive' : 'active',
    created_at: formatIsoUtc(event.createdAt),
    updated_at: formatIsoUtc(event.lastModifiedAt),
  };
}

function genderText(gender: Gender, registrationId: number): string {
  if (gender === 'M') return 'male';
  if (gender === 'F') return hashSeed('haku-gender', registrationId) % 3 === 0 ? 'Female' : 'female';
  return gender === 'X' ? 'non-binary' : '';
}

const initialOf = (middle: string | null): string | null => (middle === null ? null : middle.charAt(0));

export function renderSummary(race: WorldRace, r: Registration, withUpdatedAt: boolean): HakuParticipantSummary {
  const { person } = r;
  const initial = initialOf(person.middleName);
  return {
    registration_number: registrationNumberOf(r.id),
    person_full_name: [person.firstName, initial, person.lastName].filter((part) => part !== null).join(' '),
    email: person.email,
    gender: genderText(person.gender, r.id),
    age: r.age,
    team: r.team === null ? null : { name: r.team.name },
    event_category_info: race.name,
    registered_at: formatIsoUtc(r.registeredAt),
    ...(withUpdatedAt ? { updated_at: formatIsoUtc(r.modifiedAt) } : {}),
    is_cancelled: r.status !== 'active',
    transaction_amount: money(r.paidCents),
  };
}

function shirt(r: Registration): { name: string | null; code: string | null } {
  if (r.shirtSize === null) return { name: null, code: null };
  const [cut, letter] = r.person.gender === 'F' ? ["Women's", 'W'] : r.person.gender === 'M' ? ["Men's", 'M'] : ['Unisex', 'U'];
  return { name: `${cut} ${r.shirtSize}`, code: `${letter}${r.shirtSize}` };
}

export function renderRegistration(race: WorldRace, r: Registration): HakuRegistration {
  const { person } = r;
  const h = hashSeed('haku-detail', r.id);
  const created = formatIsoUtc(r.registeredAt);
  const updated = formatIsoUtc(r.modifiedAt);
  const size = shirt(r);
  return {
    registration_number: registrationNumberOf(r.id),
    created_at: created,
    updated_at: updated,
    is_cancelled: r.status !== 'active',
    cancelled_at: r.endedAt === null ? null : formatIsoUtc(r.endedAt),
    transaction_amount: money(r.paidCents),
    participant: {
      account_number: `A-${person.id}`,
      source_system_identifier: null,
      first_name: person.firstName,
      middle_initial: initialOf(person.middleName),
      last_name: person.lastName,
      email: person.email,
      phone: person.phone,
      dob: person.birthdate,
      gender: genderText(person.gender, r.id),
      address: {
        line1: person.address.street, line2: null, city: person.address.city, state: person.address.region,
        zip_code: person.address.postalCode, country: person.address.countryCode,
      },
      additional_questions: [],
      created_at: created,
      updated_at: updated,
    },
    emergency_contact_name: `${['Alex', 'Sam', 'Jordan', 'Chris'][h % 4]} ${person.lastName}`,
    emergency_contact_phone_number: `+1 312 555 ${String(h % 10_000).padStart(4, '0')}`,
    emergency_contact_relationship: ['Spouse', 'Parent', 'Friend', 'Sibling'][(h >>> 4) % 4] as string,
    event_categories: [{
      id: race.ids.haku as number,
      name: race.name,
      master_name: race.distance.name,
      is_active: r.status === 'active',
      participation_option: 'in_person',
      corral_name: r.bib === null ? null : String.fromCharCode(65 + Math.min(5, Math.floor((r.bib - race.bibBase) / 200))),
      wave_name: `Wave ${race.position + 1}`,
      wave_code: `W${race.position + 1}`,
      tag_number: r.bib === null ? null : String(r.bib),
      chip_number: r.chip,
      created_at: created,
      updated_at: updated,
    }],
    shirt_size_name: size.name,
    shirt_size_code: size.code,
    current_pace: null, strava_athlete_identification: null, formatted_submitted_result_time: null,
    fundraising_option: null, fundraised_amount: null, fundraiser_goal: null,
    wants_sms_communications: h % 5 === 0, subscription_number: null,
    team: r.team === null ? null : { name: r.team.name }, entity: null, club: null, partner: null,
    device: h % 3 === 0 ? 'mobile' : 'desktop', browser: 'Chrome', browser_version: '124', os: h % 3 === 0 ? 'iOS' : 'macOS', os_version: '17',
    products: [], additional_questions: [],
  };
}
