/**
 * Race Roster pages fed random and spoilt records: `readParticipants` (one `/participants` page of an
 * event's two sub-events) and `readResults` (one `/results` page of one sub-event), over a client that
 * answers from memory. Every row comes out as a record, a reject with its reason and raw payload, or
 * as documented: a participant of another sub-event is only counted (`Page.unchanged`), a result of
 * another sub-event or one withdrawn (`active: false`) is passed over. Valid rows keep their bib as
 * text, their names, and their ISO 8601 times as the UTC instant the offset names; rows sharing an
 * id all come out, in page order. Seeded: `FUZZ_SEED=<seed>` replays a failure.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { CanonicalParticipant, CanonicalResult, CanonicalSplit } from '../../../src/model/canonical.js';
import type { RaceRosterClient } from '../../../src/providers/raceroster/client.js';
import { readParticipants } from '../../../src/providers/raceroster/participants.js';
import { readResults } from '../../../src/providers/raceroster/results.js';
import { parseRaceRosterSettings } from '../../../src/providers/raceroster/settings.js';
import {
  bibTextOf, duplicatesOf, fuzzRuns, fuzzSeed, instant, instantOf, intervalText, isoText, nameText, oddText, pageOf, buildRows, raceTime, textOf,
  type Field, type Instant, type Mutation, type RaceTime,
} from './arbitraries.js';
import { assertNamesField, assertRowOutcome, assertParticipant, assertResult, collect, mergePages } from './canonical.js';
import { racerosterParticipants, racerosterResults } from './sandbox-records.js';

const RACES = ['980297', '980298'];
const settings = parseRaceRosterSettings({});
const options = { seed: fuzzSeed(), numRuns: fuzzRuns(150), includeErrorInReport: true };

function clientOf(rows: unknown[]): RaceRosterClient {
  return { get: async () => ({ data: rows, metadata: { totalCount: rows.length } }) };
}

/** Whether a raw id is one Race Roster's parser takes (an id of some sub-event), worked out here. */
const isIdValue = (value: unknown): boolean =>
  (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) || (typeof value === 'string' && /^\d+$/.test(value.trim()));

// ---- participants ----

interface ParticipantSpec {
  base: Record<string, unknown>;
  idAsText: boolean;
  race: string;
  bib: number | string | null;
  firstName: string | null;
  lastName: string | null;
  registered: Instant | null;
  modified: Instant | null;
  status: string | null;
}

const rrBib: fc.Arbitrary<number | string> = fc.oneof(
  fc.integer({ min: 0, max: 9_999_999 }),
  fc.tuple(fc.integer({ min: 0, max: 99_999 }), fc.integer({ min: 1, max: 6 })).map(([n, width]) => String(n).padStart(width, '0')),
  fc.constantFrom(' 42 ', 'A12', 'ÉLITE-1', '1.0', '\u202e17'),
  oddText,
);

const participantSpec: fc.Arbitrary<ParticipantSpec> = fc.record({
  base: fc.constantFrom(...racerosterParticipants()),
  idAsText: fc.boolean(),
  race: fc.constantFrom(...RACES),
  bib: fc.option(rrBib, { nil: null }),
  firstName: fc.option(nameText, { nil: null }),
  lastName: fc.option(nameText, { nil: null }),
  registered: fc.option(instant, { nil: null }),
  modified: fc.option(instant, { nil: null }),
  status: fc.option(fc.constantFrom('active', 'cancelled', 'Cancelled', ' CANCELLED ', 'pending'), { nil: null }),
});

const PARTICIPANT_FIELDS: readonly Field[] = [
  { path: 'participantId', type: 'number', required: true },
  { path: 'registrationId', type: 'number' },
  { path: 'subEventId', type: 'number', required: true },
  { path: 'bibNumber', type: 'text' },
  { path: 'firstName', type: 'text' },
  { path: 'lastName', type: 'text' },
  { path: 'gender', type: 'number' },
  { path: 'dateOfBirth', type: 'text', date: true },
  { path: 'email', type: 'text' },
  { path: 'city', type: 'text' },
  { path: 'region', type: 'any' },
  { path: 'country', type: 'any' },
  { path: 'teamName', type: 'text' },
  { path: 'registrationDate', type: 'text', date: true },
  { path: 'lastModifiedDate', type: 'text', date: true },
  { path: 'status', type: 'text' },
];

