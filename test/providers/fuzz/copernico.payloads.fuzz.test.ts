/**
 * Copernico athletes lists fed random and spoilt athletes: `readParticipants` and `readResults` over a
 * client that streams the list's JSON text from memory, cut into chunks at random places (a bare
 * array, or under `data`), in pages of five. Every athlete comes out as a record, a reject with its
 * reason and raw payload (an element that is not JSON included), or — results only, as documented —
 * not at all while it has no result (not started, on course, withdrawn). Valid athletes keep their
 * dorsal as text and their names as given, or repaired where Copernico served UTF-8 read as Latin-1;
 * times in milliseconds become interval text. Athletes listed twice both come out, in list order.
 * Seeded: `FUZZ_SEED=<seed>` replays a failure.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { CanonicalParticipant, CanonicalResult, CanonicalSplit } from '../../../src/model/canonical.js';
import { SyncError } from '../../../src/errors.js';
import type { CopernicoClient } from '../../../src/providers/copernico/client.js';
import { readParticipants } from '../../../src/providers/copernico/participants.js';
import { check, raceEventSchema } from '../../../src/providers/copernico/payloads.js';
import { readResults } from '../../../src/providers/copernico/results.js';
import { parseCopernicoSettings } from '../../../src/providers/copernico/settings.js';
import {
  bibTextOf, bibValue, buildRows, calendarDate, duplicatesOf, fuzzRuns, fuzzSeed, nameText, pageOf, textOf, type Field, type Mutation, type PageRow,
} from './arbitraries.js';
import { assertNamesField, assertParticipant, assertResult, collect, mergePages, pick } from './canonical.js';
import { copernicoAthletes } from './sandbox-records.js';

const RACE = 'generali-maraton-malaga-2025';
const EVENT = 'Maratón';
const settings = parseCopernicoSettings({ pageSize: 5 });
const options = { seed: fuzzSeed(), numRuns: fuzzRuns(120), includeErrorInReport: true };

/** An element of the list: an athlete, or text that is no JSON (balanced, so the list itself still splits). */
type Element = { athlete: Record<string, unknown> } | { text: string };

const NOT_JSON = ['{"id":"X-1",}', '{"id": NaN}', '{\'id\': 1}', '[1,,2]', 'tru', '01', 'undefined', '{"name":"\\x41"}'] as const;

/** Streams the list's text in chunks cut at `cuts` (fractions of its length). */
function clientOf(elements: Element[], wrapped: boolean, cuts: number[]): CopernicoClient {
  const array = `[${elements.map((e) => ('text' in e ? e.text : JSON.stringify(e.athlete))).join(',\n ')}]`;
  const body = wrapped ? `{"gunTime": 1746871200000, "data": ${array}, "count": ${elements.length}}` : array;
  const at = [...new Set(cuts.map((cut) => Math.floor(cut * body.length)))].sort((a, b) => a - b);
  const chunks = [0, ...at].map((start, index) => body.slice(start, at[index] ?? body.length)).filter((chunk) => chunk !== '');
  return {
    getJson: async () => { throw new Error('not used'); },
    openText: async () => (async function* () { yield* chunks; })(),
    postJson: async () => { throw new Error('not used'); },
    fail: (errorClass, message, more) => new SyncError(errorClass, message, more),
    pause: async () => undefined,
    maxAttempts: 1,
  };
}

const stream = fc.record({ wrapped: fc.boolean(), cuts: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 }) });
const query = { providerEventId: RACE, providerRaceIds: [`${RACE}/${EVENT}`] };
/** What the adapter sees of an element: JSON's copy of it. */
const served = (element: Element): unknown => ('text' in element ? element.text : JSON.parse(JSON.stringify(element.athlete)));

// ---- names: as given, or served as mojibake and meant repaired ----

const LATIN1_WITH_HIGH = (text: string): boolean => /^[\u0000-\u00ff]*$/.test(text) && /[\u0080-\u00ff]/.test(text);
const ORIGINALS = ['José', 'María', 'Zoë', 'Müller', 'Ørsted', 'Urdà', 'Mirò', 'Nguyễn', 'Łukasz', 'Ğül', 'Šárka', '李', 'Иван', '🏃 Ana', 'Àlex ', ' Núria\u00a0'] as const;

