/**
 * ChronoTrack pages fed random and spoilt records, over a client that answers from memory:
 * `readParticipants` (one `/race/{id}/entry` page) and `readResults` (a race's OPEN rows at every
 * interval, then its SEX and AGE rows at the finish, joined into one result per entry). Every entry
 * row comes out as a record or a reject; every result row that is spoilt is a reject or, by the
 * documented joining rules, only adds to or is outweighed within its entry. Valid entries keep their
 * bib as text, their names, and their times as interval text; repeated entry ids: entries all come
 * out, results keep the first finish row. Seeded: `FUZZ_SEED=<seed>` replays a failure.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { CanonicalParticipant, CanonicalResult } from '../../../src/model/canonical.js';
import type { ChronoTrackClient } from '../../../src/providers/chronotrack/client.js';
import type { IntervalSource } from '../../../src/providers/chronotrack/intervals.js';
import { readParticipants } from '../../../src/providers/chronotrack/participants.js';
import { checkRecord, raceSchema } from '../../../src/providers/chronotrack/payloads.js';
import { readResults } from '../../../src/providers/chronotrack/results.js';
import { parseChronoTrackSettings } from '../../../src/providers/chronotrack/settings.js';
import {
  bibTextOf, bibValue, buildRows, calendarDate, clockText, duplicatesOf, fuzzRuns, fuzzSeed, intervalText, mutationOf, nameText, pageOf,
  raceTime, spoil, textOf, type Field, type Mutation, type RaceTime,
} from './arbitraries.js';
import { assertNamesField, assertRowOutcome, assertParticipant, assertResult, collect, mergePages, pick } from './canonical.js';
import { chronotrackEntries, chronotrackResultRows } from './sandbox-records.js';

const RACE = '100088';
const settings = parseChronoTrackSettings({ cancelledEntryStatuses: ['CANCELLED'] });
const options = { seed: fuzzSeed(), numRuns: fuzzRuns(150), includeErrorInReport: true };

/** Answers `rows(query)` as the one page of a list, with the row-count headers CT sends. */
function clientOf(rows: (query: Record<string, unknown>) => unknown[], root: string): ChronoTrackClient {
  return {
    get: async (_path, query) => {
      const list = rows(query ?? {});
      const headers = new Headers({ 'x-ctlive-row-count': String(list.length), 'x-ctlive-page-count': '1', 'x-ctlive-current-page': '1' });
      return { body: { [root]: list }, headers };
    },
    pause: async () => undefined,
    maxAttempts: 1,
  };
}

// ---- entries ----

interface EntrySpec {
  base: Record<string, unknown>;
  idAsNumber: boolean;
  bib: number | string | null;
  firstName: string | null;
  lastName: string | null;
  birthdate: string | null;
  status: string;
}

const entrySpec: fc.Arbitrary<EntrySpec> = fc.record({
  base: fc.constantFrom(...chronotrackEntries()),
  idAsNumber: fc.boolean(),
  bib: fc.option(bibValue, { nil: null }),
  firstName: fc.option(nameText, { nil: null }),
  lastName: fc.option(nameText, { nil: null }),
  // "0000-00-00" is MySQL's zero date: CT's "no birth date".
  birthdate: fc.oneof(calendarDate, fc.constantFrom('0000-00-00', '')),
  status: fc.constantFrom('ACTIVE', 'CANCELLED', 'cancelled', 'CONFIRMED', ''),
});

const ENTRY_FIELDS: readonly Field[] = [
  { path: 'entry_id', type: 'text', required: true },
  { path: 'race_id', type: 'text' },
  { path: 'entry_bib', type: 'text' },
  { path: 'entry_status', type: 'text' },
  { path: 'entry_race_age', type: 'text' },
  { path: 'athlete_first_name', type: 'text' },
  { path: 'athlete_last_name', type: 'text' },
  { path: 'athlete_email', type: 'text' },
  { path: 'athlete_sex', type: 'text' },
  { path: 'athlete_birthdate', type: 'text', date: true },
  { path: 'location_city', type: 'text' },
  { path: 'location_country', type: 'text' },
  { path: 'team_name', type: 'text' },
];

