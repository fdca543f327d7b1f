/**
 * A tiny ChronoTrack-shaped HTTP server on 127.0.0.1 (port 0) for the formats the sandbox skin never
 * sends: the plural root keys, numbers where CT sends strings, "0000-00-00", DNF entry statuses on
 * result rows, lists without X-Ctlive-* headers. Each test gives the rows per path; the server pages
 * them with `page`/`size` (optionally clamped), logs every raw request URL, and answers 404 elsewhere.
 * A route key may name one query parameter (`/api/race/9/results?bracket=SEX`).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FixtureList {
  /** The JSON root key the rows go under. */
  root: string;
  rows: Record<string, unknown>[];
  /** Send the X-Ctlive-* headers (default true). */
  headers?: boolean;
  /** Largest page the server gives, whatever `size` asks (default none). */
  clamp?: number;
}

export type FixtureRoute = FixtureList | { status: number; body: unknown; headers?: Record<string, string> };

export interface CtFixture {
  /** Ends in /api like the production root. */
  baseUrl: string;
  /** Raw request targets as sent ("/api/event?client_id=…"), so encodings can be checked. */
  requests: string[];
  /** Authorization headers of the requests, in order. */
  authorizations: (string | undefined)[];
  close(): Promise<void>;
}

function answerList(list: FixtureList, url: URL, response: ServerResponse): void {
  const asked = Number(url.searchParams.get('size') ?? 50);
  const size = list.clamp ? Math.min(asked, list.clamp) : asked;
  const page = Number(url.searchParams.get('page') ?? 1);
  const rows = list.rows.slice((page - 1) * size, page * size);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (list.headers !== false) {
    Object.assign(headers, {
      'x-ctlive-row-count': String(list.rows.length),
      'x-ctlive-page-count': String(Math.max(1, Math.ceil(list.rows.length / size))),
      'x-ctlive-page-size': String(size),
      'x-ctlive-current-page': String(page),
    });
  }
  response.writeHead(200, headers);
  response.end(JSON.stringify({ [list.root]: rows }));
}

export async function startCtFixture(routes: Record<string, FixtureRoute>): Promise<CtFixture> {
  const requests: string[] = [];
  const authorizations: (string | undefined)[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    requests.push(request.url ?? '');
    authorizations.push(request.headers.authorization);
    const url = new URL(request.url ?? '/', 'http://fixture');
    // "/api/race/9/results?bracket=SEX" answers that query; the bare path answers every other.
    const specific = [...url.searchParams].map(([key, value]) => routes[`${url.pathname}?${key}=${value}`]).find(Boolean);
    const route = specific ?? routes[url.pathname];
    if (!route) {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: 'not found' }));
    } else if ('rows' in route) {
      answerList(route, url, response);
    } else {
      response.writeHead(route.status, { 'content-type': 'application/json', ...route.headers });
      response.end(typeof route.body === 'string' ? route.body : JSON.stringify(route.body));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/api`,
    requests,
    authorizations,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
