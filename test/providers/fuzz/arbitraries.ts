/**
 * Arbitraries shared by the provider payload fuzz tests: text that breaks naive handling (NUL, lone
 * surrogates, bidi controls, emoji, combining marks, 100 kB), dates out of range or made up, values
 * of the wrong JSON type, and a page of records in which some have had one field spoilt (removed,
 * of the wrong type, empty, huge, odd Unicode, a bad date). Each provider's test says which fields
 * its records have and builds the raw payload and the expected canonical record from one spec.
 */
import fc from 'fast-check';

/** The "huge" value of a text field: 100 kB. */
export const HUGE_LENGTH = 100_000;

/** Pieces of text that have broken text handling somewhere: controls, surrogates, bidi, emoji, odd cases. */
export const ODD_PIECES = [
  '\u0000', '\u0007', '\u001b[31m', '\u007f', '\u0085', '\u00a0', '\u00ad', '\u2028', '\u2029',
  '\ud800', '\udfff', '\udbff\udfff', '\ufeff', '\ufffd', '\ufffe', '\uffff',
  '\u202e', '\u202d', '\u200f', '\u200e', '\u200b', '\u200d', '\u2066',
  'e\u0301', 'Z\u0351\u0338\u0334', '👩‍👩‍👧‍👦', '🏃🏽‍♀️', '🇪🇸', '𝔘𝔫𝔦', 'ﷺ', '﷽',
  'İ', 'ß', 'ǅ', 'ﬀ', 'Ω', 'Å', 'ÿ', 'Ã©', 'â€™', '漢字', 'ひらがな', 'عربي', 'עברית', 'ไทย',
  "O'Brien", 'Smith-Jones', '"quoted"', '\\', '%s', '${x}', '<b>', '&amp;', '\t', ' ', '\n',
] as const;

/** Text made of odd pieces and random characters of every plane (lone surrogates included). */
export const oddText: fc.Arbitrary<string> = fc
  .array(fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...ODD_PIECES) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) },
  ), { minLength: 1, maxLength: 6 })
  .map((pieces) => pieces.join(''));

/** A 100 kB string, of one odd piece or letter repeated, sometimes padded with spaces. */
export const hugeText: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom('x', '9', 'é', '漢', '🏃', '\u0000', '\ud800', ' a'), fc.boolean())
  .map(([piece, padded]) => {
    const body = piece.repeat(Math.ceil(HUGE_LENGTH / piece.length)).slice(0, HUGE_LENGTH);
    return padded ? `  ${body}  ` : body;
  });

/** Text as people's names come: mostly plain, often accented or from another script, sometimes odd. */
export const nameText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('Ana', 'José', 'María', 'Zoë', 'Müller', 'Ørsted', 'Françoise', 'Nguyễn', 'Łukasz', 'Søren', 'Urdà', 'Mirò', 'Ğül', 'Šárka', "O'Brien", 'van der Berg', '李', '山田', 'Иван', 'Αλέξης', 'محمد', 'אורי') },
  { weight: 2, arbitrary: oddText },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('', ' ', '  ', '\t'), fc.constantFrom('Ana', 'Müller', '漢字'), fc.constantFrom('', ' ', '\n')).map((parts) => parts.join('')) },
);

/** Dates that are not dates, or are out of any store's range, in the spellings providers use. */
export const BAD_DATES = [
  '0000-00-00', '0000-01-01', '0000-00-00 00:00:00', '9999-12-31T23:59:59-05:00', '10000-01-01', '2025-02-30', '2025-13-01',
  '2025-00-10', '2025-06-31', '1990-1-1', '24:00', 'yesterday', 'NaN', 'Infinity', '-1', '1e15', 'T', '2025-06-01T25:00:00Z',
  '2025-06-01T10:00:00+25:00', '0000-01-01T00:00:00Z', '0001-01-01T00:00:00+01:00', '1/1/0000 00:00', '12/31/9999 23:59',
  '2/30/2025 10:00', '13/1/2025 10:00', '0/0/0 0:00', '1761469200', '2025-06-01 10:00:00', '２０２５-０６-０１',
] as const;

