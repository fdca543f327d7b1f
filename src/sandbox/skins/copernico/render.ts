/**
 * The world rendered as Copernico documents. A Copernico *race* is a world event (addressed by a
 * slug) and its *events* are the world's races (addressed by name). The race document is this
 * skin's assumption (no authenticated race endpoint is documented, §5.4). The athlete document
 * follows §5.3 (K3): one entry per event with status, dorsal, chip, category, and `times` keyed by
 * split name — "Meta" for the finish — in milliseconds since the gun, each with its raw detection.
 */
import type { ResultNow, Registration, WorldEvent, WorldRace } from '../../world/index.js';
import { hostRegistrationKey } from '../../world/provider-ids.js';
import { divisionOf } from '../../world/results-now.js';
import { createRandom, hashSeed } from '../../world/random.js';

const FINISH = 'Meta';
const ms = (seconds: number): number => Math.round(seconds * 1000);

export function renderRace(event: WorldEvent, athletes: (race: WorldRace) => number) {
  return {
    id: event.ids.copernico,
    name: event.name,
    date: event.localDate,
    startTime: ms(event.start),
    timezone: event.timeZone,
    location: event.city.city,
    country: event.city.countryCode,
    events: event.races.map((race) => ({
      name: race.ids.copernico,
      distance: race.distance.metres,
      startTime: ms(race.start),
      splits: [...race.splits.map((s) => ({ name: s.name, order: s.order, distance: s.metres })), { name: FINISH, order: race.splits.length + 1, distance: race.distance.metres }],
      athletes: athletes(race),
    })),
  };
}

const STATUS = { finished: 'finished', dnf: 'dnf', dns: 'dns', dq: 'dsq', running: 'running' } as const;

function statusOf(view: ResultNow | undefined): string {
  if (!view) return 'notstarted';
  if (view.result.withdrawnAt !== null) return 'withdrawn';
  return STATUS[view.status];
}

interface Passing {
  name: string;
  order: number;
  distance: number;
  gun: number;
  chip: number | null;
}

function passingsOf(race: WorldRace, view: ResultNow | undefined): Passing[] {
  if (!view) return [];
  const passings: Passing[] = view.splits.map((s) => ({ name: s.split.name, order: s.split.order, distance: s.split.metres, gun: s.clock, chip: s.chip }));
  if (view.clock !== null && view.status === 'finished') {
    passings.push({ name: FINISH, order: race.splits.length + 1, distance: race.distance.metres, gun: view.clock, chip: view.chip });
  }
  return passings;
}

function timeOf(race: WorldRace, chip: string, p: Passing) {
  const at = ms(race.start + p.gun);
  const device = createRandom(hashSeed('copernico-device', race.id, p.order)).hex(32);
  const net = p.chip ?? p.gun;
  return {
    split: p.name,
    order: p.order,
    distance: p.distance,
    time: ms(p.gun),
    netTime: ms(net),
    average: Math.round((net / 60 / (p.distance / 1000)) * 1000) / 1000,
    averageNet: Math.round((net / 60 / (p.distance / 1000)) * 1000) / 1000,
    raw: {
      created: at, time: new Date(at).toISOString(), chip, location: p.name,
      device: `${device.slice(0, 8)}-${device.slice(8, 12)}-${device.slice(12, 16)}-${device.slice(16, 20)}-${device.slice(20)}`,
      rewind: false, import: false, valid: true, offset: 0, originalTime: at, rawTime: at, times: { official: at, real: at, rawTime: at },
    },
  };
}

export function renderAthlete(race: WorldRace, r: Registration, view: ResultNow | undefined) {
  const chip = r.chip ?? (r.bib === null ? `chip_${r.id}` : `chip_${r.bib}`);
  const passings = passingsOf(race, view);
  const status = statusOf(view);
  const gender = r.person.gender === 'M' ? 'male' : r.person.gender === 'F' ? 'female' : '';
  return {
    // The id the registration was imported (pushed) under: its id at the registration provider.
    id: hostRegistrationKey(race.event, r.id),
    name: r.person.firstName,
    surname: r.person.lastName,
    fullname: `${r.person.firstName} ${r.person.lastName}`,
    gender,
    birthdate: r.person.birthdate,
    events: [{
      status, realStatus: status, event: race.ids.copernico, dorsal: r.bib === null ? '' : String(r.bib), chip: [chip],
      category: divisionOf(r)?.replace(' ', '') ?? '', wave: String(race.position + 1), team: r.team?.name ?? '', club: '', featured: false,
      times: Object.fromEntries(passings.map((p) => [p.name, timeOf(race, chip, p)])),
      rankings: {}, backups: [], mst: [], penalties: [], issuesCount: { data: 0, times: 0 },
    }],
    locations: ['start_line', ...passings.map((p) => p.name)],
    extrafield1: '', extrafield2: '', extrafield3: '', extrafield4: '', extrafield5: '',
  };
}

export type Athlete = ReturnType<typeof renderAthlete>;

/** UTF-8 bytes read as Latin-1: "García" → "GarcÃ­a". */
export const mojibake = (text: string): string => Buffer.from(text, 'utf8').toString('latin1');