interface Name {
  sent: string | null;
  meant: string | null;
}

/** Served as it was written, where it cannot be taken for mojibake (or is a known Latin-1 name). */
const plainName: fc.Arbitrary<Name> = fc.oneof(
  nameText.filter((text) => !LATIN1_WITH_HIGH(text)),
  fc.constantFrom('María', 'Zoë', 'Müller', 'Ørsted', 'Françoise', 'Mirò'),
).map((text) => ({ sent: text, meant: textOf(text) }));

/** UTF-8 read as Latin-1 ("MarÃ\u00ada"): meant as the name it was. */
const mojibakeName: fc.Arbitrary<Name> = fc.constantFrom(...ORIGINALS)
  .map((original) => ({ sent: Buffer.from(original, 'utf8').toString('latin1'), meant: textOf(original) }));

const name: fc.Arbitrary<Name> = fc.oneof(
  { weight: 3, arbitrary: plainName },
  { weight: 2, arbitrary: mojibakeName },
  { weight: 1, arbitrary: fc.constant({ sent: null, meant: null }) },
);

// ---- athletes ----

interface TimeSpec { time: number; net: number | null }

interface AthleteSpec {
  base: Record<string, unknown>;
  idStyle: 'text' | 'number';
  firstName: Name;
  lastName: Name;
  birthdate: string | null;
  dorsal: number | string | null;
  chip: string[] | string | null;
  team: Name;
  status: string | null;
  finish: TimeSpec | null;
  splits: TimeSpec[];
  places: { overall: number | null; gender: number | null; category: number | null; shape: 'flat' | 'pos' | 'under-finish' };
}

const ms = fc.integer({ min: 0, max: 30 * 3_600_000 });
const timeSpec: fc.Arbitrary<TimeSpec> = fc.record({ time: ms, net: fc.option(ms, { nil: null }) });
const place = fc.option(fc.integer({ min: 1, max: 20_000 }), { nil: null });

const athleteSpec: fc.Arbitrary<AthleteSpec> = fc.record({
  base: fc.constantFrom(...copernicoAthletes()),
  idStyle: fc.constantFrom('text', 'number'),
  firstName: name,
  lastName: name,
  birthdate: fc.option(calendarDate, { nil: null }),
  dorsal: fc.option(bibValue, { nil: null }),
  chip: fc.option(fc.oneof(fc.constantFrom('chip_1001', ' E0298 '), fc.array(fc.constantFrom('', ' ', 'chip_7', 'chip_8'), { maxLength: 3 })), { nil: null }),
  team: name,
  status: fc.option(fc.constantFrom('finished', 'Finished', 'dnf', 'retired', 'dns', 'dsq', 'withdrawn', 'notstarted', 'running', ''), { nil: null }),
  finish: fc.option(timeSpec, { nil: null }),
  splits: fc.array(timeSpec, { maxLength: 3 }),
  places: fc.record({ overall: place, gender: place, category: place, shape: fc.constantFrom('flat', 'pos', 'under-finish') }),
});

const FIELDS: readonly Field[] = [
  { path: 'id', type: 'text', required: true },
  { path: 'name', type: 'text' },
  { path: 'surname', type: 'text' },
  { path: 'gender', type: 'text' },
  { path: 'birthdate', type: 'text', date: true },
  { path: 'email', type: 'text' },
  { path: 'events', type: 'object', required: true },
  { path: 'events.0', type: 'object', required: true },
  { path: 'events.0.status', type: 'text' },
  { path: 'events.0.dorsal', type: 'text' },
  { path: 'events.0.chip', type: 'any' },
  { path: 'events.0.category', type: 'text' },
  { path: 'events.0.team', type: 'text' },
  { path: 'events.0.times', type: 'object' },
  { path: 'events.0.times.Meta', type: 'object' },
  { path: 'events.0.times.Meta.time', type: 'number', date: true },
  { path: 'events.0.times.Meta.netTime', type: 'number', date: true },
  { path: 'events.0.times.Km 5.order', type: 'number' },
  { path: 'events.0.rankings', type: 'any' },
  { path: 'events.0.rankings.general', type: 'any' },
];

