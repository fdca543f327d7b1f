/**
 * Result sets of past events, shaped like the real get-results payload (providers.md §1.6, R18):
 * set metadata, an ordered `results_headers` map, and rows whose gender and age-group places live in
 * `division-<id>-placement` columns. Rows reuse the bibs and names of the event's participants so
 * results can be linked to registrations by bib.
 */
import type { CatalogEvent } from './catalog.js';
import { formatPace, formatRaceTime } from './formats.js';
import { createRandom, hashSeed, type Random } from './random.js';
import type { RsuParticipant, RsuResultRow, RsuResultSetMeta } from './shapes.js';

export interface ResultSetState {
  meta: RsuResultSetMeta;
  headers: Record<string, string>;
  /** Finishers by place first, then DNF/DNS/DQ rows (place null). */
  rows: RsuResultRow[];
  finisherCount: number;
  placeAsString: boolean;
  bibAsString: boolean;
}

const AGE_GROUPS: readonly [number, number][] = [[1, 19], [20, 29], [30, 39], [40, 49], [50, 59], [60, 99]];
const SET_NAMES = ['Overall Results', 'Age Group Results', 'Masters Results', 'Chip Time Results'];
const TIMERS = [
  { name: 'Nova Race Timing', url: 'http://www.novaracetiming.com' },
  { name: 'RunSignUp Timing', url: 'https://runsignup.com/timing' },
  { name: 'Blue Line Timing', url: 'https://example.com/bluelinetiming' },
];
const MILE_KM = 1.609344;

function ageGroupColumn(event: CatalogEvent, gender: 'M' | 'F', age: number): string | null {
  const group = AGE_GROUPS.findIndex(([low, high]) => age >= low && age <= high);
  if (group < 0) return null;
  return `division-${event.divisionIdBase + (gender === 'M' ? 0 : 6) + group}-placement`;
}

function genderColumn(event: CatalogEvent, gender: 'M' | 'F'): string {
  return `division-${event.divisionIdBase + (gender === 'M' ? 12 : 13)}-placement`;
}

export function buildHeaders(event: CatalogEvent): Record<string, string> {
  const headers: Record<string, string> = {
    result_id: 'Result Id',
    place: 'Place',
    bib: 'Bib',
    first_name: 'First Name',
    last_name: 'Last Name',
    gender: 'Gender',
    city: 'City',
    state: 'State',
    country_code: 'Country',
    clock_time: 'Clock Time',
    chip_time: 'Chip Time',
    pace: 'Pace',
    age: 'Age',
    age_percentage: 'Age Percentage',
    [`custom-field-${event.customFieldIdBase}`]: 'Team Name',
    [`custom-field-${event.customFieldIdBase + 1}`]: 'Wave',
  };
  for (const gender of ['M', 'F'] as const) {
    AGE_GROUPS.forEach(([low, high], group) => {
      headers[`division-${event.divisionIdBase + (gender === 'M' ? 0 : 6) + group}-placement`] = `${gender} ${low}-${high}`;
    });
  }
  headers[genderColumn(event, 'M')] = 'All Male';
  headers[genderColumn(event, 'F')] = 'All Female';
  return headers;
}

export function buildSetMeta(event: CatalogEvent, setId: number, sortOrder: number, preliminary: boolean): RsuResultSetMeta {
  const timer = TIMERS[(event.index + sortOrder) % TIMERS.length] as (typeof TIMERS)[number];
  return {
    individual_result_set_id: setId,
    individual_result_set_name: SET_NAMES[sortOrder] ?? `Results ${sortOrder + 1}`,
    public_results: 'T',
    sort_order: sortOrder,
    results_source_name: timer.name,
    results_source_url: timer.url,
    preliminary_results: preliminary ? 'T' : 'F',
    pace_type: 'T',
    team_column_display_type: event.index % 3,
    alt_event_ids: [],
    hide_splits_in_results: 'F',
    hide_event_names: 'F',
    disable_notifications: 'F',
    result_questions_url: null,
  };
}

export function emptyResultSet(event: CatalogEvent, setId: number, sortOrder: number, preliminary: boolean): ResultSetState {
  const flags = hashSeed('result-set-style', setId);
  return {
    meta: buildSetMeta(event, setId, sortOrder, preliminary),
    headers: buildHeaders(event),
    rows: [],
    finisherCount: 0,
    placeAsString: flags % 7 === 0,
    bibAsString: flags % 5 === 0,
  };
}

/** Seconds from "1:13:12", "21:53.15" or "8:27.42". */
export function parseRaceTime(text: string): number {
  return text.split(':').reduce((total, part) => total * 60 + Number(part), 0);
}

function numericBib(participant: RsuParticipant): number | null {
  const bib = participant.bib_num;
  if (bib === null || bib === '') return null;
  const value = Number(bib);
  return Number.isFinite(value) ? value : null;
}

