/**
 * RunSignUp pages fed random and spoilt records: `readParticipants` (one `/participants` page) and
 * `readResults` (one `get-results` page of one set), over a client that answers from memory. Every
 * row comes out as a record or as a reject with its reason and raw payload; a valid row is never
 * lost and its bib, names and times come out as RunSignUp meant them (dates are Eastern wall-clock
 * text, `last_modified` unix seconds); rows sharing an id all come out, in page order (the engine
 * keeps the last). Seeded: `FUZZ_SEED=<seed>` replays a failure.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import type { CanonicalParticipant, CanonicalResult } from '../../../src/model/canonical.js';
import type { RunSignupClient } from '../../../src/providers/runsignup/client.js';
import { readParticipants } from '../../../src/providers/runsignup/participants.js';
import { readResults } from '../../../src/providers/runsignup/results.js';
import { parseRunSignupSettings } from '../../../src/providers/runsignup/settings.js';
import {
  bibTextOf, bibValue, clockText, duplicatesOf, fuzzRuns, fuzzSeed, intervalText, nameText, pageOf, buildRows, raceTime, textOf,
  type Field, type RaceTime,
} from './arbitraries.js';
import { assertNamesField, assertRowOutcome, assertParticipant, assertResult, collect, mergePages, pick } from './canonical.js';
import { runsignupParticipants, runsignupResults } from './sandbox-records.js';

const RACE_ID = 12890;
const SET_ID = 691649;
const settings = parseRunSignupSettings({});
const options = { seed: fuzzSeed(), numRuns: fuzzRuns(150), includeErrorInReport: true };

/** A client that answers every call with `body(path)`. */
function clientOf(body: (path: string) => unknown): RunSignupClient {
  return { get: async (path) => body(path), post: async () => { throw new Error('no posts in these tests'); } };
}

// ---- participants ----

interface WallClock {
  year: number; month: number; day: number; hour: number; minute: number;
  /** "09/07/2021 05:05" rather than "9/7/2021 5:05". */
  padded: boolean;
}

interface ParticipantSpec {
  base: Record<string, unknown>;
  idAsText: boolean;
  bib: number | string | null;
  chip: number | string | null;
  firstName: string | null;
  lastName: string | null;
  registered: WallClock | null;
  modified: number | null;
}