/** Epoch values out of range or not whole: year 33658 in ms, past Date's end in seconds, negative, fractional. */
export const BAD_EPOCHS = [1e15, 8.64e15 + 1, 2 ** 53, 9_007_199_254_740_993, -1, -8.64e15 - 1, 1.5, 1e308, 0.1] as const;

/** Every JSON type, for a field that expects another. */
export const WRONG_TYPES: readonly unknown[] = [true, false, 0, -1, 1.5, 1e308, {}, [], [1], { value: 'x' }, 'text', '0'];

/** Values of a structural type no scalar field may take (and no object field may take the other way). */
export const NOT_SCALARS: readonly unknown[] = [true, {}, [], ['a'], { code: {} }];
export const NOT_OBJECTS: readonly unknown[] = [true, 7, 'text', ['a']];

/** What a field of a record is, for how it may be spoilt and when that must make a reject. */
export interface Field {
  /** Dot path inside the record (`user.first_name`, `events.0.dorsal`). */
  path: string;
  type: 'text' | 'number' | 'object' | 'boolean' | 'any';
  /** Removing it must make a reject. */
  required?: boolean;
  /** Holds a date or a time: also spoilt with bad dates and epochs. */
  date?: boolean;
}

export type MutationKind = 'missing' | 'wrong-type' | 'empty' | 'huge' | 'odd-unicode' | 'bad-date' | 'null';

export interface Mutation {
  path: string;
  /** The last part of the path: what a reason must name. */
  field: string;
  kind: MutationKind;
  /** The value put in the field (absent for `missing`). */
  value?: unknown;
  /** The adapter must reject the record, and name the field in the reason. */
  mustReject: boolean;
}

/** One spoilt field of a record with `fields`. */
export function mutationOf(fields: readonly Field[]): fc.Arbitrary<Mutation> {
  return fc.constantFrom(...fields).chain((field) => {
    const last = field.path.split('.').pop()!;
    const structural = field.type === 'object' ? NOT_OBJECTS : field.type === 'boolean' ? ['yes', 1, {}] : field.type === 'any' ? [] : NOT_SCALARS;
    const options: fc.Arbitrary<Omit<Mutation, 'field'>>[] = [
      fc.constant({ path: field.path, kind: 'missing', mustReject: field.required === true }),
      fc.constant({ path: field.path, kind: 'null', value: null, mustReject: field.required === true }),
      fc.constantFrom(...WRONG_TYPES).map((value) => ({ path: field.path, kind: 'wrong-type', value, mustReject: false })),
      fc.constantFrom('', ' ', '\u3000').map((value) => ({ path: field.path, kind: 'empty', value, mustReject: false })),
      hugeText.map((value) => ({ path: field.path, kind: 'huge', value, mustReject: false })),
      oddText.map((value) => ({ path: field.path, kind: 'odd-unicode', value, mustReject: false })),
    ];
    if (structural.length > 0) {
      options.push(fc.constantFrom(...structural).map((value) => ({ path: field.path, kind: 'wrong-type' as const, value, mustReject: true })));
    }
    if (field.date) {
      options.push(fc.constantFrom<unknown>(...BAD_DATES, ...BAD_EPOCHS).map((value) => ({ path: field.path, kind: 'bad-date' as const, value, mustReject: false })));
    }
    return fc.oneof(...options).map((mutation): Mutation => ({ ...mutation, field: last }));
  });
}

/**
 * A deep copy of `record` with the mutation applied (the field removed or replaced). A field whose
 * parent the record lacks (a split of a result without splits) is left alone, and then the record
 * need not be rejected.
 */
