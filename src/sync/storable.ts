/**
 * Text PostgreSQL cannot store — a NUL character, or half of a UTF-16 surrogate pair — fails the
 * whole statement that writes a page. A record holding such text is set aside as a reject instead
 * (its raw payload kept with the offending characters replaced by U+FFFD, which the reason says),
 * so the rest of its page goes on.
 */
import type { CanonicalParticipant, CanonicalResult, Reject } from '../model/canonical.js';
import type { Page, ProviderAdapter } from '../providers/types.js';

/** `String.prototype.isWellFormed` and `toWellFormed` (ES2024, in Node 20): native, unlike a regex per string. */
type WellFormedText = string & { isWellFormed(): boolean; toWellFormed(): string };

const isUnstorable = (text: string): boolean => text.includes('\u0000') || !(text as WellFormedText).isWellFormed();

/** The path of the first string in `value` PostgreSQL cannot store, or null. */
export function findUnstorable(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return isUnstorable(value) ? path || '(value)' : null;
  if (value === null || typeof value !== 'object' || value instanceof Date) return null;
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const badKey = isUnstorable(key);
    if (badKey || findUnstorable(record[key]) !== null) {
      // Every string of every record passes here: the path is spelt out only for the bad one.
      const here = path ? `${path}.${key}` : key;
      return badKey ? here : findUnstorable(record[key], here);
    }
  }
  return null;
}

/** A copy with every unstorable character replaced by U+FFFD. */
export function storableCopy(value: unknown): unknown {
  if (typeof value === 'string') return (value as WellFormedText).toWellFormed().replaceAll('\u0000', '\uFFFD');
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  if (Array.isArray(value)) return value.map(storableCopy);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [storableCopy(k) as string, storableCopy(v)]));
}

function guardPage<T extends { raw: unknown }>(page: Page<T>, keyOf: (record: T) => string): Page<T> {
  const rejects: Reject[] = page.rejects.map((r) => (findUnstorable(r) ? (storableCopy(r) as Reject) : r));
  const records: T[] = [];
  for (const record of page.records) {
    const path = findUnstorable(record);
    if (!path) {
      records.push(record);
      continue;
    }
    const key = keyOf(record);
    rejects.push({
      reason: `${path} holds a NUL character or half of a surrogate pair, which PostgreSQL cannot store (replaced by U+FFFD in the raw payload kept here)`,
      raw: storableCopy(record.raw),
      ...(findUnstorable(key) ? {} : { key }),
    });
  }
  return { ...page, records, rejects };
}

async function* guardPages<T extends { raw: unknown }>(pages: AsyncIterable<Page<T>>, keyOf: (record: T) => string): AsyncGenerator<Page<T>> {
  for await (const page of pages) yield guardPage(page, keyOf);
}

const participantKey = (p: CanonicalParticipant) => p.providerParticipantId;
const resultKey = (r: CanonicalResult) => `${r.resultSet}/${r.providerResultId}`;

/** The adapter with its participant and result pages guarded; everything else as it is. */
export function withStorablePages(adapter: ProviderAdapter): ProviderAdapter {
  const guarded: ProviderAdapter = Object.create(adapter);
  guarded.participants = (query) => guardPages(adapter.participants(query), participantKey);
  if (adapter.participantsByBib) {
    const byBib = adapter.participantsByBib.bind(adapter);
    guarded.participantsByBib = async (query, bib) => guardPage(await byBib(query, bib), participantKey);
  }
  if (adapter.results) {
    const results = adapter.results.bind(adapter);
    guarded.results = (query) => guardPages(results(query), resultKey);
  }
  return guarded;
}
