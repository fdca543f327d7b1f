/**
 * Haku's numbered-page lists (providers.md §4.2): `page` (1-based) and `per_page`, which the server
 * clamps silently (25 in the staging spec, 100 seen in production, 500 sent by the final code). So a
 * list ends on an empty page, or on a page shorter than the longest the server has returned before —
 * never on one shorter than what was asked, which may just be its cap. A server that ignores `page`
 * would repeat page 1 forever: a repeated page is asked once more, then the read stops. A first page
 * the caller finds implausible (a stale answer: another read's last page) is asked once more too.
 */
import { SyncError } from '../../errors.js';
import type { HakuClient, QueryParams } from './client.js';
import type { HakuSettings } from './settings.js';

/** Where a list read stands: the page to read next, rows of it already done, the longest page seen. */
export interface ListPosition {
  page: number;
  offset: number;
  longest: number;
}

export const LIST_START: ListPosition = { page: 1, offset: 0, longest: 0 };

export function formatPosition({ page, offset, longest }: ListPosition): string {
  return `${page}:${offset}:${longest}`;
}

/** `page:offset:longest`, the resume position the engine keeps as its checkpoint. */
export function parsePosition(text: string | null | undefined, what: string): ListPosition {
  if (text === null || text === undefined) return LIST_START;
  const match = /^(\d+):(\d+):(\d+)$/.exec(text);
  if (!match || Number(match[1]) < 1) throw new SyncError('bug', `Haku ${what} checkpoint is not "page:offset:longest": "${text}"`);
  return { page: Number(match[1]), offset: Number(match[2]), longest: Number(match[3]) };
}

/** The stop rule: empty, or shorter than an earlier page (or than the server's cap, when an operator knows it). */
export function isLastPage(rows: number, longestBefore: number, settings: Pick<HakuSettings, 'pageSize' | 'serverPageCap'>): boolean {
  if (rows === 0) return true;
  if (longestBefore > 0 && rows < longestBefore) return true;
  return settings.serverPageCap !== null && rows < Math.min(settings.pageSize, settings.serverPageCap);
}

export interface ListPage {
  rows: unknown[];
  /** The position of this page; `offset` rows of it were done before a resume. */
  at: ListPosition;
  /** Where the list continues after this page; null when this was the last. */
  next: ListPosition | null;
}

export interface ListRequest {
  path: string;
  params: QueryParams;
  /** The array of rows of a response body (throws on a wrong shape). */
  rowsOf: (body: unknown) => unknown[];
  /** A row's key, to tell a repeated page; null for a row without one. */
  keyOf: (row: unknown) => string | null;
  /** Whether rows served as the list's first page cannot be its first page; asked once more, the second answer stands. */
  staleFirstPage?: (rows: unknown[]) => boolean;
}

/** The list's pages from `start`, one GET each, lazily: the caller may stop early (the incremental rule). */
export async function* readList(client: HakuClient, settings: HakuSettings, request: ListRequest, start: ListPosition = LIST_START): AsyncGenerator<ListPage> {
  let previousKeys: string | null = null;
  for (let at = start; ;) {
    const fetchRows = async () => request.rowsOf(await client.get(request.path, { ...request.params, page: at.page, per_page: settings.pageSize }));
    let rows = await fetchRows();
    if (at.page === 1 && at.offset === 0 && rows.length > 0 && request.staleFirstPage?.(rows)) rows = await fetchRows();
    let keys = rows.map(request.keyOf).join('\n');
    if (rows.length > 0 && keys === previousKeys) {
      rows = await fetchRows();
      keys = rows.map(request.keyOf).join('\n');
      if (keys === previousKeys) {
        throw new SyncError('transient', `Haku GET ${request.path}: page ${at.page} repeats page ${at.page - 1}; stopping instead of looping`);
      }
    }
    previousKeys = keys;
    const next = isLastPage(rows.length, at.longest, settings) ? null : { page: at.page + 1, offset: 0, longest: Math.max(at.longest, rows.length) };
    yield { rows, at, next };
    if (!next) return;
    at = next;
  }
}