export function spoil<T>(record: T, mutation: Mutation): { raw: T; mustReject: boolean } {
  const copy = structuredClone(record) as Record<string, unknown>;
  const keys = mutation.path.split('.');
  let parent: Record<string, unknown> | undefined = copy;
  for (const key of keys.slice(0, -1)) {
    const next: unknown = parent?.[key];
    parent = next !== null && typeof next === 'object' ? (next as Record<string, unknown>) : undefined;
  }
  if (parent === undefined) return { raw: copy as T, mustReject: false };
  const last = keys[keys.length - 1]!;
  if (mutation.kind === 'missing') delete parent[last];
  else parent[last] = mutation.value;
  return { raw: copy as T, mustReject: mutation.mustReject };
}

/** One row of a fuzzed page: a valid record, or one with a spoilt field. */
export type PageRow<S> = { spec: S; mutation: null } | { spec: S; mutation: Mutation };

/**
 * A page: valid records with spoilt ones mixed in, each made from a spec (ids are the test's to make
 * unique). `validShare` of 1 makes a page of valid records only.
 */
export function pageOf<S>(spec: fc.Arbitrary<S>, fields: readonly Field[], options: { maxLength?: number; validShare?: number } = {}): fc.Arbitrary<PageRow<S>[]> {
  const share = options.validShare ?? 0.5;
  const valid = spec.map((s): PageRow<S> => ({ spec: s, mutation: null }));
  const spoilt = fc.tuple(spec, mutationOf(fields)).map(([s, mutation]): PageRow<S> => ({ spec: s, mutation }));
  const row = share >= 1 ? valid : fc.oneof({ weight: Math.round(share * 10), arbitrary: valid }, { weight: Math.round((1 - share) * 10), arbitrary: spoilt });
  return fc.array(row, { minLength: 0, maxLength: options.maxLength ?? 12 });
}

/** A page's rows built from their specs, spoilt where they have a mutation. */
export function buildRows<S, T>(rows: PageRow<S>[], build: (spec: S, index: number) => T): { raw: T; mutation: Mutation | null; mustReject: boolean }[] {
  return rows.map((row, index) => {
    const raw = build(row.spec, index);
    return row.mutation ? { ...spoil(raw, row.mutation), mutation: row.mutation } : { raw, mutation: null, mustReject: false };
  });
}

/**
 * Picks which rows of a page repeat an earlier row's id: for each row, the index of the row whose id
 * it takes (itself when none). Used by the duplicated-ids properties.
 */
export function duplicatesOf(length: number): fc.Arbitrary<number[]> {
  return fc.array(fc.nat(), { minLength: length, maxLength: length })
    .map((picks) => picks.map((pick, index) => (index > 0 && pick % 3 === 0 ? pick % index : index)));
}

/** A UTC instant inside what every store holds, as whole seconds (1900 to 2100). */
export const instantSeconds: fc.Arbitrary<number> = fc.integer({ min: Date.UTC(1900, 0, 1) / 1000, max: Date.UTC(2100, 0, 1) / 1000 });

/** An instant and how its ISO 8601 text is written: at which offset, with or without milliseconds. */
export interface Instant {
  seconds: number;
  millis: number | null;
  /** Minutes east of UTC the text is written in; null writes it in UTC. */
  offset: number | null;
  /** "+05:30" rather than "+0530". */
  colon: boolean;
  /** In UTC with no zone at all ("2025-06-01T10:00:00"), for providers that read such text as UTC. */
  naive: boolean;
  /** A space instead of the "T". */
  space: boolean;
}

export const instant: fc.Arbitrary<Instant> = fc.record({
  seconds: instantSeconds,
  millis: fc.option(fc.integer({ min: 0, max: 999 }), { nil: null }),
  offset: fc.option(fc.integer({ min: -12 * 4, max: 14 * 4 }).map((quarters) => quarters * 15), { nil: null }),
  colon: fc.boolean(),
  naive: fc.boolean(),
  space: fc.boolean(),
});

const padded = (value: number, width: number): string => String(value).padStart(width, '0');

/**
 * The wall-clock text of the instant at its offset, written out here digit by digit. `forms` says
 * which of the looser spellings (no zone, a space) the provider may send.
 */