function participantRaw(spec: ParticipantSpec, id: number): Record<string, unknown> {
  return {
    ...structuredClone(spec.base),
    participantId: spec.idAsText ? String(id) : id,
    subEventId: Number(spec.race),
    bibNumber: spec.bib,
    firstName: spec.firstName,
    lastName: spec.lastName,
    registrationDate: spec.registered === null ? null : isoText(spec.registered),
    lastModifiedDate: spec.modified === null ? null : isoText(spec.modified),
    status: spec.status,
  };
}

function expectedParticipant(spec: ParticipantSpec, id: number, raw: unknown): Partial<CanonicalParticipant> {
  return {
    providerParticipantId: String(id),
    providerRaceId: spec.race,
    bib: bibTextOf(spec.bib),
    firstName: textOf(spec.firstName),
    lastName: textOf(spec.lastName),
    registeredAt: spec.registered === null ? null : instantOf(spec.registered),
    providerModifiedAt: spec.modified === null ? null : instantOf(spec.modified),
    cancelled: spec.status?.trim().toLowerCase() === 'cancelled',
    raw,
  };
}

async function readParticipantPage(rows: unknown[]) {
  const pages = await collect(readParticipants(clientOf(rows), settings, { providerEventId: '120714', providerRaceIds: RACES }));
  assert.equal(pages.length, 1);
  assert.equal(pages[0]!.total, rows.length);
  return mergePages(pages, assertParticipant);
}

/** A spoilt sub-event id that still names a sub-event, another one than the read covers. */
const movesElsewhere = (mutation: Mutation | null, field: string, covered: readonly string[]): boolean =>
  mutation?.path === field && isIdValue(mutation.value) && !covered.includes(String(mutation.value).trim());

describe('Race Roster participants page', () => {
  it('every row is a record, a reject, or counted as another sub-event\'s; valid rows come out as sent', async () => {
    await fc.assert(fc.asyncProperty(pageOf(participantSpec, PARTICIPANT_FIELDS), async (rows) => {
      const ids = rows.map((_, index) => 500_000_000 + index);
      const built = buildRows(rows, (spec, index) => participantRaw(spec, ids[index]!));
      const page = await readParticipantPage(built.map((row) => row.raw));
      let elsewhere = 0;
      built.forEach(({ raw, mutation, mustReject }, index) => {
        const record = page.records.find((r) => r.raw === raw);
        const reject = page.rejects.find((r) => r.raw === raw);
        if (movesElsewhere(mutation, 'subEventId', RACES)) {
          elsewhere += 1;
          assert.ok(!record && !reject, `row ${index} of another sub-event became a ${record ? 'record' : 'reject'}`);
          assert.ok(page.unchanged.includes(String(ids[index])), `row ${index} of another sub-event is not counted`);
          return;
        }
        assertRowOutcome(index, record, reject, mutation === null
          ? { expected: expectedParticipant(rows[index]!.spec, ids[index]!, raw) }
          : { spoilt: `${mutation!.path} ${mutation!.kind}`, field: mutation!.path, mustReject });
      });
      assert.equal(page.records.length + page.rejects.length + page.unchanged.length, built.length, 'a row went missing');
      assert.equal(page.unchanged.length, elsewhere);
    }), options);
  });

  it('rows sharing a participant id all come out, in page order', async () => {
    const page = fc.array(participantSpec, { minLength: 2, maxLength: 12 }).chain((specs) => fc.tuple(fc.constant(specs), duplicatesOf(specs.length)));
    await fc.assert(fc.asyncProperty(page, async ([specs, owners]) => {
      const raws = specs.map((spec, index) => participantRaw(spec, 500_000_000 + owners[index]!));
      const { records, rejects } = await readParticipantPage(raws);
      assert.deepEqual(rejects, []);
      assert.deepEqual(records.map((r) => r.providerParticipantId), owners.map((owner) => String(500_000_000 + owner)));
    }), options);
  });

  it('regression: a time that lands past year 9999 in UTC is a reject', async () => {
    const raw = participantRaw(fc.sample(participantSpec, { seed: 1, numRuns: 1 })[0]!, 500_000_001);
    const page = await readParticipantPage([{ ...raw, lastModifiedDate: '9999-12-31T23:59:59-05:00' }]);
    assert.equal(page.records.length, 0);
    assertNamesField(page.rejects[0]!.reason, 'lastModifiedDate');
  });
});

