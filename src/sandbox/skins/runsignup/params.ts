/**
 * Query parameter readers. Anything malformed or out of range is RunSignUp error 3
 * "Invalid parameters", never a silent fallback: adapters should learn about their mistakes here.
 */
import { ApiError } from './errors.js';

const INVALID = 3;

export interface IntRule {
  min?: number;
  max?: number;
}

export function readInt(params: URLSearchParams, name: string, rule: IntRule = {}): number | undefined {
  const text = params.get(name);
  if (text === null || text === '') return undefined;
  if (!/^-?\d+$/.test(text.trim())) throw new ApiError(INVALID);
  const value = Number(text.trim());
  if ((rule.min !== undefined && value < rule.min) || (rule.max !== undefined && value > rule.max)) throw new ApiError(INVALID);
  return value;
}

/** "T" / "F" booleans; anything else counts as not set. */
export function readFlag(params: URLSearchParams, name: string): boolean {
  return params.get(name)?.toUpperCase() === 'T';
}

/** A required comma-separated list of ids, e.g. event_id=12,13. Duplicates collapse, order kept. */
export function readIdList(params: URLSearchParams, name: string): number[] {
  const text = params.get(name);
  if (text === null || text.trim() === '') throw new ApiError(INVALID);
  const ids: number[] = [];
  for (const part of text.split(',')) {
    if (!/^\d+$/.test(part.trim())) throw new ApiError(INVALID);
    const id = Number(part.trim());
    if (!ids.includes(id)) ids.push(id);
  }
  return ids;
}

export interface PageRequest {
  page: number;
  perPage: number;
  offset: number;
}

/** page (1-based) and a page size read from the first present of `sizeNames`. */
export function readPage(params: URLSearchParams, sizeNames: string[], fallback: number, cap: number): PageRequest {
  const page = readInt(params, 'page', { min: 1 }) ?? 1;
  let perPage: number | undefined;
  for (const name of sizeNames) {
    perPage ??= readInt(params, name, { min: 1, max: cap });
  }
  const size = perPage ?? fallback;
  return { page, perPage: size, offset: (page - 1) * size };
}