const SPLIT_NAMES = ['Km 5', 'Km 10', 'Media'];
const timeOf = (t: TimeSpec, order: number) => ({ order, distance: 5000 * order, time: t.time, netTime: t.net });

function athleteRaw(spec: AthleteSpec, n: number): Record<string, unknown> {
  const base = structuredClone(spec.base) as Record<string, unknown> & { events: Record<string, unknown>[] };
  const times: Record<string, unknown> = Object.fromEntries(spec.splits.map((split, index) => [SPLIT_NAMES[index]!, timeOf(split, index + 1)]));
  if (spec.finish) times.Meta = timeOf(spec.finish, spec.splits.length + 1);
  const { overall, gender, category, shape } = spec.places;
  const value = (p: number | null) => (shape === 'pos' && p !== null ? { pos: p } : p);
  const flat = { general: value(overall), gender: value(gender), category: value(category) };
  return {
    ...base,
    id: spec.idStyle === 'text' ? `RR-${n}` : n,
    name: spec.firstName.sent,
    surname: spec.lastName.sent,
    birthdate: spec.birthdate,
    events: [{
      ...base.events[0],
      status: spec.status, event: EVENT, dorsal: spec.dorsal, chip: spec.chip, team: spec.team.sent, club: 'Club Atletismo', times,
      rankings: shape === 'under-finish' ? { Meta: flat } : flat,
    }],
  };
}

const chipOf = (chip: AthleteSpec['chip']): string | null => (Array.isArray(chip) ? chip : [chip]).map((c) => c?.trim()).find((c) => c) ?? null;
const athleteId = (spec: AthleteSpec, n: number): string => (spec.idStyle === 'text' ? `RR-${n}` : String(n));

function expectedParticipant(spec: AthleteSpec, n: number): Partial<CanonicalParticipant> {
  return {
    providerParticipantId: `${RACE}/${athleteId(spec, n)}`,
    providerRaceId: `${RACE}/${EVENT}`,
    bib: bibTextOf(spec.dorsal),
    chip: chipOf(spec.chip),
    firstName: spec.firstName.meant,
    lastName: spec.lastName.meant,
    birthdate: spec.birthdate,
    teamName: spec.team.meant ?? 'Club Atletismo',
  };
}

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

/** Milliseconds since the gun as interval text, worked out here. */
function durationText(total: number | null): string | null {
  if (total === null) return null;
  const seconds = Math.floor(total / 1000);
  const text = `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}`;
  return total % 1000 === 0 ? text : `${text}.${pad(total % 1000, 3)}`;
}

const FINAL: Record<string, CanonicalResult['status']> = { dnf: 'dnf', retired: 'dnf', dns: 'dns', dsq: 'dq' };

/** The result Copernico meant, `null` for an athlete with none yet, 'reject' for a finish without a time. */
function expectedResult(spec: AthleteSpec, n: number): Partial<CanonicalResult> | null | 'reject' {
  const word = spec.status?.trim().toLowerCase() ?? '';
  let status: CanonicalResult['status'] | null;
  if (word === 'finished') {
    if (spec.finish === null) return 'reject';
    status = 'finished';
  } else if (word in FINAL) status = FINAL[word]!;
  else if (word === 'withdrawn') status = null;
  else status = spec.finish ? 'finished' : null;
  if (status === null) return null;
  const splits: CanonicalSplit[] = spec.splits.map((split, index) => ({
    name: SPLIT_NAMES[index]!, order: index + 1, distanceM: 5000 * (index + 1), clockTime: durationText(split.time), chipTime: durationText(split.net),
  }));
  return {
    providerResultId: `${RACE}/${athleteId(spec, n)}`,
    providerRaceId: `${RACE}/${EVENT}`,
    resultSet: EVENT,
    bib: bibTextOf(spec.dorsal),
    firstName: spec.firstName.meant,
    lastName: spec.lastName.meant,
    clockTime: durationText(spec.finish?.time ?? null),
    chipTime: durationText(spec.finish?.net ?? null),
    overallPlace: spec.places.overall,
    genderPlace: spec.places.gender,
    divisionPlace: spec.places.category,
    status,
    splits,
  };
}

