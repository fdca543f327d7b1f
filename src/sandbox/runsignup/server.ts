/**
 * The node:http plumbing: routes /_admin/* to the admin handler and /Rest/* (any case) to the API,
 * counts API calls per api_key, adds latency, and applies injected faults on the way out.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerAdmin, type AdminDependencies } from './admin.js';
import { answerApi, renderThrottled, requestedFormat, type ApiDependencies, type Reply } from './api.js';
import { malformBody, SERVICE_UNAVAILABLE_BODY, truncateBody, type FaultQueue } from './faults.js';

export interface SandboxServerDependencies extends ApiDependencies {
  admin: Omit<AdminDependencies, 'callCount'>;
  faults: FaultQueue;
}

export interface SandboxServer {
  origin: string;
  callCount(apiKey?: string): number;
  close(): Promise<void>;
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function send(response: ServerResponse, reply: Reply, body: string | Buffer = reply.body): void {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  response.writeHead(reply.status, { ...reply.headers, 'content-length': String(bytes.length) });
  response.end(bytes);
}

class CallCounter {
  private total = 0;
  private readonly perKey = new Map<string, number>();

  record(apiKey: string): void {
    this.total += 1;
    this.perKey.set(apiKey, (this.perKey.get(apiKey) ?? 0) + 1);
  }

  count(apiKey?: string): number {
    return apiKey === undefined ? this.total : (this.perKey.get(apiKey) ?? 0);
  }
}

export async function startSandboxServer(deps: SandboxServerDependencies): Promise<SandboxServer> {
  const calls = new CallCounter();
  const admin: AdminDependencies = { ...deps.admin, callCount: () => calls.count() };

  async function serveApi(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const params = url.searchParams;
    calls.record(params.get('api_key') ?? params.get('rsu_api_key') ?? '');
    const fault = deps.faults.take(url.pathname);
    if (deps.options.latencyMs > 0) await delay(deps.options.latencyMs);
    // A timeout never answers; the socket stays open until the client gives up or close() ends it.
    if (fault === 'timeout') return;
    if (fault === '5xx') {
      send(response, { status: 503, headers: { 'content-type': 'text/html; charset=utf-8' }, body: SERVICE_UNAVAILABLE_BODY });
      return;
    }
    const reply =
      fault === 'throttle'
        ? renderThrottled(requestedFormat(params) ?? 'json', deps.options, 60)
        : answerApi(deps, { method: request.method ?? 'GET', url, secretHeader: headerText(request, 'x-rsu-api-secret') });
    if (fault === 'malformed') send(response, { ...reply, status: 200 }, malformBody(reply.body));
    else if (fault === 'truncated') send(response, { ...reply, status: 200 }, truncateBody(reply.body));
    else send(response, reply);
  }

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://sandbox.invalid');
    if (url.pathname.startsWith('/_admin/')) {
      send(response, await answerAdmin(admin, request, url.pathname));
    } else if (/^\/rest(\/|$)/i.test(url.pathname)) {
      await serveApi(request, response, url);
    } else {
      send(response, { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'Not Found\n' });
    }
  }

  const server: Server = createServer((request, response) => {
    serve(request, response).catch((error: unknown) => {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      if (!response.headersSent) send(response, { status: 500, headers: { 'content-type': 'text/plain' }, body: `sandbox bug: ${message}\n` });
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(deps.options.port, deps.options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    origin: `http://${host}:${address.port}`,
    callCount: (apiKey) => calls.count(apiKey),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Held (timeout-fault) and keep-alive sockets would otherwise keep close() waiting forever.
        server.closeAllConnections();
      }),
  };
}

function headerText(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
