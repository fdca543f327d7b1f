/**
 * Result sets shaped like the real get-results payload (providers.md §1.6, R18): set metadata, an
 * ordered `results_headers` map, and rows whose gender and age-group places live in
 * `division-<id>-placement` columns (there is no gender_place column). Every set of a race shows the
 * world's results visible now, finishers by place and then DNF/DNS/DQ rows; a race already run at
 * the anchor has `resultSetsPerRace` sets, one being run or with posted results has one
 * preliminary set. Per-row quirks (a blank city, a missing age) derive from (set, registration).
 */
import type { ResultNow, World, WorldRace } from '../../world/index.js';
import { hashSeed } from '../../world/random.js';
import { AGE_GROUPS } from '../../world/results-now.js';
import { formatPace, formatRaceTime } from './formats.js';
import { customFieldIdBase, divisionIdBase, type RunSignupIds } from './ids.js';
import type { RsuResultRow, RsuResultSetMeta } from './shapes.js';

const SET_NAMES = ['Overall Results', 'Age Group Results', 'Masters Results', 'Chip Time Results'];
const TIMERS = [
  { name: 'Nova Race Timing', url: 'http://www.novaracetiming.com' },
  { name: 'RunSignUp Timing', url: 'https://runsignup.com/timing' },
  { name: 'Blue Line Timing', url: 'https://example.com/bluelinetiming' },
];
const MILE_KM = 1.609344;
const STATUS_TEXT = { dnf: 'DNF', dns: 'DNS', dq: 'DQ' } as const;

export interface ResultSetView {
  meta: RsuResultSetMeta;
  headers: Record<string, string>;
  /** Position of the set in its race: part of its result ids. */
  position: number;
  placeAsString: boolean;
  bibAsString: boolean;
}

function ageGroupColumn(race: WorldRace, gender: 'M' | 'F', age: number): string | null {
  const group = AGE_GROUPS.findIndex(([low, high]) => age >= low && age <= high);
  return group < 0 ? null : `division-${divisionIdBase(race) + (gender === 'M' ? 0 : 6) + group}-placement`;
}

function genderColumn(race: WorldRace, gender: 'M' | 'F'): string {
  return `division-${divisionIdBase(race) + (gender === 'M' ? 12 : 13)}-placement`;
}

function buildHeaders(race: WorldRace): Record<string, string> {
  const custom = customFieldIdBase(race);
  const headers: Record<string, string> = {
    result_id: 'Result Id', place: 'Place', bib: 'Bib', first_name: 'First Name', last_name: 'Last Name', gender: 'Gender',
    city: 'City', state: 'State', country_code: 'Country', clock_time: 'Clock Time', chip_time: 'Chip Time', pace: 'Pace',
    age: 'Age', age_percentage: 'Age Percentage', [`custom-field-${custom}`]: 'Team Name', [`custom-field-${custom + 1}`]: 'Wave',
  };
  for (const gender of ['M', 'F'] as const) {
    AGE_GROUPS.forEach(([low, high], group) => {
      headers[`division-${divisionIdBase(race) + (gender === 'M' ? 0 : 6) + group}-placement`] = `${gender} ${low}-${high}`;
    });
  }
  headers[genderColumn(race, 'M')] = 'All Male';
  headers[genderColumn(race, 'F')] = 'All Female';
  return headers;
}

function buildSetMeta(race: WorldRace, setId: number, sortOrder: number, preliminary: boolean): RsuResultSetMeta {
  const timer = TIMERS[(race.index + sortOrder) % TIMERS.length] as (typeof TIMERS)[number];
  return {
    individual_result_set_id: setId,
    individual_result_set_name: SET_NAMES[sortOrder] ?? `Results ${sortOrder + 1}`,
    public_results: 'T',
    sort_order: sortOrder,
    results_source_name: timer.name,
    results_source_url: timer.url,
    preliminary_results: preliminary ? 'T' : 'F',
    pace_type: 'T',
    team_column_display_type: race.index % 3,
    alt_event_ids: [],
    hide_splits_in_results: 'F',
    hide_event_names: 'F',
    disable_notifications: 'F',
    result_questions_url: null,
  };
}

/** The sets a race shows now; counting them needs no results generated. */
export function resultSetsOf(world: World, ids: RunSignupIds, setsPerRace: number, race: WorldRace): ResultSetView[] {
  const complete = race.past && setsPerRace > 0;
  const count = complete ? setsPerRace : world.hasResults(race) ? 1 : 0;
  const base = ids.of(race).resultSetIdBase;
  return Array.from({ length: count }, (_, position) => {
    const setId = base + position;
    const flags = hashSeed('result-set-style', setId);
    return {
      meta: buildSetMeta(race, setId, position, !complete),
      headers: buildHeaders(race),
      position,
      placeAsString: flags % 7 === 0,
      bibAsString: flags % 5 === 0,
    };
  });
}

/** Finishers per division column (num_division_finishers), keyed by division id. */
export function divisionFinishers(race: WorldRace, finished: readonly ResultNow[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const view of finished) {
    for (const column of columnsOf(race, view)) {
      const id = column.replace(/^division-(\d+)-placement$/, '$1');
      counts[id] = (counts[id] ?? 0) + 1;
    }
  }
  return counts;
}

function columnsOf(race: WorldRace, view: ResultNow): string[] {
  const gender = view.registration.person.gender;
  if (gender !== 'M' && gender !== 'F') return [];
  const age = view.registration.age;
  const group = age === null ? null : ageGroupColumn(race, gender, age);
  return group === null ? [genderColumn(race, gender)] : [genderColumn(race, gender), group];
}

export function renderRow(set: ResultSetView, race: WorldRace, ids: RunSignupIds, view: ResultNow): RsuResultRow {
  const r = view.registration;
  const numbers = ids.of(race);
  const quirk = hashSeed('result-row', set.meta.individual_result_set_id, r.id);
  const address = quirk % 10 === 0 ? null : r.person.address;
  const finished = view.status === 'finished';
  const clock = view.clock ?? 0;
  const custom = customFieldIdBase(race);
  const row: RsuResultRow = {
    result_id: numbers.resultIdBase + set.position * numbers.resultIdStride + view.result.seq,
    place: view.overallPlace === null ? null : set.placeAsString ? String(view.overallPlace) : view.overallPlace,
    bib: set.bibAsString ? String(r.bib) : r.bib,
    first_name: r.person.firstName,
    last_name: r.person.lastName,
    gender: r.person.gender === 'M' || r.person.gender === 'F' ? r.person.gender : null,
    city: address?.city ?? null,
    state: address?.region ?? null,
    country_code: address?.countryCode ?? null,
    clock_time: finished ? formatRaceTime(clock, race.hundredths) : STATUS_TEXT[view.status as keyof typeof STATUS_TEXT],
    chip_time: finished && view.chip !== null ? formatRaceTime(view.chip, race.hundredths) : '',
    pace: finished ? formatPace((view.chip ?? clock) / (race.distance.km / MILE_KM)) : '',
    age: Math.floor(quirk / 10) % 20 === 0 ? null : r.age,
    age_percentage: '',
    [`custom-field-${custom}`]: r.team?.name ?? '',
    [`custom-field-${custom + 1}`]: String(1 + (r.id % 2)),
  };
  for (const column of Object.keys(set.headers)) {
    if (column.startsWith('division-')) row[column] = null;
  }
  if (finished) {
    const [gender, group] = columnsOf(race, view);
    if (gender) row[gender] = view.genderPlace;
    if (group) row[group] = view.divisionPlace;
  }
  return row;
}
