/**
 * Page-numbered lists (providers.md §2.3): `page` (1-based) and `size`, the totals in the
 * X-Ctlive-Row-Count / -Page-Count / -Page-Size / -Current-Page headers. The server clamps `size`
 * (entries at 100 a page), so paging follows the headers, never the size asked for. A page that
 * contradicts its own headers — another page number than asked, nothing before the last page, or
 * (without headers) the previous page again — is a server or proxy glitch: asked again with
 * backoff, then given up as transient, because taking it would lose rows.
 */
import { SyncError } from '../../errors.js';
import type { ChronoTrackClient, QueryParams } from './client.js';
import { readListRows } from './payloads.js';

export interface ListRequest {
  path: string;
  query?: QueryParams;
  /** Root keys to try, in order (settings). */
  roots: readonly string[];
  size: number;
  startPage?: number;
}

export interface ListPage {
  page: number;
  rows: unknown[];
  /** X-Ctlive-Row-Count: the whole list's length, where the server says. */
  rowCount: number | null;
  last: boolean;
}

interface PagingHeaders {
  rowCount: number | null;
  pageCount: number | null;
  pageSize: number | null;
  currentPage: number | null;
}

function headerInt(headers: Headers, name: string): number | null {
  const text = headers.get(name)?.trim();
  return text && /^\d+$/.test(text) ? Number(text) : null;
}

function readPagingHeaders(headers: Headers): PagingHeaders {
  return {
    rowCount: headerInt(headers, 'x-ctlive-row-count'),
    pageCount: headerInt(headers, 'x-ctlive-page-count'),
    pageSize: headerInt(headers, 'x-ctlive-page-size'),
    currentPage: headerInt(headers, 'x-ctlive-current-page'),
  };
}

const firstRowOf = (rows: unknown[]): string | null => (rows.length > 0 ? JSON.stringify(rows[0]) : null);

function inconsistency(page: number, rows: unknown[], paging: PagingHeaders, previousFirst: string | null): string | null {
  if (paging.currentPage !== null && paging.currentPage !== page) return `asked for page ${page}, got page ${paging.currentPage}`;
  if (paging.pageCount !== null && page < paging.pageCount && rows.length === 0) return `page ${page} of ${paging.pageCount} is empty`;
  if (paging.currentPage === null && previousFirst !== null && firstRowOf(rows) === previousFirst) return `page ${page} repeats the previous page`;
  return null;
}

function isLast(page: number, rows: unknown[], paging: PagingHeaders, askedSize: number): boolean {
  if (paging.pageCount !== null) return page >= paging.pageCount;
  // Without the headers a short page is the last one.
  return rows.length === 0 || rows.length < (paging.pageSize ?? askedSize);
}

async function fetchPage(client: ChronoTrackClient, request: ListRequest, page: number, previousFirst: string | null) {
  for (let attempt = 1; ; attempt++) {
    const { body, headers } = await client.get(request.path, { ...request.query, page, size: request.size });
    const paging = readPagingHeaders(headers);
    const rows = readListRows(body, request.roots, paging.rowCount, `GET ${request.path}`);
    const problem = inconsistency(page, rows, paging, previousFirst);
    if (problem === null) return { rows, paging };
    if (attempt >= client.maxAttempts) {
      throw new SyncError('transient', `ChronoTrack GET ${request.path}: ${problem} (gave up after ${attempt} attempts)`);
    }
    await client.pause(attempt);
  }
}

export async function* readPages(client: ChronoTrackClient, request: ListRequest): AsyncGenerator<ListPage> {
  let previousFirst: string | null = null;
  for (let page = request.startPage ?? 1; ; page++) {
    const { rows, paging } = await fetchPage(client, request, page, previousFirst);
    previousFirst = firstRowOf(rows);
    const last = isLast(page, rows, paging, request.size);
    yield { page, rows, rowCount: paging.rowCount, last };
    if (last) return;
  }
}

/** Every row of a (short) list, for lists read whole: an event's races, its intervals. */
export async function readAllRows(client: ChronoTrackClient, request: ListRequest): Promise<unknown[]> {
  const rows: unknown[] = [];
  for await (const page of readPages(client, request)) rows.push(...page.rows);
  return rows;
}

/** A `resumeAfter` of a page-numbered stream: the next page to read. */
export function parsePagePosition(resumeAfter: string | null | undefined, what: string): number {
  if (resumeAfter === null || resumeAfter === undefined) return 1;
  if (!/^[1-9]\d*$/.test(resumeAfter)) throw new SyncError('bug', `ChronoTrack ${what} checkpoint is not a page number: "${resumeAfter}"`);
  return Number(resumeAfter);
}
