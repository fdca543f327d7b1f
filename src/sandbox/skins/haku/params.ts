/**
 * Haku's list parameters (providers.md §4.2): page (1-based) and per_page — 25 by default (the
 * staging spec's size), silently clamped to 100 (a request for 500 gets 100, §4.1 CONFLICT) — and
 * sort_column / sort_direction.
 */
import { HttpError } from '../../server/http-error.js';

const DEFAULT_PAGE_SIZE = 25;
const PAGE_CAP = 100;

function readInt(params: URLSearchParams, name: string, fallback: number): number {
  const text = params.get(name);
  if (text === null || text === '') return fallback;
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new HttpError(400, `${name} must be a positive integer`);
  return Number(text);
}

export function readPaging(params: URLSearchParams): { offset: number; limit: number } {
  const limit = Math.min(readInt(params, 'per_page', DEFAULT_PAGE_SIZE), PAGE_CAP);
  return { offset: (readInt(params, 'page', 1) - 1) * limit, limit };
}

export function readSort<K extends string>(params: URLSearchParams, columns: readonly K[], fallback: K): { column: K; sign: 1 | -1 } {
  const column = (params.get('sort_column') ?? fallback) as K;
  if (!columns.includes(column)) throw new HttpError(400, `sort_column must be one of ${columns.join(', ')}`);
  const direction = (params.get('sort_direction') ?? 'asc').toLowerCase();
  if (direction !== 'asc' && direction !== 'desc') throw new HttpError(400, 'sort_direction must be asc or desc');
  return { column, sign: direction === 'desc' ? -1 : 1 };
}