// ---- results ----

interface SplitSpec {
  name: string;
  distance: number | null;
  gun: RaceTime;
  chip: RaceTime | null;
}

interface ResultSpec {
  base: Record<string, unknown>;
  bib: number | string | null;
  firstName: string | null;
  lastName: string | null;
  status: string | null;
  active: boolean | null;
  places: [number | null, number | null, number | null];
  gun: RaceTime | null;
  chip: RaceTime | null;
  splits: SplitSpec[];
}

const RACE = RACES[0]!;
const STATUSES: Record<string, CanonicalResult['status']> = { finished: 'finished', FIN: 'finished', dnf: 'dnf', DNS: 'dns', dq: 'dq', Disqualified: 'dq' };
const place = fc.option(fc.integer({ min: 1, max: 100_000 }), { nil: null });

const splitSpecs: fc.Arbitrary<SplitSpec[]> = fc.uniqueArray(
  fc.record({
    name: fc.oneof(fc.constantFrom('5K', 'Half', '10 km', 'Mile 13.1'), nameText.filter((name) => name.trim() !== '')),
    distance: fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: null }),
    gun: raceTime,
    chip: fc.option(raceTime, { nil: null }),
  }),
  { maxLength: 3, selector: (split) => split.name.trim() },
);

const resultSpec: fc.Arbitrary<ResultSpec> = fc.record({
  base: fc.constantFrom(...racerosterResults()),
  bib: fc.option(rrBib, { nil: null }),
  firstName: fc.option(nameText, { nil: null }),
  lastName: fc.option(nameText, { nil: null }),
  status: fc.option(fc.constantFrom(...Object.keys(STATUSES)), { nil: null }),
  active: fc.option(fc.constant(true), { nil: null }),
  places: fc.tuple(place, place, place),
  gun: fc.option(raceTime, { nil: null }),
  chip: fc.option(raceTime, { nil: null }),
  splits: splitSpecs,
});

const RESULT_FIELDS: readonly Field[] = [
  { path: 'resultId', type: 'number', required: true },
  { path: 'subEventId', type: 'number', required: true },
  { path: 'bibNumber', type: 'text' },
  { path: 'firstName', type: 'text' },
  { path: 'lastName', type: 'text' },
  { path: 'gender', type: 'number' },
  { path: 'age', type: 'number' },
  { path: 'status', type: 'text' },
  { path: 'active', type: 'boolean' },
  { path: 'overallPlace', type: 'number' },
  { path: 'genderPlace', type: 'number' },
  { path: 'divisionPlace', type: 'number' },
  { path: 'division', type: 'text' },
  { path: 'gunTime', type: 'text', date: true },
  { path: 'chipTime', type: 'text', date: true },
  { path: 'splits', type: 'any' },
  { path: 'splits.data', type: 'any' },
  { path: 'splits.data.0.name', type: 'text' },
  { path: 'splits.data.0.order', type: 'number' },
  { path: 'splits.data.0.gunTime', type: 'text', date: true },
];

/** "HH:MM:SS[.ff]" as Race Roster writes it (hours padded). */
const rrTime = (time: RaceTime | null): string | null => (time === null ? null : intervalText(time));

