/**
 * Opaque keyset cursors. A cursor carries the last key seen and a fingerprint of the filters it was made
 * with, so it cannot be replayed against another query; clients only pass it back.
 */
import { createHash } from 'node:crypto';
import { ApiError } from './errors.js';

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

function fingerprint(filters: Record<string, unknown>): string {
  const stable = Object.keys(filters).sort().map((key) => [key, filters[key] ?? null]);
  return createHash('sha1').update(JSON.stringify(stable)).digest('base64url').slice(0, 10);
}

export function encodeCursor(key: number, filters: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify({ k: key, f: fingerprint(filters) })).toString('base64url');
}

/** The key a cursor continues after; a cursor that is malformed or from other filters is a 400. */
export function decodeCursor(cursor: string | undefined, filters: Record<string, unknown>): number | null {
  if (cursor === undefined) return null;
  let parsed: { k?: unknown; f?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as typeof parsed;
  } catch {
    throw badCursor('is not a cursor this API gave out');
  }
  if (typeof parsed.k !== 'number' || !Number.isSafeInteger(parsed.k)) throw badCursor('is not a cursor this API gave out');
  if (parsed.f !== fingerprint(filters)) throw badCursor('was made for other filters; start again without it');
  return parsed.k;
}

const badCursor = (why: string) => new ApiError(400, 'invalid_request', `cursor: ${why}`, [{ field: 'cursor', message: why }]);

export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

/** One page: `rows` were read with `limit + 1`, so a next page exists exactly when one more came. */
export function pageOf<T>(rows: T[], limit: number, keyOf: (row: T) => number, filters: Record<string, unknown>): Page<T> {
  const data = rows.slice(0, limit);
  const more = rows.length > limit;
  return { data, next_cursor: more ? encodeCursor(keyOf(data[data.length - 1]!), filters) : null };
}

export const etagOf = (body: string): string => `W/"${createHash('sha1').update(body).digest('base64url').slice(0, 27)}"`;
