/**
 * Reading a Race Roster list page by page: `offset`+`limit` (or `page`+`perPage`, by setting) at
 * the largest size the API accepts, rows under `data`, the list's size in `metadata.totalCount`.
 * A short page alone never ends a list the total says is longer — the server may clamp the size,
 * or rows may have moved — and a page that cannot be right (empty while the total says more, the
 * previous page again, or a stale page number) is asked for once more, then the read fails as
 * transient instead of storing a gap or looping.
 */
import { SyncError } from '../../errors.js';
import type { QueryParams, RaceRosterClient } from './client.js';
import { readListBody, type ListBody } from './payloads.js';

export interface ListPage {
  rows: unknown[];
  /** The provider's `metadata.totalCount`, when it sends one. */
  total: number | undefined;
  /** Where the next page starts; null after the last page. */
  next: number | null;
}

export interface ListRead {
  path: string;
  query: QueryParams;
  pageSize: number;
  style: 'offset' | 'page';
  /** Offset to start at (a checkpoint's `resumeAfter`). */
  start: number;
}

/** The largest page the API gives (it clamps `limit`/`perPage` there). */
const LARGEST_PAGE = 100;

/** A page that looks wrong is asked for this many more times before the read fails. */
const REREADS = 1;

/** `resumeAfter` of these lists is the offset of the next page. */
export function parseOffset(resumeAfter: string | null | undefined, what: string): number {
  if (resumeAfter === null || resumeAfter === undefined) return 0;
  if (!/^\d+$/.test(resumeAfter)) throw new SyncError('bug', `Race Roster ${what} checkpoint is not an offset: "${resumeAfter}"`);
  return Number(resumeAfter);
}

function pagingParams(read: ListRead, offset: number, size: number): QueryParams {
  return read.style === 'offset' ? { offset, limit: size } : { page: Math.floor(offset / size) + 1, perPage: size };
}

/**
 * The page number the answer must carry, where it is unambiguous: the one asked for in page style;
 * page 1 for offset 0 (what `page` means for other offsets is the server's business).
 */
function expectedPage(read: ListRead, offset: number, size: number): number | null {
  if (read.style === 'page') return Math.floor(offset / size) + 1;
  return offset === 0 ? 1 : null;
}

/** Why this answer cannot be the page at `offset`; null when it can. */
function implausible(body: ListBody, offset: number, expected: number | null, previous: string | null): string | null {
  const total = body.metadata?.totalCount ?? undefined;
  if (body.data.length === 0) {
    return total !== undefined && offset < total ? `the page at offset ${offset} is empty although totalCount is ${total}` : null;
  }
  const page = body.metadata?.page ?? null;
  if (expected !== null && page !== null && page !== expected) return `the page at offset ${offset} came back as page ${page} (a stale answer)`;
  if (previous !== null && JSON.stringify(body.data) === previous) return `the page at offset ${offset} repeats the previous page`;
  return null;
}

async function fetchPage(client: RaceRosterClient, read: ListRead, offset: number, size: number, previous: string | null): Promise<ListBody> {
  for (let attempt = 0; ; attempt++) {
    const body = readListBody(await client.get(read.path, { ...read.query, ...pagingParams(read, offset, size) }), `GET ${read.path}`);
    const problem = implausible(body, offset, expectedPage(read, offset, size), previous);
    if (problem === null) return body;
    if (attempt >= REREADS) throw new SyncError('transient', `Race Roster GET ${read.path}: ${problem}; stopping instead of storing a gap`);
  }
}

export async function* readList(client: RaceRosterClient, read: ListRead): AsyncGenerator<ListPage> {
  let offset = read.start;
  // Page numbers count in the server's page size, so page style never asks for more than it gives
  // (offsets are counted in rows received, and any clamp is followed).
  const size = read.style === 'page' ? Math.min(read.pageSize, LARGEST_PAGE) : read.pageSize;
  let previous: string | null = null;
  for (;;) {
    const body = await fetchPage(client, read, offset, size, previous);
    const rows = body.data;
    const total = body.metadata?.totalCount ?? undefined;
    const next = read.style === 'offset' ? offset + rows.length : offset + size;
    const finished = rows.length === 0 || (total !== undefined ? next >= total : rows.length < size);
    yield { rows, total, next: finished ? null : next };
    if (finished) return;
    offset = next;
    previous = JSON.stringify(rows);
  }
}
