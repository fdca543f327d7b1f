/**
 * A tiny Copernico-compatible server on 127.0.0.1 (port 0) for the shapes and wire quirks the sandbox
 * skin does not serve: the `{data, gunTime}` wrapper, `rankings`, statuses the skin never writes, a
 * gzip body without a Content-Encoding header, a body sent in chosen pieces. Every route answers
 * what the test set for it; every request is logged with its headers.
 */
import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { FIXTURE_KEY } from './helpers.js';

export interface FixtureReply {
  status?: number;
  /** A string or Buffer is sent as is; anything else as JSON. */
  body: unknown;
  headers?: Record<string, string>;
  /** gzip the bytes: `header` says so in Content-Encoding, `silent` does not (the CDN quirk). */
  gzip?: 'header' | 'silent';
  /** Send the bytes in pieces of this size, flushed one by one. */
  pieceSize?: number;
  /** Stop after this many bytes and end the response (a body that breaks off). */
  cutAfter?: number;
  /** Stream the body from this file instead (a big body that this process need not hold). */
  file?: string;
}

export interface CopernicoFixture {
  /** Ends in `/api/races`, like the production base URL. */
  baseUrl: string;
  requests: { url: URL; headers: IncomingHttpHeaders }[];
  /** Route answers by path (after /api/races), e.g. `/race-1/athletes`; a function answers per call. */
  routes: Map<string, FixtureReply | ((call: number) => FixtureReply)>;
  close(): Promise<void>;
}

function bytesOf(reply: FixtureReply): Buffer {
  const raw = typeof reply.body === 'string' || Buffer.isBuffer(reply.body) ? Buffer.from(reply.body as string) : Buffer.from(JSON.stringify(reply.body));
  return reply.gzip ? gzipSync(raw) : raw;
}

async function send(response: ServerResponse, reply: FixtureReply): Promise<void> {
  if (reply.file) {
    response.writeHead(reply.status ?? 200, { 'content-type': 'application/json', 'content-length': String(statSync(reply.file).size) });
    createReadStream(reply.file).pipe(response);
    return;
  }
  const bytes = bytesOf(reply);
  const body = reply.cutAfter === undefined ? bytes : bytes.subarray(0, reply.cutAfter);
  const headers: Record<string, string> = { 'content-type': 'application/json', ...reply.headers };
  if (reply.gzip === 'header') headers['content-encoding'] = 'gzip';
  // A cut body is sent chunked and ended early, so the client sees a clean end of a short body.
  if (reply.cutAfter === undefined) headers['content-length'] = String(body.length);
  response.writeHead(reply.status ?? 200, headers);
  const size = reply.pieceSize ?? body.length;
  for (let at = 0; at < body.length; at += size) {
    // Honour backpressure: a slow reader must not make this server buffer the whole body.
    if (!response.write(body.subarray(at, at + size))) await new Promise((resolve) => response.once('drain', resolve));
    else if (reply.pieceSize) await new Promise((resolve) => setImmediate(resolve));
  }
  response.end();
}

export async function startCopernicoFixture(): Promise<CopernicoFixture> {
  const requests: CopernicoFixture['requests'] = [];
  const routes: CopernicoFixture['routes'] = new Map();
  const calls = new Map<string, number>();
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    requests.push({ url, headers: request.headers });
    const path = url.pathname.replace(/^\/api\/races/, '');
    if (request.headers['x-api-key'] !== FIXTURE_KEY) return void send(response, { status: 401, body: { statusCode: 401, message: 'Unauthorized' } });
    const route = routes.get(decodeURIComponent(path));
    const call = (calls.get(path) ?? 0) + 1;
    calls.set(path, call);
    const reply = typeof route === 'function' ? route(call) : route;
    void send(response, reply ?? { status: 404, body: { statusCode: 404, message: `${path} not found` } });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/api/races`,
    requests,
    routes,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** An athlete document as K3 shows it, with the fields a test cares about overridden. */
export function athleteDoc(id: string, entry: Record<string, unknown> = {}, fields: Record<string, unknown> = {}) {
  return {
    id, name: 'Lucía', surname: 'Martín Gómez', fullname: 'Lucía Martín Gómez', gender: 'female', birthdate: '1990-04-02',
    events: [{
      status: 'finished', realStatus: 'finished', event: '10K', dorsal: '1024', chip: ['chip_1024'], category: 'Senior F',
      wave: '1', team: '', club: 'Valencia Runners', featured: false,
      times: {
        '5K': { split: '5K', order: 1, distance: 5000, time: 1_130_000, netTime: 1_120_500, average: 3.7, averageNet: 3.7, raw: {} },
        Meta: { split: 'Meta', order: 2, distance: 10000, time: 2_275_000, netTime: 2_265_250, average: 3.7, averageNet: 3.7, raw: {} },
      },
      rankings: {}, backups: [], mst: [], penalties: [], issuesCount: { data: 0, times: 0 },
      ...entry,
    }],
    locations: ['start_line', '5K', 'Meta'],
    ...fields,
  };
}