function entryRaw(spec: EntrySpec, id: number): Record<string, unknown> {
  return {
    ...structuredClone(spec.base),
    entry_id: spec.idAsNumber ? id : String(id),
    race_id: RACE,
    entry_bib: spec.bib,
    athlete_first_name: spec.firstName,
    athlete_last_name: spec.lastName,
    athlete_birthdate: spec.birthdate,
    entry_status: spec.status,
  };
}

function expectedEntry(spec: EntrySpec, id: number, raw: unknown): Partial<CanonicalParticipant> {
  return {
    providerParticipantId: String(id),
    providerRaceId: RACE,
    bib: bibTextOf(spec.bib),
    firstName: textOf(spec.firstName),
    lastName: textOf(spec.lastName),
    birthdate: spec.birthdate === '0000-00-00' || spec.birthdate === '' ? null : spec.birthdate,
    cancelled: spec.status.toUpperCase() === 'CANCELLED' ? true : undefined,
    raw,
  };
}

async function readEntryPage(rows: unknown[]) {
  const pages = await collect(readParticipants(clientOf(() => rows, 'race_entry'), settings, { providerEventId: '80197', providerRaceIds: [RACE] }));
  assert.equal(pages.length, 1);
  assert.equal(pages[0]!.total, rows.length);
  return mergePages(pages, assertParticipant);
}

describe('ChronoTrack entries page', () => {
  it('every row is a record or a reject; valid rows come out as sent', async () => {
    await fc.assert(fc.asyncProperty(pageOf(entrySpec, ENTRY_FIELDS), async (rows) => {
      const ids = rows.map((_, index) => 41_000_000 + index);
      const built = buildRows(rows, (spec, index) => entryRaw(spec, ids[index]!));
      const page = await readEntryPage(built.map((row) => row.raw));
      assert.equal(page.records.length + page.rejects.length, built.length, 'a row went missing');
      built.forEach(({ raw, mutation, mustReject }, index) => {
        const record = page.records.find((r) => r.raw === raw);
        const reject = page.rejects.find((r) => r.raw === raw);
        assertRowOutcome(index, record, reject, mutation === null
          ? { expected: expectedEntry(rows[index]!.spec, ids[index]!, raw) }
          : { spoilt: `${mutation!.path} ${mutation!.kind}`, field: mutation!.path, mustReject });
      });
    }), options);
  });

  it('rows sharing an entry id all come out, in page order', async () => {
    const page = fc.array(entrySpec, { minLength: 2, maxLength: 12 }).chain((specs) => fc.tuple(fc.constant(specs), duplicatesOf(specs.length)));
    await fc.assert(fc.asyncProperty(page, async ([specs, owners]) => {
      const raws = specs.map((spec, index) => entryRaw(spec, 41_000_000 + owners[index]!));
      const { records, rejects } = await readEntryPage(raws);
      assert.deepEqual(rejects, []);
      assert.deepEqual(records.map((r) => r.providerParticipantId), owners.map((owner) => String(41_000_000 + owner)));
    }), options);
  });

  it('regression: a birth date in year 0000 (not the zero date) is a reject', async () => {
    const raw = entryRaw(fc.sample(entrySpec, { seed: 4, numRuns: 1 })[0]!, 41_000_001);
    const page = await readEntryPage([{ ...raw, athlete_birthdate: '0000-01-01' }]);
    assert.deepEqual(page.records, []);
    assertNamesField(page.rejects[0]!.reason, 'athlete_birthdate');
  });
});

// ---- results ----

const COURSE = [{ name: '5K', metres: 5000 }, { name: '10K', metres: 10_000 }, { name: 'Half', metres: 21_097.5 }];
const intervals: IntervalSource = async () => ({
  intervals: COURSE.map((split, index) => ({ interval_iv_name: split.name, interval_iv_distance_m: split.metres, race_id: RACE, interval_order: index + 1 })),
  rejects: [],
});