const wallClock: fc.Arbitrary<WallClock> = fc
  .record({ at: fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-12-31T23:59:00Z'), noInvalidDate: true }), padded: fc.boolean() })
  .map(({ at, padded }) => ({ year: at.getUTCFullYear(), month: at.getUTCMonth() + 1, day: at.getUTCDate(), hour: at.getUTCHours(), minute: at.getUTCMinutes(), padded }));

const participantBases = runsignupParticipants();
const participantSpec: fc.Arbitrary<ParticipantSpec> = fc.record({
  base: fc.constantFrom(...participantBases),
  idAsText: fc.boolean(),
  bib: fc.option(bibValue, { nil: null }),
  chip: fc.option(bibValue, { nil: null }),
  firstName: fc.option(nameText, { nil: null }),
  lastName: fc.option(nameText, { nil: null }),
  registered: fc.option(wallClock, { nil: null }),
  modified: fc.option(fc.integer({ min: 0, max: 4_102_444_800 }), { nil: null }),
});

const PARTICIPANT_FIELDS: readonly Field[] = [
  { path: 'registration_id', type: 'number', required: true },
  { path: 'event_id', type: 'number' },
  { path: 'bib_num', type: 'text' },
  { path: 'chip_num', type: 'text' },
  { path: 'age', type: 'number' },
  { path: 'registration_date', type: 'text', date: true },
  { path: 'last_modified', type: 'number', date: true },
  { path: 'team_name', type: 'text' },
  { path: 'amount_paid', type: 'text' },
  { path: 'user', type: 'object', required: true },
  { path: 'user.first_name', type: 'text' },
  { path: 'user.last_name', type: 'text' },
  { path: 'user.email', type: 'text' },
  { path: 'user.dob', type: 'text', date: true },
  { path: 'user.gender', type: 'text' },
  { path: 'user.address', type: 'object' },
  { path: 'user.address.city', type: 'text' },
];

const pad = (value: number, padded: boolean): string => (padded ? String(value).padStart(2, '0') : String(value));
const usDateTime = (w: WallClock): string => `${pad(w.month, w.padded)}/${pad(w.day, w.padded)}/${w.year} ${pad(w.hour, w.padded)}:${String(w.minute).padStart(2, '0')}`;

function participantRaw(spec: ParticipantSpec, id: number): Record<string, unknown> {
  const raw = structuredClone(spec.base) as Record<string, unknown> & { user: Record<string, unknown> };
  raw.registration_id = spec.idAsText ? String(id) : id;
  raw.event_id = RACE_ID;
  raw.bib_num = spec.bib;
  raw.chip_num = spec.chip;
  raw.user.first_name = spec.firstName;
  raw.user.last_name = spec.lastName;
  raw.registration_date = spec.registered === null ? null : usDateTime(spec.registered);
  raw.last_modified = spec.modified;
  return raw;
}

/** What RunSignUp meant, worked out here: wall-clock Eastern time by luxon, unix seconds by arithmetic. */
function expectedParticipant(spec: ParticipantSpec, id: number, raw: unknown): Partial<CanonicalParticipant> {
  const w = spec.registered;
  return {
    providerParticipantId: String(id),
    providerRaceId: String(RACE_ID),
    bib: bibTextOf(spec.bib),
    chip: bibTextOf(spec.chip),
    firstName: textOf(spec.firstName),
    lastName: textOf(spec.lastName),
    registeredAt: w === null ? null : DateTime.fromObject({ year: w.year, month: w.month, day: w.day, hour: w.hour, minute: w.minute }, { zone: 'America/New_York' }).toJSDate(),
    providerModifiedAt: spec.modified === null ? null : new Date(spec.modified * 1000),
    raw,
  };
}

async function readParticipantPage(rows: unknown[]) {
  const client = clientOf(() => [{ event: { event_id: RACE_ID, participants: [] }, participants: rows }]);
  const pages = await collect(readParticipants(client, settings, { providerEventId: '1', providerRaceIds: [String(RACE_ID)] }));
  assert.equal(pages.length, 1, 'a short page is the only page');
  assert.equal(pages[0]!.resumeAfter, null);
  return mergePages(pages, assertParticipant);
}

describe('RunSignUp participants page', () => {
  it('every row is a record or a reject; valid rows come out as RunSignUp meant them', async () => {
    await fc.assert(fc.asyncProperty(pageOf(participantSpec, PARTICIPANT_FIELDS), async (rows) => {
      const ids = rows.map((_, index) => 10_000_000 + index);
      const built = buildRows(rows, (spec, index) => participantRaw(spec, ids[index]!));
      const page = await readParticipantPage(built.map((row) => row.raw));
      assert.equal(page.records.length + page.rejects.length, built.length, 'a row went missing');
      built.forEach(({ raw, mutation, mustReject }, index) => {
        const record = page.records.find((r) => r.raw === raw);
        const reject = page.rejects.find((r) => r.raw === raw);
        assert.ok((record === undefined) !== (reject === undefined), `row ${index} is ${record ? 'both a record and a reject' : 'neither a record nor a reject'}`);
        if (mutation === null) {
          assert.ok(record, `valid row ${index} was rejected: ${reject?.reason}`);
          const expected = expectedParticipant(rows[index]!.spec, ids[index]!, raw);
          assert.deepEqual(pick(record, Object.keys(expected) as (keyof CanonicalParticipant)[]), expected);
        } else if (mustReject) {
          assert.ok(reject, `row ${index} with ${mutation.path} ${mutation.kind} was taken`);
          assertNamesField(reject.reason, mutation.path);
        }
        // A reject keeps the registration id wherever it can still be read (the deletion diff needs it).
        if (reject && mutation?.path !== 'registration_id') assert.equal(reject.key, String(ids[index]));
      });
    }), options);
  });

  it('numeric bibs become their digits, never "123.0" or a number', async () => {
    await fc.assert(fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 2 ** 31 }), { minLength: 1, maxLength: 10 }), async (bibs) => {
      const raws = bibs.map((bib, index) => ({ ...participantRaw({ ...plainSpec(), bib, chip: bib }, 20_000_000 + index) }));
      const page = await readParticipantPage(raws);
      assert.deepEqual(page.records.map((r) => r.bib), bibs.map((bib) => bib.toFixed(0)));
      assert.deepEqual(page.records.map((r) => r.chip), bibs.map((bib) => bib.toFixed(0)));
    }), options);
  });

  it('rows sharing a registration id all come out, in page order', async () => {
    const page = fc.array(participantSpec, { minLength: 2, maxLength: 12 }).chain((specs) => fc.tuple(fc.constant(specs), duplicatesOf(specs.length)));
    await fc.assert(fc.asyncProperty(page, async ([specs, owners]) => {
      const ids = owners.map((owner) => 30_000_000 + owner);
      const raws = specs.map((spec, index) => participantRaw(spec, ids[index]!));
      const { records, rejects } = await readParticipantPage(raws);
      assert.deepEqual(rejects, []);
      assert.deepEqual(records.map((r) => r.providerParticipantId), ids.map(String));
      assert.deepEqual(records.map((r) => r.raw), raws);
    }), options);
  });

  it('regressions: times past the store\'s range are rejects, not Invalid Dates or year 0 or 10000', async () => {
    const base = participantRaw(plainSpec(), 40_000_001);
    const cases: [string, unknown][] = [
      ['last_modified', 1e15], ['registration_date', '1/1/0000 00:00'], ['registration_date', '12/31/9999 23:59'],
    ];
    const raws = [...cases.map(([field, value], index) => ({ ...base, registration_id: 40_000_010 + index, [field]: value })),
      { ...base, registration_id: 40_000_020, user: { ...(base.user as object), dob: '0000-01-01' } }];
    const page = await readParticipantPage(raws);
    assert.deepEqual(page.records, []);
    assert.deepEqual(page.rejects.map((r) => r.key), ['40000010', '40000011', '40000012', '40000020']);
    for (const [reject, field] of page.rejects.map((r, i) => [r, [...cases.map(([f]) => f), 'dob'][i]!] as const)) assertNamesField(reject.reason, field);
  });
});