/** Participants who can appear in results: only bibbed runners cross a timing mat. */
export function bibbedParticipants(participants: readonly RsuParticipant[]): RsuParticipant[] {
  return participants.filter((p) => numericBib(p) !== null);
}

export function finishSeconds(random: Random, event: CatalogEvent, participant: RsuParticipant): number {
  const age = participant.age ?? 35;
  const pace = 330 * Math.exp(0.18 * random.normal()) + Math.max(0, age - 45) * 2 + (participant.user.gender === 'F' ? 25 : 0);
  return Math.max(event.distance.km * 150, event.distance.km * pace + random.next());
}

interface RowInput {
  resultId: number;
  place: number | null;
  status: string | null;
  seconds: number;
  participant: RsuParticipant;
}

/** One wire row; `tallies` counts finishers per division column so far and is updated. */
export function renderRow(set: ResultSetState, event: CatalogEvent, input: RowInput, tallies: Map<string, number>, random: Random): RsuResultRow {
  const p = input.participant;
  const address = random.chance(0.1) ? null : p.user.address;
  const finished = input.status === null;
  const chip = finished && event.chipTimed && !random.chance(0.02) ? input.seconds - random.int(0, 90) - random.next() : null;
  const row: RsuResultRow = {
    result_id: input.resultId,
    place: input.place === null ? null : set.placeAsString ? String(input.place) : input.place,
    bib: set.bibAsString ? String(numericBib(p)) : numericBib(p),
    first_name: p.user.first_name,
    last_name: p.user.last_name,
    gender: p.user.gender,
    city: address?.city ?? null,
    state: address?.state ?? null,
    country_code: address?.country_code ?? null,
    clock_time: finished ? formatRaceTime(input.seconds, event.hundredths) : (input.status as string),
    chip_time: chip === null ? '' : formatRaceTime(Math.max(chip, 1), event.hundredths),
    pace: finished ? formatPace((chip ?? input.seconds) / (event.distance.km / MILE_KM)) : '',
    age: random.chance(0.05) ? null : p.age,
    age_percentage: '',
    [`custom-field-${event.customFieldIdBase}`]: p.team_name ?? '',
    [`custom-field-${event.customFieldIdBase + 1}`]: String(1 + (p.registration_id % 2)),
  };
  for (const column of Object.keys(set.headers)) {
    if (column.startsWith('division-')) row[column] = null;
  }
  const gender = p.user.gender;
  if (finished && gender !== null) {
    const columns = [genderColumn(event, gender), p.age === null ? null : ageGroupColumn(event, gender, p.age)];
    for (const column of columns) {
      if (column === null) continue;
      const place = (tallies.get(column) ?? 0) + 1;
      tallies.set(column, place);
      row[column] = place;
    }
  }
  return row;
}

/** Division places handed out so far in a set, recovered from its rows. */
export function tallyDivisions(rows: readonly RsuResultRow[]): Map<string, number> {
  const tallies = new Map<string, number>();
  for (const row of rows) {
    for (const [column, value] of Object.entries(row)) {
      if (column.startsWith('division-') && typeof value === 'number') tallies.set(column, Math.max(tallies.get(column) ?? 0, value));
    }
  }
  return tallies;
}

function pickStatus(random: Random): string | null {
  const roll = random.next();
  return roll < 0.02 ? 'DNF' : roll < 0.04 ? 'DNS' : roll < 0.045 ? 'DQ' : null;
}

/** The base result sets of a past event, from its base (unmutated) participants. */
export function generateResultSets(seed: number, event: CatalogEvent, participants: readonly RsuParticipant[]): ResultSetState[] {
  if (event.resultSetCount === 0) return [];
  const random = createRandom(hashSeed(seed, 'results', event.eventId));
  const runners = bibbedParticipants(participants).map((participant) => ({
    participant,
    status: pickStatus(random),
    seconds: finishSeconds(random, event, participant),
  }));
  const finishers = runners.filter((r) => r.status === null).sort((a, b) => a.seconds - b.seconds);
  const others = runners.filter((r) => r.status !== null);

  const sets: ResultSetState[] = [];
  for (let k = 0; k < event.resultSetCount; k++) {
    const set = emptyResultSet(event, event.resultSetIdBase + k, k, false);
    const rowRandom = createRandom(hashSeed(seed, 'result-rows', event.eventId, k));
    const tallies = new Map<string, number>();
    const firstId = event.resultIdBase + k * (event.count + 1);
    [...finishers, ...others].forEach((runner, i) => {
      const place = runner.status === null ? i + 1 : null;
      set.rows.push(renderRow(set, event, { resultId: firstId + i, place, ...runner }, tallies, rowRandom));
    });
    set.finisherCount = finishers.length;
    sets.push(set);
  }
  return sets;
}
