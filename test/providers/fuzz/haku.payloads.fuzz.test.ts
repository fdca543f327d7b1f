/**
 * Haku participant pages fed random and spoilt records: `readParticipants` over a client that answers
 * from memory, so a summary page of the list and each registration's detail can be spoilt on either
 * side. Every summary row comes out as a record, a reject with its reason and raw payload, or — as
 * documented — not at all when its detail shows a category the read does not cover. Valid rows keep
 * their bib as text (the tag number, else the chip), their names, and their ISO 8601 stamps as the
 * UTC instant meant (no offset is UTC, the `timestampZone` default); rows sharing a registration
 * number all come out, in list order. Seeded: `FUZZ_SEED=<seed>` replays a failure.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { SyncError } from '../../../src/errors.js';
import type { CanonicalParticipant } from '../../../src/model/canonical.js';
import type { HakuClient } from '../../../src/providers/haku/client.js';
import { readParticipants } from '../../../src/providers/haku/participants.js';
import { recordSchemas } from '../../../src/providers/haku/payloads.js';
import { parseHakuSettings } from '../../../src/providers/haku/settings.js';
import {
  bibTextOf, bibValue, buildRows, duplicatesOf, fuzzRuns, fuzzSeed, instant, instantOf, isoText, nameText, pageOf, textOf,
  type Field, type Instant, type Mutation,
} from './arbitraries.js';
import { assertNamesField, assertRowOutcome, assertParticipant, collect, mergePages } from './canonical.js';
import { hakuRegistrations } from './sandbox-records.js';

const EVENT = 'e735b096f63aaf72e58d';
/**
 * Each row of a page is in its own category (all covered by the read): the read learns which
 * category a name is from the details, taking names to be unique within an event, so a spoilt
 * detail naming another category would otherwise make the later rows of that name another
 * category's too (shown on its own below).
 */
const categoryOf = (index: number): { id: string; name: string } => ({ id: String(4100 + index), name: `${['5K', 'Half Marathon', '1 Mile Fun Run'][index % 3]} #${index}` });
const settings = parseHakuSettings({ detailsPerPage: 500 });
const schemas = recordSchemas(settings);
const options = { seed: fuzzSeed(), numRuns: fuzzRuns(150), includeErrorInReport: true };

interface Pair {
  summary: Record<string, unknown>;
  detail: Record<string, unknown>;
}

/**
 * The list answers page 1 with `rows` and page 2 with nothing; a detail is found by the registration
 * number in its path (a 404 when there is none).
 */
function clientOf(rows: unknown[], details: Map<string, unknown>): HakuClient {
  return {
    get: async (path, params) => {
      if (path === `/events/${EVENT}/participants`) return params?.page === 1 ? rows : [];
      const key = decodeURIComponent(path.slice(`/events/${EVENT}/registrations/`.length));
      if (!details.has(key)) throw new SyncError('not_found', `HTTP 404 for ${path}`);
      return details.get(key);
    },
  };
}

const summaryOf = (raw: unknown): unknown => (raw !== null && typeof raw === 'object' && 'summary' in raw ? (raw as { summary: unknown }).summary : raw);

interface Spec {
  base: Pair;
  keyStyle: 'plain' | 'padded' | 'digits' | 'unicode';
  categoryAsText: boolean;
  tag: number | string | null;
  chip: number | string | null;
  firstName: string | null;
  lastName: string | null;
  registered: Instant | null;
  created: Instant | null;
  summaryUpdated: Instant | null;
  detailUpdated: Instant | null;
  cancelled: boolean;
}

