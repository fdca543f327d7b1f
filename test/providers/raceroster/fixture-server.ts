/**
 * A tiny scripted HTTP server on 127.0.0.1 (port 0) for the payload variants the sandbox skin does
 * not serve (a bare region code, a numeric bib, a broken sub-event, a list without metadata, a
 * server that ignores a filter or clamps harder than asked). `/api/oauth/authorize` hands out a bare
 * token; every other request is answered by the test's handler. Each request is recorded.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FixtureRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  authorization: string | undefined;
}

export type FixtureHandler = (request: FixtureRequest) => { status?: number; body: unknown } | undefined;

export interface RaceRosterFixture {
  baseUrl: string;
  requests: FixtureRequest[];
  close(): Promise<void>;
}

export const FIXTURE_TOKEN = 'fixture-access-token';
export const FIXTURE_CREDENTIALS = { client_id: '42', client_secret: 'fixture-secret', username: 'timer@example.com', password: 'fixture-password' };

/** A list answer as Race Roster sends it: rows under `data`, totals in `metadata`. */
export function listOf(rows: unknown[], totalCount: number, page = 1, perPage = 100) {
  return { data: rows, metadata: { totalCount, page, perPage, totalPages: Math.ceil(totalCount / perPage) } };
}

export async function startFixture(handler: FixtureHandler): Promise<RaceRosterFixture> {
  const requests: FixtureRequest[] = [];
  const server = createServer((incoming, response) => {
    const url = new URL(incoming.url ?? '/', 'http://fixture');
    const request = { method: incoming.method ?? 'GET', path: url.pathname, query: url.searchParams, authorization: incoming.headers.authorization };
    requests.push(request);
    incoming.resume();
    incoming.on('end', () => {
      const reply = url.pathname === '/api/oauth/authorize'
        ? { status: 200, body: { token_type: 'Bearer', expires_in: 86_400, access_token: FIXTURE_TOKEN, refresh_token: 'fixture-refresh' } }
        : (handler(request) ?? { status: 404, body: { error: { code: 404, message: 'Not found.' } } });
      const text = JSON.stringify(reply.body);
      response.writeHead(reply.status ?? 200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
      response.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/api/v1`,
    requests,
    close: () => new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    }),
  };
}