type Time = { time: RaceTime; padded: boolean } | { status: 'DNF' | 'DNS' | 'DQ' | 'DSQ' };

interface ResultSpec {
  base: Record<string, unknown>;
  bib: number | string | null;
  firstName: string | null;
  lastName: string | null;
  /** The finish row; null: the athlete is on course (or has only a status). */
  finish: { interval: string; gun: Time; chip: RaceTime | null; rank: number } | null;
  splits: { gun: RaceTime; chip: RaceTime | null }[];
  sexRank: number | null;
  age: { bracket: string; rank: number } | null;
  status: string | null;
}

const time: fc.Arbitrary<Time> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ time: raceTime, padded: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ status: fc.constantFrom('DNF', 'DNS', 'DQ', 'DSQ') }) },
);

const resultSpec: fc.Arbitrary<ResultSpec> = fc.record({
  base: fc.constantFrom(...chronotrackResultRows()),
  bib: fc.option(bibValue, { nil: null }),
  firstName: fc.option(nameText, { nil: null }),
  lastName: fc.option(nameText, { nil: null }),
  finish: fc.option(fc.record({
    interval: fc.constantFrom('Full Course', 'Finish', 'FULL COURSE'),
    gun: time,
    chip: fc.option(raceTime, { nil: null }),
    rank: fc.integer({ min: 0, max: 5000 }),
  }), { nil: null, freq: 4 }),
  splits: fc.integer({ min: 0, max: COURSE.length }).chain((n) => fc.array(fc.record({ gun: raceTime, chip: fc.option(raceTime, { nil: null }) }), { minLength: n, maxLength: n })),
  sexRank: fc.option(fc.integer({ min: 1, max: 5000 }), { nil: null }),
  age: fc.option(fc.record({ bracket: fc.constantFrom('M30-39', 'F20-29', 'Women 40+'), rank: fc.integer({ min: 1, max: 500 }) }), { nil: null }),
  status: fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 2, arbitrary: fc.constantFrom('DNF', 'dns', 'DQ', 'ACTIVE') }),
});

const RESULT_FIELDS: readonly Field[] = [
  { path: 'results_entry_id', type: 'text', required: true },
  { path: 'results_bib', type: 'text' },
  { path: 'results_first_name', type: 'text' },
  { path: 'results_last_name', type: 'text' },
  { path: 'results_sex', type: 'text' },
  { path: 'results_age', type: 'text' },
  { path: 'results_bracket_name', type: 'text' },
  { path: 'results_interval_name', type: 'text', required: true },
  { path: 'results_rank', type: 'text' },
  { path: 'results_time', type: 'text', date: true },
  { path: 'results_gun_time', type: 'text', date: true },
  { path: 'entry_status', type: 'text' },
];

type Bracket = 'OPEN' | 'SEX' | 'AGE';
interface ResultRow { entry: number; bracket: Bracket; raw: Record<string, unknown> }

const timeText = (t: Time): string => ('status' in t ? t.status : t.padded ? intervalText(t.time) : clockText(t.time));

/** The entry's rows as CT lists them: splits and finish in OPEN, the finish again in SEX and AGE. */
function resultRows(spec: ResultSpec, id: number, entry: number): ResultRow[] {
  const person = { ...structuredClone(spec.base), results_entry_id: String(id), results_bib: spec.bib, results_first_name: spec.firstName, results_last_name: spec.lastName, entry_status: spec.status };
  const row = (bracket: Bracket, fields: Record<string, unknown>): ResultRow => ({ entry, bracket, raw: { ...person, ...fields } });
  const rows = spec.splits.map((split, index) => row('OPEN', {
    results_bracket_name: 'OPEN', results_interval_name: COURSE[index]!.name, results_rank: '3', results_gun_time: clockText(split.gun), results_time: split.chip === null ? '' : clockText(split.chip),
  }));
  const finish = spec.finish;
  if (finish === null) return rows;
  const at = { results_interval_name: finish.interval, results_gun_time: timeText(finish.gun), results_time: finish.chip === null ? '' : intervalText(finish.chip) };
  rows.push(row('OPEN', { ...at, results_bracket_name: 'OPEN', results_rank: String(finish.rank) }));
  if (spec.sexRank !== null) rows.push(row('SEX', { ...at, results_bracket_name: 'Male', results_rank: String(spec.sexRank) }));
  if (spec.age !== null) rows.push(row('AGE', { ...at, results_bracket_name: spec.age.bracket, results_rank: spec.age.rank }));
  return rows;
}