/** A plain valid spec, for properties about one field. */
function plainSpec(): ParticipantSpec {
  return {
    base: participantBases[0]!, idAsText: false, bib: 1, chip: null, firstName: 'Ana', lastName: 'Lee',
    registered: { year: 2025, month: 3, day: 9, hour: 2, minute: 30, padded: false }, modified: 1_735_728_565,
  };
}

// ---- results ----

type ClockField = { time: RaceTime; short: boolean } | { status: 'DNF' | 'DNS' | 'DQ' | 'dnq' };

interface ResultSpec {
  base: Record<string, unknown>;
  place: number | null;
  placeAsText: boolean;
  bib: number | string | null;
  firstName: string | null;
  lastName: string | null;
  clock: ClockField | null;
  chip: RaceTime | null;
}

const resultBases = runsignupResults();
const HEADERS = resultBases[0]!.headers;
const GENDER_COLUMN = Object.keys(HEADERS).find((key) => HEADERS[key] === 'All Male')!;
const clockField: fc.Arbitrary<ClockField> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ time: raceTime, short: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ status: fc.constantFrom('DNF', 'DNS', 'DQ', 'dnq') }) },
);
const resultSpec: fc.Arbitrary<ResultSpec> = fc.record({
  base: fc.constantFrom(...resultBases.map((b) => b.row)),
  place: fc.option(fc.integer({ min: 1, max: 50_000 }), { nil: null }),
  placeAsText: fc.boolean(),
  bib: fc.option(bibValue, { nil: null }),
  firstName: fc.option(nameText, { nil: null }),
  lastName: fc.option(nameText, { nil: null }),
  clock: fc.option(clockField, { nil: null }),
  chip: fc.option(raceTime, { nil: null }),
});

const RESULT_FIELDS: readonly Field[] = [
  { path: 'result_id', type: 'number', required: true },
  { path: 'place', type: 'number' },
  { path: 'bib', type: 'text' },
  { path: 'first_name', type: 'text' },
  { path: 'last_name', type: 'text' },
  { path: 'gender', type: 'text' },
  { path: 'age', type: 'number' },
  { path: 'clock_time', type: 'text', date: true },
  { path: 'chip_time', type: 'text', date: true },
  { path: GENDER_COLUMN, type: 'number' },
];

