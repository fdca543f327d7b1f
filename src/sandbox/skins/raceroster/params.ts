/**
 * Query parameters, Race Roster style: a malformed value is a 400 that says which parameter and
 * why. Dates are ISO 8601 (§3.1); a '+' in an offset must arrive URL-encoded as %2B, and one that
 * arrived as a space (a client that forgot to encode it) gets a message saying exactly that.
 */
import { HttpError } from '../../server/http-error.js';

export const PAGE_CAP = 100;

export function readInt(params: URLSearchParams, name: string, min: number): number | undefined {
  const text = params.get(name);
  if (text === null || text === '') return undefined;
  if (!/^\d+$/.test(text) || Number(text) < min) throw new HttpError(400, `The ${name} must be an integer of at least ${min}.`);
  return Number(text);
}

export interface Paging {
  offset: number;
  limit: number;
  page: number;
}

/** offset+limit or page+limit (perPage accepted for limit); limits above 100 are clamped to 100. */
export function readPaging(params: URLSearchParams, fallbackLimit: number): Paging {
  const asked = readInt(params, 'limit', 1) ?? readInt(params, 'perPage', 1) ?? fallbackLimit;
  const limit = Math.min(asked, PAGE_CAP);
  const offsetParam = readInt(params, 'offset', 0);
  const page = readInt(params, 'page', 1);
  const offset = offsetParam ?? ((page ?? 1) - 1) * limit;
  return { offset, limit, page: Math.floor(offset / limit) + 1 };
}

const ISO = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Unix seconds of an ISO 8601 date or date-time (no offset: UTC). */
export function readIsoDate(params: URLSearchParams, name: string): number | undefined {
  const text = params.get(name);
  if (text === null || text === '') return undefined;
  if (/T\d{2}:\d{2}(:\d{2}(\.\d+)?)? \d{2}:?\d{2}$/.test(text)) {
    throw new HttpError(400, `The ${name} "${text}" is not a valid ISO 8601 date: a "+" in the offset must be URL-encoded as %2B, or it arrives as a space.`);
  }
  const match = ISO.exec(text);
  const ms = match ? Date.parse(match[2] === undefined ? `${match[1]}T00:00:00Z` : match[3] === undefined ? `${text}Z` : text) : Number.NaN;
  if (!Number.isFinite(ms)) throw new HttpError(400, `The ${name} "${text}" is not a valid ISO 8601 date.`);
  return Math.floor(ms / 1000);
}

export function metadataOf(total: number, paging: Paging) {
  return { totalCount: total, page: paging.page, perPage: paging.limit, totalPages: Math.ceil(total / paging.limit) };
}
