import { hash } from 'node:crypto';

/** The md5 of a text, base64url: the form of every stored hash. */
export const hashText = (text: string): string => hash('md5', text, 'base64url');

/**
 * Hash of a normalised record: what the store compares to skip unchanged rows. The provider's own
 * modification stamps are left out at every depth (a bumped stamp with identical content is not a
 * change).
 */
export function contentHash(record: Record<string, unknown>, volatileKeys: readonly string[] = []): string {
  return hashText(jsonWithout(record, volatileKeys) as string);
}

/**
 * `JSON.stringify(value)` with `volatileKeys` left out at every depth — the same text a replacer that
 * drops them gives, but built on V8's fast path: a replacer is called for every key of every row
 * and was the costliest step of hashing a page. Stamps a provider puts on the record itself are cut
 * out of the text; only a record with a stamp nested deeper takes the replacer.
 */
export function jsonWithout(value: unknown, volatileKeys: readonly string[]): string | undefined {
  const text = JSON.stringify(value);
  if (text === undefined || volatileKeys.length === 0) return text;
  const occurrences = text.match(needlesOf(volatileKeys))?.length ?? 0;
  if (occurrences === 0) return text;
  const own = ownStamps(value, volatileKeys);
  // Each own stamp shows once; any other occurrence is nested (or a key that only looks like one).
  return (own.length === occurrences && cutOut(text, own)) || JSON.stringify(value, (key, item) => (volatileKeys.includes(key) ? undefined : item));
}

const needleCache = new WeakMap<readonly string[], RegExp>();

/** `"key":`, how a key shows in JSON text (a quote inside a string is escaped, so a value cannot show it). */
const needleOf = (key: string): string => `${JSON.stringify(key)}:`;

/** Any of the keys' needles. */
function needlesOf(keys: readonly string[]): RegExp {
  let needles = needleCache.get(keys);
  if (!needles) {
    needles = new RegExp(keys.map((key) => needleOf(key).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
    needleCache.set(keys, needles);
  }
  return needles;
}

/** The volatile keys `value` holds itself, each with its value's JSON. */
function ownStamps(value: unknown, keys: readonly string[]): { needle: string; json: string }[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  const stamps: { needle: string; json: string }[] = [];
  for (const key of keys) {
    if (!Object.hasOwn(value, key)) continue;
    const json = JSON.stringify((value as Record<string, unknown>)[key]);
    if (json !== undefined) stamps.push({ needle: needleOf(key), json });
  }
  return stamps;
}

/** `text` without each `"key":value` member and its comma; null when one is not where expected. */
function cutOut(text: string, stamps: { needle: string; json: string }[]): string | null {
  let result = text;
  for (const { needle, json } of stamps) {
    const start = result.indexOf(needle);
    let end = start + needle.length + json.length;
    if (start < 0 || !result.startsWith(json, start + needle.length)) return null;
    let from = start;
    if (result[start - 1] === ',') from -= 1;
    else if (result[end] === ',') end += 1;
    result = result.slice(0, from) + result.slice(end);
  }
  return result;
}

export const toIso = (date: Date | null): string | null => (date ? date.toISOString() : null);
