/**
 * What every page an adapter yields must satisfy, whatever it was fed: each canonical record has the
 * model's types and only values the store can hold, and each reject has a reason and its raw payload.
 * The store is PostgreSQL: it has no year 0 and refuses a year past 9999 as JSON writes it
 * ("+010000-…"), and an Invalid Date cannot even be written.
 */
import assert from 'node:assert/strict';
import type { CanonicalParticipant, CanonicalResult, Reject } from '../../../src/model/canonical.js';
import type { Page } from '../../../src/providers/types.js';

const EARLIEST = Date.parse('0001-01-01T00:00:00.000Z');
const LATEST = Date.parse('9999-12-31T23:59:59.999Z');
const GENDERS = new Set(['M', 'F', 'X', null]);
const INTERVAL = /^\d{2,}:\d{2}:\d{2}(\.\d+)?$/;

function assertInstant(value: unknown, where: string): void {
  if (value === null) return;
  assert.ok(value instanceof Date, `${where}: ${String(value)} is not a Date`);
  const ms = value.getTime();
  assert.ok(ms >= EARLIEST && ms <= LATEST, `${where}: ${Number.isNaN(ms) ? 'Invalid Date' : value.toISOString()} is outside years 1-9999`);
}

function assertCalendarDate(value: unknown, where: string): void {
  if (value === null) return;
  assert.equal(typeof value, 'string', `${where} is not text`);
  assert.match(value as string, /^(?!0000)\d{4}-\d{2}-\d{2}$/, `${where}: ${String(value)} is not a storable YYYY-MM-DD`);
}

function assertText(value: unknown, where: string): void {
  if (value === null) return;
  assert.equal(typeof value, 'string', `${where}: ${JSON.stringify(value)} is not text`);
  assert.notEqual((value as string).trim(), '', `${where} is blank instead of null`);
}

function assertCount(value: unknown, where: string): void {
  if (value === null) return;
  assert.ok(Number.isSafeInteger(value) && (value as number) >= 0, `${where}: ${String(value)} is not a whole number`);
}

function assertInterval(value: unknown, where: string): void {
  if (value === null) return;
  assert.match(String(value), INTERVAL, `${where}: ${String(value)} is not interval text`);
}

export function assertParticipant(record: CanonicalParticipant): void {
  const where = `participant ${record.providerParticipantId}`;
  assert.equal(typeof record.providerParticipantId, 'string');
  assert.notEqual(record.providerParticipantId.trim(), '', 'a participant id is blank');
  assert.equal(typeof record.providerRaceId, 'string');
  for (const key of ['bib', 'chip', 'firstName', 'lastName', 'email', 'city', 'region', 'country', 'teamName', 'amountPaid'] as const) {
    assertText(record[key], `${where} ${key}`);
  }
  assert.ok(GENDERS.has(record.gender), `${where}: gender ${String(record.gender)}`);
  assertCalendarDate(record.birthdate, `${where} birthdate`);
  assertCount(record.age, `${where} age`);
  assertInstant(record.registeredAt, `${where} registeredAt`);
  assertInstant(record.providerModifiedAt, `${where} providerModifiedAt`);
  if (record.amountPaid !== null) assert.match(record.amountPaid, /^-?\d+(\.\d{1,2})?$/, `${where}: amount ${record.amountPaid}`);
  assert.notEqual(record.raw, undefined, `${where} has no raw payload`);
}

export function assertResult(record: CanonicalResult): void {
  const where = `result ${record.providerResultId}`;
  assert.equal(typeof record.providerResultId, 'string');
  assert.notEqual(record.providerResultId.trim(), '', 'a result id is blank');
  assert.equal(typeof record.providerRaceId, 'string');
  assert.equal(typeof record.resultSet, 'string');
  for (const key of ['bib', 'firstName', 'lastName', 'division', 'resultSetName'] as const) assertText(record[key], `${where} ${key}`);
  assert.ok(GENDERS.has(record.gender), `${where}: gender ${String(record.gender)}`);
  for (const key of ['age', 'overallPlace', 'genderPlace', 'divisionPlace'] as const) assertCount(record[key], `${where} ${key}`);
  assertInterval(record.clockTime, `${where} clockTime`);
  assertInterval(record.chipTime, `${where} chipTime`);
  assert.ok(['finished', 'dnf', 'dns', 'dq'].includes(record.status), `${where}: status ${record.status}`);
  for (const split of record.splits ?? []) {
    assertText(split.name, `${where} split name`);
    assert.ok(Number.isSafeInteger(split.order) && split.order >= 1, `${where}: split order ${split.order}`);
    assertInterval(split.clockTime, `${where} split ${split.name} clockTime`);
    assertInterval(split.chipTime, `${where} split ${split.name} chipTime`);
  }
  assert.notEqual(record.raw, undefined, `${where} has no raw payload`);
}

export function assertReject(reject: Reject): void {
  assert.equal(typeof reject.reason, 'string');
  assert.ok(reject.reason.trim().length > 0, 'a reject has no reason');
  assert.notEqual(reject.raw, undefined, `reject "${reject.reason}" has no raw payload`);
}

/** The record's values at the keys an expectation names, to compare with it. */
export const pick = <T extends object>(record: T, keys: readonly (keyof T)[]): Partial<T> =>
  Object.fromEntries(keys.map((key) => [key, record[key]])) as Partial<T>;

/** Every record and reject of the pages, checked; the pages merged into one. */
export function mergePages<T>(pages: Page<T>[], check: (record: T) => void): { records: T[]; rejects: Reject[]; unchanged: string[] } {
  const merged = { records: [] as T[], rejects: [] as Reject[], unchanged: [] as string[] };
  for (const page of pages) {
    page.records.forEach(check);
    page.rejects.forEach(assertReject);
    merged.records.push(...page.records);
    merged.rejects.push(...page.rejects);
    merged.unchanged.push(...(page.unchanged ?? []));
  }
  return merged;
}

export async function collect<T>(stream: AsyncIterable<Page<T>>): Promise<Page<T>[]> {
  const pages: Page<T>[] = [];
  for await (const page of stream) pages.push(page);
  return pages;
}

/**
 * The reason names the spoilt field, or the field holding it: zod paths end in the field, but a
 * union (a list given as `{data: […]}` or bare) fails as a whole and names only its own field.
 */
export function assertNamesField(reason: string, path: string): void {
  const field = path.split('.').pop()!;
  const top = path.split('.')[0]!;
  assert.ok(reason.includes(field) || reason.includes(top), `reason "${reason.slice(0, 300)}" names neither ${field} nor ${top}`);
}

/** What a row of a fuzzed page was: valid (with the values it must come out with), or spoilt. */
export type RowWant<T> = { expected: Partial<T> } | { spoilt: string; field: string; mustReject: boolean };

/**
 * One row's outcome: exactly one of a record and a reject; a valid row a record with the expected
 * values; a row whose spoilt field is required a reject whose reason names the field.
 */
export function assertRowOutcome<T extends object>(index: number, record: T | undefined, reject: Reject | undefined, want: RowWant<T>): void {
  assert.ok((record === undefined) !== (reject === undefined), `row ${index} is not exactly one of record and reject`);
  if ('expected' in want) {
    assert.ok(record, `valid row ${index} was rejected: ${reject?.reason}`);
    assert.deepEqual(pick(record, Object.keys(want.expected) as (keyof T)[]), want.expected);
  } else if (want.mustReject) {
    assert.ok(reject, `row ${index} with ${want.spoilt} was taken`);
    assertNamesField(reject.reason, want.field);
  }
}