/** A page row, or an element that is no JSON at all. */
type Listed = PageRow<AthleteSpec> | { broken: string };
const listed: fc.Arbitrary<Listed[]> = fc.tuple(pageOf(athleteSpec, FIELDS), fc.array(fc.tuple(fc.nat(), fc.constantFrom(...NOT_JSON)), { maxLength: 2 }))
  .map(([rows, broken]) => {
    const out: Listed[] = [...rows];
    for (const [at, text] of broken) out.splice(at % (out.length + 1), 0, { broken: text });
    return out;
  });

interface Built { element: Element; mutation: Mutation | null; mustReject: boolean; spec: AthleteSpec | null; n: number }

function build(items: Listed[]): Built[] {
  return items.map((item, index) => {
    const n = 10_000_000 + index;
    if ('broken' in item) return { element: { text: item.broken }, mutation: null, mustReject: true, spec: null, n };
    const [row] = buildRows([item], (spec) => athleteRaw(spec, n));
    return { element: { athlete: row!.raw }, mutation: row!.mutation, mustReject: row!.mustReject, spec: item.spec, n };
  });
}

/** The raw payload as JSON text: what was served and what the adapter kept compare by it. */
const jsonOf = (value: unknown): string => JSON.stringify(value);

/**
 * Each element's outcome: the records and rejects whose raw payload is what was served, and how many
 * elements of the list are that same payload (each of them has its own outcome, all alike).
 */
function outcomesOf<T extends { raw: unknown }>(all: Built[], records: T[], rejects: { reason: string; raw: unknown }[]) {
  const sent = all.map((b) => jsonOf(served(b.element)));
  const kept = { records: records.map((r) => jsonOf(r.raw)), rejects: rejects.map((r) => jsonOf(r.raw)) };
  return sent.map((raw) => ({
    record: records.filter((_, i) => kept.records[i] === raw),
    reject: rejects.filter((_, i) => kept.rejects[i] === raw),
    twins: sent.filter((other) => other === raw).length,
  }));
}

describe('Copernico athletes as participants', () => {
  it('every athlete is a record or a reject; valid athletes come out as Copernico meant them', async () => {
    await fc.assert(fc.asyncProperty(listed, stream, async (items, { wrapped, cuts }) => {
      const built = build(items);
      const pages = await collect(readParticipants(clientOf(built.map((b) => b.element), wrapped, cuts), settings, query));
      const page = mergePages(pages, assertParticipant);
      assert.equal(page.records.length + page.rejects.length, built.length, 'an athlete went missing');
      assert.ok(pages.slice(0, -1).every((p) => p.records.length + p.rejects.length === settings.pageSize && p.resumeAfter !== null));
      assert.equal(pages[pages.length - 1]!.resumeAfter, null);
      const outcomes = outcomesOf(built, page.records, page.rejects);
      built.forEach((b, index) => {
        const { record, reject, twins } = outcomes[index]!;
        assert.equal(record.length + reject.length, twins, `athlete ${index} (listed ${twins} times) came out ${record.length + reject.length} times`);
        if ('text' in b.element) return assert.match(reject[0]!.reason, /not JSON/);
        if (b.mutation === null) {
          assert.equal(reject.length, 0, `valid athlete ${index} was rejected: ${reject[0]?.reason}`);
          const expected = expectedParticipant(b.spec!, b.n);
          assert.deepEqual(pick(record[0]!, Object.keys(expected) as (keyof CanonicalParticipant)[]), expected);
        } else if (b.mustReject) {
          assert.equal(reject.length, twins, `athlete ${index} with ${b.mutation.path} ${b.mutation.kind} was taken`);
          assertNamesField(reject[0]!.reason, b.mutation.path);
        }
      });
    }), options);
  });

  it('athletes listed twice both come out, in list order', async () => {
    const page = fc.array(athleteSpec, { minLength: 2, maxLength: 12 }).chain((specs) => fc.tuple(fc.constant(specs), duplicatesOf(specs.length)));
    await fc.assert(fc.asyncProperty(page, stream, async ([specs, owners], { wrapped, cuts }) => {
      const elements = specs.map((spec, index) => ({ athlete: athleteRaw({ ...spec, idStyle: 'text' }, 10_000_000 + owners[index]!) }));
      const { records, rejects } = mergePages(await collect(readParticipants(clientOf(elements, wrapped, cuts), settings, query)), assertParticipant);
      assert.deepEqual(rejects, []);
      assert.deepEqual(records.map((r) => r.providerParticipantId), owners.map((owner) => `${RACE}/RR-${10_000_000 + owner}`));
    }), options);
  });

  it('regressions: a mojibake name ending in à is repaired whole; a birth date in year 0000 is a reject', async () => {
    const [spec] = fc.sample(athleteSpec, { seed: 6, numRuns: 1 });
    const mojibake = (text: string) => Buffer.from(text, 'utf8').toString('latin1');
    const repaired = athleteRaw({ ...spec!, firstName: { sent: mojibake('Urdà'), meant: 'Urdà' }, lastName: { sent: mojibake(' Núria\u00a0'), meant: 'Núria' } }, 1);
    const early = { ...athleteRaw(spec!, 2), birthdate: '0000-01-01' };
    const { records, rejects } = mergePages(await collect(readParticipants(clientOf([{ athlete: repaired }, { athlete: early }], false, []), settings, query)), assertParticipant);
    assert.deepEqual(records.map((r) => [r.firstName, r.lastName]), [['Urdà', 'Núria']]);
    assertNamesField(rejects[0]!.reason, 'birthdate');
  });
});

