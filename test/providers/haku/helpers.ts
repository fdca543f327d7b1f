/** Shared set-up for the Haku adapter tests: the Haku skin on loopback and an adapter bound to it. */
import { memoryTokenStore, type TokenStore } from '../../../src/providers/http/token-auth.js';
import { createHakuAdapter } from '../../../src/providers/haku/index.js';
import type { HttpFetch, Page, ParticipantsQuery, ProviderAdapter } from '../../../src/providers/types.js';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../../src/sandbox/index.js';
import type { WorldEvent } from '../../../src/sandbox/world/index.js';

export const ANCHOR = new Date('2025-06-01T12:00:00Z');

/** One partner's Haku events on a virtual clock, no budget unless asked for. */
export function startHaku(options: SandboxOptions = {}): Promise<Sandbox> {
  return startSandbox({
    providers: ['haku'], seed: 3, partners: 1, anchor: ANCHOR, clock: 'virtual', pastShare: 0,
    eventsPerPartner: { haku: 2 }, registrationsPerRace: 30, ...options,
    haku: { callsPerHour: null, ...options.haku },
  });
}

/** Every request the adapter sent, as URLs (with the method), through the real network. */
export class RecordingFetch {
  readonly requests: { method: string; url: URL; authorization: string | null }[] = [];
  readonly fetch: HttpFetch = (url, init) => {
    this.requests.push({ method: init?.method ?? 'GET', url: new URL(url), authorization: new Headers(init?.headers).get('authorization') });
    return fetch(url, init);
  };

  paths(pattern: RegExp): string[] {
    return this.requests.filter((r) => pattern.test(r.url.pathname)).map((r) => `${r.url.pathname}${r.url.search}`);
  }

  count(pattern: RegExp): number {
    return this.requests.filter((r) => pattern.test(r.url.pathname)).length;
  }

  clear(): void {
    this.requests.length = 0;
  }
}

export interface AdapterOptions {
  settings?: Record<string, unknown>;
  credentials?: Record<string, string>;
  fetch?: HttpFetch;
  tokens?: TokenStore;
  baseUrl?: string;
  authUrl?: string;
  partner?: number;
}

export function adapterFor(sandbox: Sandbox, options: AdapterOptions = {}): ProviderAdapter {
  const endpoint = sandbox.endpoint('haku');
  const { client_id, client_secret } = endpoint.credentials[options.partner ?? 0]!;
  return createHakuAdapter({
    baseUrl: options.baseUrl ?? endpoint.baseUrl,
    authUrl: options.authUrl ?? endpoint.authUrl!,
    tokens: options.tokens ?? memoryTokenStore(),
    credentials: options.credentials ?? { client_id, client_secret },
    fetch: options.fetch ?? ((url, init) => fetch(url, init)),
    // Keep retries fast; backoff itself is not under test here.
    settings: { retryBaseMs: 1, ...options.settings },
  });
}

export async function collectPages<T>(stream: AsyncIterable<Page<T>>): Promise<Page<T>[]> {
  const pages: Page<T>[] = [];
  for await (const page of stream) pages.push(page);
  return pages;
}

export const recordsOf = <T>(pages: Page<T>[]): T[] => pages.flatMap((page) => page.records);

export function eventsOf(sandbox: Sandbox, partner = 1): WorldEvent[] {
  return sandbox.world.eventsAt('haku', partner);
}

/** The participants query of a whole world event (every category). */
export function queryOf(event: WorldEvent, more: Partial<ParticipantsQuery> = {}): ParticipantsQuery {
  return { providerEventId: event.ids.haku!, providerRaceIds: event.races.map((race) => String(race.ids.haku)), ...more };
}

/** Registrations of the event as the world holds them now. */
export function registrationsOf(sandbox: Sandbox, event: WorldEvent) {
  return event.races.flatMap((race) => sandbox.world.registrations(race).map((r) => ({ race, r })));
}

export async function postAdmin(sandbox: Sandbox, path: string, body: unknown): Promise<any> {
  const response = await fetch(`${sandbox.endpoint('haku').origin}/_admin/${path}`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`admin ${path}: HTTP ${response.status} ${await response.text()}`);
  return response.json();
}

export interface RewritingProxy {
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * A loopback HTTP server in front of the skin that rewrites chosen JSON answers: for payloads the
 * skin cannot produce (an event without a zone, a listed registration whose detail is gone).
 */
export async function startRewritingProxy(target: string, rewrite: (path: string, body: any) => any): Promise<RewritingProxy> {
  const { createServer } = await import('node:http');
  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', target);
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const headers = Object.fromEntries(Object.entries(request.headers).filter(([key]) => !['host', 'content-length', 'connection'].includes(key))) as Record<string, string>;
    const upstream = await fetch(url, { method: request.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined });
    const text = await upstream.text();
    let body = text;
    try {
      body = JSON.stringify(rewrite(url.pathname, JSON.parse(text)));
    } catch {
      // not JSON: passed on as it is
    }
    response.writeHead(upstream.status, { 'content-type': 'application/json', ...(upstream.headers.get('retry-after') ? { 'retry-after': upstream.headers.get('retry-after')! } : {}) });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
