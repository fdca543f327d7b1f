/**
 * Races and events as RunSignUp shows them (a RunSignUp race is a world event, its events the
 * world's races). Event start times are in the race's time zone; every other date-time is US
 * Eastern (providers.md §1.1, "Timezone rule").
 */
import type { WorldEvent, WorldRace } from '../../world/index.js';
import { EASTERN, formatMoney, formatPaddedDate, formatUsDateTime } from './formats.js';
import { raceEventDaysId } from './ids.js';
import type { RsuEvent, RsuRace } from './shapes.js';

export function renderEvent(event: WorldRace): RsuEvent {
  const race = event.event;
  const closes = event.start - 3600;
  return {
    event_id: event.ids.runsignup as number,
    race_event_days_id: raceEventDaysId(race),
    name: event.name,
    details: event.details,
    start_time: formatUsDateTime(event.start, race.timeZone),
    end_time: null,
    age_calc_base_date: null,
    registration_opens: formatUsDateTime(event.registrationOpens, EASTERN),
    event_type: 'running_race',
    distance: event.distanceLabel,
    volunteer: 'F',
    require_dob: event.distance.km < 2 ? 'F' : 'T',
    require_phone: event.index % 2 === 0 ? 'T' : 'F',
    registration_periods: [
      {
        registration_opens: formatUsDateTime(event.registrationOpens, EASTERN),
        registration_closes: formatUsDateTime(event.earlyUntil - 60, EASTERN),
        race_fee: formatMoney(event.earlyFeeCents),
        processing_fee: formatMoney(Math.round(event.earlyFeeCents * 0.05)),
      },
      {
        registration_opens: formatUsDateTime(event.earlyUntil, EASTERN),
        registration_closes: formatUsDateTime(closes, EASTERN),
        race_fee: formatMoney(event.feeCents),
        processing_fee: formatMoney(Math.round(event.feeCents * 0.05)),
      },
    ],
    sub_event_ids: [],
    giveaway: null,
  };
}

export interface RenderRaceOptions {
  /** Events to include; omitted → no `events` key (as /races without events=T). */
  events?: readonly WorldRace[];
  /** Race detail (GET /race/{id}) adds can_use_registration_api. */
  detail?: boolean;
}

/**
 * `next_date` is the race's current date even when it is past (RunSignUp keeps showing the most
 * recent date until the race renews), so /races date filters see every race.
 */
export function renderRace(race: WorldEvent, options: RenderRaceOptions = {}): RsuRace {
  const raceId = race.ids.runsignup as number;
  const date = formatPaddedDate(race.start, race.timeZone);
  const lastDate = race.past ? date : race.lastYearStart === null ? null : formatPaddedDate(race.lastYearStart, race.timeZone);
  const slug = `${race.theme.replace(/\W/g, '')}${raceId}`;
  const rendered: RsuRace = {
    race_id: raceId,
    name: race.name,
    last_date: lastDate,
    last_end_date: lastDate,
    next_date: date,
    next_end_date: date,
    is_draft_race: 'F',
    is_private_race: race.isPrivate ? 'T' : 'F',
    is_registration_open: race.past ? 'F' : 'T',
    created: formatUsDateTime(race.createdAt, EASTERN),
    last_modified: formatUsDateTime(race.lastModifiedAt, EASTERN),
    description: `<p>The ${race.theme} in ${race.city.city}. This a loop course.</p>`,
    url: `https://runsignup.com/Race/${race.city.region}/${race.city.city.replace(/\W/g, '')}/${slug}`,
    external_race_url: null,
    external_results_url: null,
    fb_page_id: race.index % 4 === 0 ? `race${raceId}` : null,
    fb_event_id: null,
    address: {
      street: race.street,
      city: race.city.city,
      state: race.city.region,
      zipcode: race.city.postalCode,
      country_code: race.city.countryCode,
    },
    timezone: race.timeZone,
    logo_url: race.hasLogo ? `https://d368g9lw5ileu7.cloudfront.net/races/race${raceId}-logo.png` : null,
    real_time_notifications_enabled: 'F',
  };
  if (options.detail) rendered.can_use_registration_api = 'F';
  if (options.events) rendered.events = options.events.map(renderEvent);
  return rendered;
}