const STATUS_WORDS: Record<string, CanonicalResult['status']> = { DNF: 'dnf', DNS: 'dns', DQ: 'dq', DSQ: 'dq' };

/** The result CT meant, or null for an athlete still on course; split orders are along the course. */
function expectedResult(spec: ResultSpec, id: number): Partial<CanonicalResult> | null {
  const entryStatus = spec.status === null ? undefined : STATUS_WORDS[spec.status.toUpperCase()];
  const finish = spec.finish;
  const timeStatus = finish && 'status' in finish.gun ? STATUS_WORDS[finish.gun.status] : undefined;
  const status = entryStatus ?? timeStatus ?? (finish ? 'finished' : null);
  // No row at all (no finish, no split) is nothing CT lists.
  if (status === null || (finish === null && spec.splits.length === 0)) return null;
  return {
    providerResultId: String(id),
    providerRaceId: RACE,
    bib: bibTextOf(spec.bib),
    firstName: textOf(spec.firstName),
    lastName: textOf(spec.lastName),
    clockTime: finish && 'time' in finish.gun ? intervalText(finish.gun.time) : null,
    chipTime: finish?.chip ? intervalText(finish.chip) : null,
    overallPlace: finish && finish.rank > 0 ? finish.rank : null,
    genderPlace: finish ? spec.sexRank : null,
    divisionPlace: finish ? (spec.age?.rank ?? null) : null,
    division: finish ? (spec.age?.bracket ?? null) : null,
    status,
  };
}

async function readResultPage(rows: ResultRow[]) {
  const client = clientOf((query) => rows.filter((row) => row.bracket === (query.interval === 'ALL' ? 'OPEN' : query.bracket)).map((row) => row.raw), 'race_results');
  const pages = await collect(readResults(client, settings, { providerEventId: '80197', providerRaceId: RACE }, intervals));
  return mergePages(pages, assertResult);
}

/** The page's entries, and a spoilt field for some of their rows. */
const resultPage = fc.array(resultSpec, { maxLength: 8 }).chain((specs) => {
  const rows = specs.flatMap((spec, entry) => resultRows(spec, 60_000_000 + entry, entry));
  return fc.tuple(fc.constant(specs), fc.array(fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: mutationOf(RESULT_FIELDS) }), { minLength: rows.length, maxLength: rows.length }));
});

describe('ChronoTrack times of events and races', () => {
  it('regression: unix seconds past year 9999 are a reject, not an Invalid Date', () => {
    const checked = checkRecord(raceSchema, { race_id: '1', race_name: '10K', race_start_time: '1000000000000000', race_course_distance: '10000' }, 'race');
    assert.equal(checked.ok, false);
    assertNamesField(checked.ok ? '' : checked.reason, 'race_start_time');
  });
});