const spec: fc.Arbitrary<Spec> = fc.record({
  base: fc.constantFrom(...hakuRegistrations()),
  keyStyle: fc.constantFrom('plain', 'padded', 'digits', 'unicode'),
  categoryAsText: fc.boolean(),
  tag: fc.option(bibValue, { nil: null }),
  chip: fc.option(bibValue, { nil: null }),
  firstName: fc.option(nameText, { nil: null }),
  lastName: fc.option(nameText, { nil: null }),
  registered: fc.option(instant, { nil: null }),
  created: fc.option(instant, { nil: null }),
  summaryUpdated: fc.option(instant, { nil: null }),
  detailUpdated: fc.option(instant, { nil: null }),
  cancelled: fc.oneof({ weight: 3, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
});

const FIELDS: readonly Field[] = [
  { path: 'summary.registration_number', type: 'text', required: true },
  { path: 'summary.person_full_name', type: 'text' },
  { path: 'summary.email', type: 'text' },
  { path: 'summary.gender', type: 'text' },
  { path: 'summary.age', type: 'number' },
  { path: 'summary.team', type: 'object' },
  { path: 'summary.event_category_info', type: 'text' },
  { path: 'summary.registered_at', type: 'text', date: true },
  { path: 'summary.updated_at', type: 'text', date: true },
  { path: 'summary.is_cancelled', type: 'boolean' },
  { path: 'summary.transaction_amount', type: 'number' },
  { path: 'detail.registration_number', type: 'text', required: true },
  { path: 'detail.created_at', type: 'text', date: true },
  { path: 'detail.updated_at', type: 'text', date: true },
  { path: 'detail.is_cancelled', type: 'boolean' },
  { path: 'detail.transaction_amount', type: 'number' },
  { path: 'detail.participant', type: 'object', required: true },
  { path: 'detail.participant.first_name', type: 'text' },
  { path: 'detail.participant.last_name', type: 'text' },
  { path: 'detail.participant.dob', type: 'text', date: true },
  { path: 'detail.participant.gender', type: 'text' },
  { path: 'detail.participant.address', type: 'object' },
  { path: 'detail.event_categories', type: 'object', required: true },
  { path: 'detail.event_categories.0.id', type: 'number', required: true },
  { path: 'detail.event_categories.0.tag_number', type: 'text' },
  { path: 'detail.event_categories.0.chip_number', type: 'text' },
  { path: 'detail.team', type: 'object' },
];

/** The registration number as sent, and as Haku means it (trimmed). */
function keyOf(style: Spec['keyStyle'], n: number): { sent: string; key: string } {
  switch (style) {
    case 'plain': return { sent: `R-${n}`, key: `R-${n}` };
    case 'padded': return { sent: `  R-${n}\t`, key: `R-${n}` };
    case 'digits': return { sent: String(n), key: String(n) };
    case 'unicode': return { sent: `Ñ-漢-🏃-\u202e${n}`, key: `Ñ-漢-🏃-\u202e${n}` };
  }
}

const stamp = (at: Instant | null): string | null => (at === null ? null : isoText(at, { naive: true, space: true }));

function pairOf(s: Spec, n: number, index: number): Pair {
  const { sent } = keyOf(s.keyStyle, n);
  const category = categoryOf(index);
  const summary = structuredClone(s.base.summary);
  const detail = structuredClone(s.base.detail) as Record<string, unknown> & { participant: Record<string, unknown>; event_categories: Record<string, unknown>[] };
  Object.assign(summary, {
    registration_number: sent, event_category_info: category.name, registered_at: stamp(s.registered), updated_at: stamp(s.summaryUpdated), is_cancelled: s.cancelled,
  });
  Object.assign(detail, { registration_number: sent, created_at: stamp(s.created), updated_at: stamp(s.detailUpdated), is_cancelled: s.cancelled });
  Object.assign(detail.participant, { first_name: s.firstName, last_name: s.lastName });
  Object.assign(detail.event_categories[0]!, {
    id: s.categoryAsText ? category.id : Number(category.id), name: category.name, tag_number: s.tag, chip_number: s.chip,
  });
  return { summary, detail };
}

const at = (instant: Instant | null): Date | null => (instant === null ? null : instantOf(instant));

/** What Haku meant, worked out here: the summary's stamps first (trusted), the detail's after. */
function expected(s: Spec, n: number, index: number, raw: unknown): Partial<CanonicalParticipant> {
  const version = s.summaryUpdated ?? (s.cancelled ? null : s.detailUpdated);
  const common = {
    providerParticipantId: keyOf(s.keyStyle, n).key,
    cancelled: s.cancelled,
    providerModifiedAt: at(version),
    versionTag: at(version)?.toISOString() ?? null,
  };
  if (s.cancelled) return { ...common, bib: null, chip: null, firstName: null, lastName: null, registeredAt: at(s.registered) };
  return {
    ...common,
    providerRaceId: categoryOf(index).id,
    bib: bibTextOf(s.tag) ?? bibTextOf(s.chip),
    chip: bibTextOf(s.chip),
    firstName: textOf(s.firstName),
    lastName: textOf(s.lastName),
    registeredAt: at(s.registered ?? s.created),
    raw,
  };
}

async function readPage(pairs: Pair[], categories = pairs.length) {
  const details = new Map<string, unknown>();
  for (const pair of pairs) {
    const key = (pair.summary as { registration_number?: unknown }).registration_number;
    if (typeof key === 'string' && !details.has(key.trim())) details.set(key.trim(), pair.detail);
  }
  const pages = await collect(readParticipants(clientOf(pairs.map((pair) => pair.summary), details), settings, schemas, {
    providerEventId: EVENT, providerRaceIds: Array.from({ length: Math.max(1, categories) }, (_, index) => categoryOf(index).id),
  }));
  return mergePages(pages, assertParticipant);
}

/** A detail spoilt into naming another category, which the read passes over (documented). */
function movesElsewhere(mutation: Mutation | null, covered: number): boolean {
  if (mutation?.path !== 'detail.event_categories.0.id') return false;
  const value = mutation.value;
  const id = String(value).trim();
  return (typeof value === 'number' || (typeof value === 'string' && id !== '')) && !Array.from({ length: covered }, (_, i) => categoryOf(i).id).includes(id);
}

/** A spoilt detail of a cancelled registration is never read: the summary alone removes it. */
const isUnread = (s: Spec, mutation: Mutation | null): boolean => s.cancelled && mutation?.path.startsWith('detail.') === true;

describe('Haku participants page', () => {
  it('every row is a record, a reject, or another category\'s; valid rows come out as Haku meant them', async () => {
    await fc.assert(fc.asyncProperty(pageOf(spec, FIELDS), async (rows) => {
      const built = buildRows(rows, (s, index) => pairOf(s, 10_000 + index, index));
      const page = await readPage(built.map((row) => row.raw));
      let passedOver = 0;
      built.forEach(({ raw, mutation, mustReject }, index) => {
        const s = rows[index]!.spec;
        const record = page.records.find((r) => summaryOf(r.raw) === raw.summary);
        const reject = page.rejects.find((r) => summaryOf(r.raw) === raw.summary);
        if (movesElsewhere(mutation, rows.length) && !s.cancelled) {
          passedOver += 1;
          assert.ok(!record && !reject, `row ${index} of another category came out`);
          return;
        }
        const valid = mutation === null || isUnread(s, mutation);
        assertRowOutcome(index, record, reject, valid
          ? { expected: expected(s, 10_000 + index, index, { summary: raw.summary, registration: raw.detail }) }
          : { spoilt: `${mutation!.path} ${mutation!.kind}`, field: mutation!.path.split('.').slice(1).join('.'), mustReject });
        // A cancellation is removed by its key: its race is the read's first unless its name was learnt.
        if (valid && s.cancelled) assert.equal(record!.providerRaceId, categoryOf(0).id);
      });
      assert.equal(page.records.length + page.rejects.length, built.length - passedOver, 'a row went missing');
    }), options);
  });

  it('rows sharing a registration number all come out, in list order', async () => {
    const page = fc.array(spec, { minLength: 2, maxLength: 10 }).chain((specs) => fc.tuple(fc.constant(specs), duplicatesOf(specs.length)));
    await fc.assert(fc.asyncProperty(page, async ([specs, owners]) => {
      const pairs = specs.map((s, index) => pairOf({ ...s, keyStyle: 'plain' }, 10_000 + owners[index]!, index));
      const { records, rejects } = await readPage(pairs);
      assert.deepEqual(rejects, []);
      assert.deepEqual(records.map((r) => r.providerParticipantId), owners.map((owner) => `R-${10_000 + owner}`));
      assert.deepEqual(records.map((r) => summaryOf(r.raw)), pairs.map((pair) => pair.summary));
    }), options);
  });

  it('regressions: a registration number no URL can carry, and stamps past the store\'s range, are rejects', async () => {
    const [base] = fc.sample(spec, { seed: 2, numRuns: 1 });
    const plain = { ...base!, cancelled: false };
    const lone = pairOf(plain, 1, 0);
    lone.summary.registration_number = 'R-\ud800';
    const late = pairOf(plain, 2, 1);
    late.summary.updated_at = '9999-12-31T23:59:59-05:00';
    const early = pairOf(plain, 3, 2);
    early.summary.registered_at = '0000-01-01T00:00:00Z';
    const born = pairOf(plain, 4, 3);
    (born.detail.participant as Record<string, unknown>).dob = '0000-01-01';
    const page = await readPage([lone, late, early, born]);
    assert.deepEqual(page.records, []);
    assert.deepEqual(page.rejects.map((r) => summaryOf(r.raw)), [lone.summary, late.summary, early.summary, born.summary]);
    ['registration_number', 'updated_at', 'registered_at', 'dob'].forEach((field, index) => assertNamesField(page.rejects[index]!.reason, field));
  });

  it('a detail naming a category the read does not cover makes later rows of its name that category\'s', async () => {
    const [first, second] = fc.sample(spec, { seed: 3, numRuns: 2 }).map((s) => ({ ...s, cancelled: false }));
    const other = pairOf(first!, 1, 0);
    (other.detail.event_categories as Record<string, unknown>[])[0]!.id = 9999;
    const sameName = pairOf(second!, 2, 0);
    const page = await readPage([other, sameName], 1);
    assert.deepEqual(page.records, []);
    assert.deepEqual(page.rejects, []);
  });
});