describe('Copernico athletes as results', () => {
  it('every athlete is a result, a reject, or has no result yet; valid ones come out as Copernico meant them', async () => {
    await fc.assert(fc.asyncProperty(listed, stream, async (items, { wrapped, cuts }) => {
      const built = build(items);
      const pages = await collect(readResults(clientOf(built.map((b) => b.element), wrapped, cuts), settings, { providerEventId: RACE, providerRaceId: `${RACE}/${EVENT}` }));
      const page = mergePages(pages, assertResult);
      assert.ok(page.records.length + page.rejects.length <= built.length);
      const outcomes = outcomesOf(built, page.records, page.rejects);
      built.forEach((b, index) => {
        const { record, reject, twins } = outcomes[index]!;
        assert.ok([0, twins].includes(record.length + reject.length), `athlete ${index} (listed ${twins} times) came out ${record.length + reject.length} times`);
        if ('text' in b.element) return assert.match(reject[0]!.reason, /not JSON/);
        if (b.mutation === null) {
          const expected = expectedResult(b.spec!, b.n);
          if (expected === null) return assert.equal(record.length + reject.length, 0, `athlete ${index} with no result came out`);
          if (expected === 'reject') return assert.match(reject[0]?.reason ?? '', /times\.Meta has no time/);
          assert.equal(reject.length, 0, `valid athlete ${index} was rejected: ${reject[0]?.reason}`);
          assert.deepEqual(pick(record[0]!, Object.keys(expected) as (keyof CanonicalResult)[]), expected);
        } else if (b.mustReject) {
          assert.equal(reject.length, twins, `athlete ${index} with ${b.mutation.path} ${b.mutation.kind} was taken`);
          assertNamesField(reject[0]!.reason, b.mutation.path);
        }
      });
    }), options);
  });
});

describe('Copernico times out of range', () => {
  it('regression: a time of 1e308 ms is a reject, not hours printed as "2.7e+301"', async () => {
    const [spec] = fc.sample(athleteSpec, { seed: 7, numRuns: 1 });
    const raw = athleteRaw({ ...spec!, status: 'finished', finish: { time: 3_600_000, net: null } }, 1);
    ((raw.events as { times: { Meta: { time: unknown } } }[])[0]!.times.Meta.time) = 1e308;
    const { records, rejects } = mergePages(await collect(readResults(clientOf([{ athlete: raw }], false, []), settings, { providerEventId: RACE, providerRaceId: `${RACE}/${EVENT}` })), assertResult);
    assert.deepEqual(records, []);
    assertNamesField(rejects[0]!.reason, 'events.0.times.Meta.time');
  });

  it('regression: epoch milliseconds past year 9999 are a reject, not an Invalid Date', () => {
    for (const startTime of [8.7e15, 1e15]) {
      const checked = check(raceEventSchema, { name: EVENT, distance: 42195, startTime });
      assert.equal(checked.ok, false, `${startTime} was taken`);
      assertNamesField(checked.ok ? '' : checked.reason, 'startTime');
    }
  });
});
