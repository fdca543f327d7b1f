/**
 * Events and sub-events as Race Roster shows them (providers.md §3.3): every key of the documented
 * /v1/events object, ISO 8601 with the event zone's offset, region and country as {code, name},
 * sub-events wrapped in {"data": […]}. `customSubEventDate` is set on the sub-events that start at
 * another time than the event, null on the one that starts with it.
 */
import { createRandom, hashSeed } from '../../world/random.js';
import { DAY, formatIsoWithOffset } from '../../world/time.js';
import type { WorldEvent, WorldRace } from '../../world/index.js';
import type { RrEvent, RrSubEvent } from './shapes.js';

const DISTANCE_IDS: Readonly<Record<string, string>> = {
  '5K': '5k', '10K': '10k', '15K': '15k', 'Half Marathon': 'half-marathon', Marathon: 'marathon', '1 Mile Fun Run': '1mi',
};

function slugOf(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

function renderSubEvent(race: WorldRace): RrSubEvent {
  const { distance } = race;
  return {
    subEventId: race.ids.raceroster as number,
    name: race.name,
    maxParticipants: Math.max(100, Math.ceil((race.count * 1.5) / 100) * 100),
    participantMinAge: distance.km < 2 ? 5 : distance.km > 20 ? 18 : 10,
    participantMaxAge: null,
    subEventDistance: {
      id: DISTANCE_IDS[distance.name] ?? slugOf(distance.name),
      type: 'running',
      label: distance.unit === 'mi' ? `${distance.value} mile` : `${distance.value} km`,
      value: distance.value,
      unit: distance.unit,
      inMeters: distance.metres,
    },
    distance: String(distance.value),
    distanceType: distance.unit,
    customSubEventDate: race.start === race.event.start ? null : formatIsoWithOffset(race.start, race.event.timeZone),
  };
}

export function renderEvent(event: WorldEvent): RrEvent {
  const id = event.ids.raceroster as number;
  const slug = slugOf(event.name);
  const zone = event.timeZone;
  const first = event.races[0] as WorldRace;
  const color = createRandom(hashSeed('rr-colour', id)).hex(6);
  return {
    eventId: id,
    type: 'race',
    name: event.name,
    city: event.city.city,
    region: { code: event.city.region, name: event.city.regionName },
    country: { code: event.city.countryCode, name: event.city.countryName },
    startDate: formatIsoWithOffset(event.start, zone),
    timeZone: zone,
    registrationOpenDate: formatIsoWithOffset(first.registrationOpens, zone),
    registrationCloseDate: formatIsoWithOffset(event.start - DAY, zone),
    lastModifiedDate: formatIsoWithOffset(event.lastModifiedAt, 'UTC'),
    url: `https://raceroster.com/events/${event.localDate.slice(0, 4)}/${id}/${slug}`,
    organizerName: `${event.city.city} Road Runners`,
    organizerEmail: `info@${slug}.example.com`,
    organizerPhone: null,
    organizerDashboardUrl: `https://raceroster.com/dashboard/event-organizer/${id}`,
    address: `${event.street}, ${event.city.city}`,
    latitude: event.city.latitude,
    longitude: event.city.longitude,
    locale: event.city.locale,
    description: `<p>The ${event.theme} in ${event.city.city}.</p>`,
    facebook: null,
    twitter: null,
    branding: { logo: event.hasLogo ? `https://cdn.raceroster.com/assets/events/${id}/logo.png` : null, primaryColor: `#${color}` },
    resultsUrl: event.past ? `https://results.raceroster.com/v2/en-US/results/${id}` : null,
    subEvents: { data: event.races.map(renderSubEvent) },
  };
}