describe('ChronoTrack results of a race', () => {
  it('spoilt rows are rejects or joined by the rules; entries without one come out as CT meant them', async () => {
    await fc.assert(fc.asyncProperty(resultPage, async ([specs, mutations]) => {
      const clean = specs.flatMap((spec, entry) => resultRows(spec, 60_000_000 + entry, entry));
      const rows = clean.map((row, index) => {
        const mutation = mutations[index] ?? null;
        return { ...row, mutation, ...(mutation ? spoil(row.raw, mutation) : { raw: row.raw, mustReject: false }) };
      });
      const page = await readResultPage(rows);
      const placesRead = page.records.some((r) => (r.raw as { finish: unknown }).finish !== null);
      for (const reject of page.rejects) {
        const row = rows.find((r) => r.raw === reject.raw);
        assert.ok(row, `reject "${reject.reason}" is not one of the rows`);
        assert.ok(row.mutation, `an unspoilt row was rejected: ${reject.reason}`);
      }
      for (const row of rows) {
        const mutation: Mutation | null = row.mutation;
        if (!row.mustReject || !mutation || (row.bracket !== 'OPEN' && !placesRead)) continue;
        const reject = page.rejects.find((r) => r.raw === row.raw);
        assert.ok(reject, `a row with ${mutation.path} ${mutation.kind} was taken`);
        assertNamesField(reject.reason, mutation.path);
      }
      specs.forEach((spec, entry) => {
        if (rows.some((row) => row.entry === entry && row.mutation)) return;
        const id = String(60_000_000 + entry);
        const expected = expectedResult(spec, 60_000_000 + entry);
        const record = page.records.find((r) => r.providerResultId === id);
        if (expected === null) return assert.equal(record, undefined, `entry ${id} on course came out as a result`);
        assert.ok(record, `entry ${id} is missing`);
        assert.deepEqual(pick(record, Object.keys(expected) as (keyof CanonicalResult)[]), expected);
        const splits = record.splits ?? [];
        assert.deepEqual(splits.map((s) => [s.name, s.distanceM, s.clockTime, s.chipTime]),
          spec.splits.map((split, index) => [COURSE[index]!.name, COURSE[index]!.metres, intervalText(split.gun), split.chip && intervalText(split.chip)]));
        assert.ok(splits.every((s, index) => index === 0 || s.order > splits[index - 1]!.order), `splits of ${id} are out of course order`);
      });
    }), options);
  });

  it('an entry listed twice keeps its first finish row; split orders count the splits along the course', async () => {
    const finisher = resultSpec.map((spec): ResultSpec => ({
      ...spec,
      status: null,
      finish: spec.finish ?? { interval: 'Finish', gun: { time: { seconds: 1800, hundredths: null }, padded: true }, chip: null, rank: 1 },
      sexRank: spec.sexRank ?? 1,
      age: spec.age ?? { bracket: 'F20-29', rank: 1 },
    }));
    const page = fc.array(finisher, { minLength: 2, maxLength: 8 }).chain((specs) => fc.tuple(fc.constant(specs), duplicatesOf(specs.length)));
    await fc.assert(fc.asyncProperty(page, async ([specs, owners]) => {
      const rows = specs.flatMap((spec, entry) => resultRows({ ...spec, splits: [] }, 60_000_000 + owners[entry]!, entry));
      const { records, rejects } = await readResultPage(rows);
      assert.deepEqual(rejects, []);
      // Results come in entry-id order.
      const firsts = [...new Set(owners)].sort((a, b) => a - b);
      assert.deepEqual(records.map((r) => r.providerResultId), firsts.map((owner) => String(60_000_000 + owner)));
      records.forEach((record, index) => {
        const first = specs[owners.indexOf(firsts[index]!)]!;
        const expected = expectedResult({ ...first, splits: [] }, 60_000_000 + firsts[index]!)!;
        assert.deepEqual(pick(record, Object.keys(expected) as (keyof CanonicalResult)[]), expected);
      });
    }), options);
    // With every runner through the same splits, orders are exactly 1, 2, 3 along the course.
    const [spec] = fc.sample(finisher, { seed: 5, numRuns: 1 });
    const splits = COURSE.map(() => ({ gun: { seconds: 60, hundredths: null }, chip: null }));
    const { records } = await readResultPage(resultRows({ ...spec!, splits }, 60_000_001, 0));
    assert.deepEqual(records[0]!.splits!.map((s) => [s.name, s.order]), COURSE.map((split, index) => [split.name, index + 1]));
  });
});