/** "8:27.42" for a time under an hour when `short`, else "H:MM:SS[.ff]". */
function timeText(time: RaceTime, short: boolean): string {
  if (!short || time.seconds >= 3600) return clockText(time);
  return clockText(time).replace(/^0:/, '');
}

function resultRaw(spec: ResultSpec, id: number): Record<string, unknown> {
  const clock = spec.clock === null ? '' : 'status' in spec.clock ? spec.clock.status : timeText(spec.clock.time, spec.clock.short);
  return {
    ...structuredClone(spec.base),
    result_id: id,
    place: spec.place === null ? null : spec.placeAsText ? String(spec.place) : spec.place,
    bib: spec.bib,
    first_name: spec.firstName,
    last_name: spec.lastName,
    clock_time: clock,
    chip_time: spec.chip === null ? '' : clockText(spec.chip),
  };
}

const STATUSES = { DNF: 'dnf', DNS: 'dns', DQ: 'dq', dnq: 'dq' } as const;

function expectedResult(spec: ResultSpec, id: number, raw: unknown): Partial<CanonicalResult> {
  const clock = spec.clock;
  return {
    providerResultId: String(id),
    providerRaceId: String(RACE_ID),
    resultSet: String(SET_ID),
    bib: bibTextOf(spec.bib),
    firstName: textOf(spec.firstName),
    lastName: textOf(spec.lastName),
    clockTime: clock !== null && 'time' in clock ? intervalText(clock.time) : null,
    chipTime: spec.chip === null ? null : intervalText(spec.chip),
    overallPlace: spec.place,
    status: clock !== null && 'status' in clock ? STATUSES[clock.status] : 'finished',
    raw,
  };
}

async function readResultPage(rows: unknown[]) {
  const set = { individual_result_set_id: SET_ID, individual_result_set_name: 'Overall Results' };
  const client = clientOf((path) => (path.endsWith('/get-result-sets')
    ? { individual_results_sets: [set] }
    : { individual_results_sets: [{ ...set, results_headers: HEADERS, results: rows }] }));
  const pages = await collect(readResults(client, settings, { providerEventId: '1', providerRaceId: String(RACE_ID) }));
  assert.equal(pages.length, 1);
  return mergePages(pages, assertResult);
}

describe('RunSignUp results page', () => {
  it('every row is a result or a reject; valid rows keep their bib, names, times and status', async () => {
    await fc.assert(fc.asyncProperty(pageOf(resultSpec, RESULT_FIELDS), async (rows) => {
      const ids = rows.map((_, index) => 900_000_000 + index);
      const built = buildRows(rows, (spec, index) => resultRaw(spec, ids[index]!));
      const page = await readResultPage(built.map((row) => row.raw));
      assert.equal(page.records.length + page.rejects.length, built.length, 'a row went missing');
      built.forEach(({ raw, mutation, mustReject }, index) => {
        const record = page.records.find((r) => r.raw === raw);
        const reject = page.rejects.find((r) => r.raw === raw);
        assertRowOutcome(index, record, reject, mutation === null
          ? { expected: expectedResult(rows[index]!.spec, ids[index]!, raw) }
          : { spoilt: `${mutation!.path} ${mutation!.kind}`, field: mutation!.path, mustReject });
      });
    }), options);
  });

  it('rows sharing a result id all come out, in page order', async () => {
    const page = fc.array(resultSpec, { minLength: 2, maxLength: 12 }).chain((specs) => fc.tuple(fc.constant(specs), duplicatesOf(specs.length)));
    await fc.assert(fc.asyncProperty(page, async ([specs, owners]) => {
      const raws = specs.map((spec, index) => resultRaw(spec, 900_000_000 + owners[index]!));
      const { records, rejects } = await readResultPage(raws);
      assert.deepEqual(rejects, []);
      assert.deepEqual(records.map((r) => r.providerResultId), owners.map((owner) => String(900_000_000 + owner)));
    }), options);
  });
});