function resultRaw(spec: ResultSpec, id: number): Record<string, unknown> {
  const raw: Record<string, unknown> = {
    ...structuredClone(spec.base),
    resultId: id,
    subEventId: RACE,
    bibNumber: spec.bib,
    firstName: spec.firstName,
    lastName: spec.lastName,
    status: spec.status,
    overallPlace: spec.places[0],
    genderPlace: spec.places[1],
    divisionPlace: spec.places[2],
    gunTime: rrTime(spec.gun),
    chipTime: rrTime(spec.chip),
    splits: { data: spec.splits.map((split, index) => ({ name: split.name, order: index + 1, distanceInMeters: split.distance, gunTime: rrTime(split.gun), chipTime: rrTime(split.chip) })) },
  };
  if (spec.active === null) delete raw.active;
  else raw.active = spec.active;
  return raw;
}

function expectedResult(spec: ResultSpec, id: number, raw: unknown): Partial<CanonicalResult> {
  const splits: CanonicalSplit[] = spec.splits.map((split, index) => ({
    name: split.name.trim(), order: index + 1, distanceM: split.distance, clockTime: rrTime(split.gun), chipTime: rrTime(split.chip),
  }));
  return {
    providerResultId: String(id),
    providerRaceId: RACE,
    resultSet: RACE,
    bib: bibTextOf(spec.bib),
    firstName: textOf(spec.firstName),
    lastName: textOf(spec.lastName),
    status: spec.status === null ? 'finished' : STATUSES[spec.status]!,
    overallPlace: spec.places[0],
    genderPlace: spec.places[1],
    divisionPlace: spec.places[2],
    clockTime: rrTime(spec.gun),
    chipTime: rrTime(spec.chip),
    splits,
    raw,
  };
}

async function readResultPage(rows: unknown[]) {
  const pages = await collect(readResults(clientOf(rows), settings, { providerEventId: '120714', providerRaceId: RACE }));
  assert.equal(pages.length, 1);
  return mergePages(pages, assertResult);
}

/** Rows a results read passes over by its documented rules: withdrawn, or of another sub-event. */
const isPassedOver = (mutation: Mutation | null): boolean =>
  (mutation?.path === 'active' && mutation.value === false) || movesElsewhere(mutation, 'subEventId', [RACE]);

describe('Race Roster results page', () => {
  it('every row is a result, a reject, or passed over by rule; valid rows keep bib, names, places and times', async () => {
    await fc.assert(fc.asyncProperty(pageOf(resultSpec, RESULT_FIELDS), async (rows) => {
      const ids = rows.map((_, index) => 700_000_000 + index);
      const built = buildRows(rows, (spec, index) => resultRaw(spec, ids[index]!));
      const page = await readResultPage(built.map((row) => row.raw));
      const passedOver = built.filter((row) => isPassedOver(row.mutation)).length;
      assert.equal(page.records.length + page.rejects.length, built.length - passedOver, 'a row went missing');
      built.forEach(({ raw, mutation, mustReject }, index) => {
        const record = page.records.find((r) => r.raw === raw);
        const reject = page.rejects.find((r) => r.raw === raw);
        if (isPassedOver(mutation)) {
          assert.ok(!record && !reject, `row ${index} passed over by rule came out`);
          return;
        }
        assertRowOutcome(index, record, reject, mutation === null
          ? { expected: expectedResult(rows[index]!.spec, ids[index]!, raw) }
          : { spoilt: `${mutation!.path} ${mutation!.kind}`, field: mutation!.path, mustReject });
      });
    }), options);
  });

  it('rows sharing a result id all come out, in page order', async () => {
    const page = fc.array(resultSpec, { minLength: 2, maxLength: 12 }).chain((specs) => fc.tuple(fc.constant(specs), duplicatesOf(specs.length)));
    await fc.assert(fc.asyncProperty(page, async ([specs, owners]) => {
      const raws = specs.map((spec, index) => resultRaw(spec, 700_000_000 + owners[index]!));
      const { records, rejects } = await readResultPage(raws);
      assert.deepEqual(rejects, []);
      assert.deepEqual(records.map((r) => r.providerResultId), owners.map((owner) => String(700_000_000 + owner)));
    }), options);
  });
});