export function isoText(at: Instant, forms: { naive?: boolean; space?: boolean } = {}): string {
  const { seconds, millis, offset, colon } = at;
  const wall = new Date((seconds + (offset ?? 0) * 60) * 1000);
  const date = `${padded(wall.getUTCFullYear(), 4)}-${padded(wall.getUTCMonth() + 1, 2)}-${padded(wall.getUTCDate(), 2)}`;
  const time = `${padded(wall.getUTCHours(), 2)}:${padded(wall.getUTCMinutes(), 2)}:${padded(wall.getUTCSeconds(), 2)}${millis === null ? '' : `.${padded(millis, 3)}`}`;
  const text = `${date}${forms.space && at.space ? ' ' : 'T'}${time}`;
  if (offset === null) return forms.naive && at.naive ? text : `${text}Z`;
  const abs = Math.abs(offset);
  return `${text}${offset < 0 ? '-' : '+'}${padded(Math.floor(abs / 60), 2)}${colon ? ':' : ''}${padded(abs % 60, 2)}`;
}

export const instantOf = ({ seconds, millis }: Instant): Date => new Date(seconds * 1000 + (millis ?? 0));

/** A calendar date `YYYY-MM-DD` of a real day between 1900 and 2030. */
export const calendarDate: fc.Arbitrary<string> = fc
  .integer({ min: Date.UTC(1900, 0, 1) / 86_400_000, max: Date.UTC(2030, 11, 31) / 86_400_000 })
  .map((day) => new Date(day * 86_400_000).toISOString().slice(0, 10));

/** A race time in whole seconds plus optional hundredths: up to 30 hours. */
export const raceTime = fc.record({ seconds: fc.integer({ min: 0, max: 30 * 3600 }), hundredths: fc.option(fc.integer({ min: 0, max: 99 }), { nil: null }) });
export type RaceTime = { seconds: number; hundredths: number | null };

const pad2 = (value: number): string => String(value).padStart(2, '0');

/** The interval text the canonical model keeps (`HH:MM:SS[.ff]`), computed here from its parts. */
export function intervalText({ seconds, hundredths }: RaceTime): string {
  const text = `${pad2(Math.floor(seconds / 3600))}:${pad2(Math.floor(seconds / 60) % 60)}:${pad2(seconds % 60)}`;
  return hundredths === null ? text : `${text}.${pad2(hundredths)}`;
}

/** `H:MM:SS[.ff]` as timers print it (hours unpadded). */
export function clockText({ seconds, hundredths }: RaceTime): string {
  const text = `${Math.floor(seconds / 3600)}:${pad2(Math.floor(seconds / 60) % 60)}:${pad2(seconds % 60)}`;
  return hundredths === null ? text : `${text}.${pad2(hundredths)}`;
}

/** A bib as a provider may send it: a JSON number, digits with zeros, text with spaces around, odd text. */
export const bibValue: fc.Arbitrary<number | string> = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 9_999_999 }) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 99_999 }).map((n) => String(n)) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 0, max: 999 }), fc.integer({ min: 1, max: 6 })).map(([n, width]) => String(n).padStart(width, '0')) },
  { weight: 1, arbitrary: fc.constantFrom(' 42 ', 'A12', '12B', 'ÉLITE-1', '🏃7', '1.0', '1e3', '-5', '\u202e17') },
  { weight: 1, arbitrary: oddText },
);

/** What a bib means as canonical text, by the rule the tests hold every adapter to. */
export function bibTextOf(value: number | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value.toFixed(0);
  return value.trim() === '' ? null : value.trim();
}

/** Trimmed text, blank as null: how every adapter keeps free text. */
export function textOf(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return value.trim() === '' ? null : value.trim();
}

/** The run's seed: `FUZZ_SEED=<seed>` replays a failure that printed it. */
export function fuzzSeed(): number {
  return process.env.FUZZ_SEED === undefined ? Date.now() % 1_000_000 : Number(process.env.FUZZ_SEED);
}

/** Runs per property; `FUZZ_RUNS` raises it for a longer hunt. */
export function fuzzRuns(fallback: number): number {
  return Number(process.env.FUZZ_RUNS ?? fallback);
}
