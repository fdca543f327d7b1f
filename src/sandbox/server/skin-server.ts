/**
 * The node:http plumbing one skin runs on: /_admin/* to the admin API, everything else to the skin,
 * with the shared machinery around it — call counting per credential, latency, the budget, and
 * injected faults applied on the way out (or instead of the answer). One skin per port; every skin
 * of a sandbox reads the same world.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerAdmin, type AdminDependencies } from './admin.js';
import type { CallBudget } from './budget.js';
import { malformBody, truncateBody, type FaultKind } from './faults.js';
import { serviceUnavailable, textReply, type Reply } from './reply.js';
import { readRequest, type SkinRequest } from './request.js';
import type { Caller } from './skin.js';
import { WeightedLru } from '../world/lru.js';

export interface SkinServerOptions extends AdminDependencies {
  budget: CallBudget | undefined;
  latencyMs: number;
  host: string;
  port: number;
}

export interface SkinServer {
  origin: string;
  close(): Promise<void>;
}

const RECENT_PAGES = 16;
const REPEAT_WINDOW_MS = 5_000;
/** Query parameters that page a list, in any skin's dialect (a Copernico race's athletes come one `event` at a time). */
const PAGING_PARAMS = new Set(['page', 'per_page', 'size', 'results_per_page', 'start', 'offset', 'limit', 'num', 'page_size', 'event']);

function listOf(request: SkinRequest): string {
  const query = [...request.url.searchParams].filter(([name]) => !PAGING_PARAMS.has(name)).sort(([a], [b]) => a.localeCompare(b));
  return `${request.path}?${new URLSearchParams(query).toString()}`;
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function send(response: ServerResponse, reply: Reply, body: string | Buffer = reply.body): void {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  response.writeHead(reply.status, { ...reply.headers, 'content-length': String(bytes.length) });
  response.end(bytes);
}

export async function startSkinServer(options: SkinServerOptions): Promise<SkinServer> {
  const { skin } = options;
  /**
   * The last good answer per (caller, list), for the few most recent lists: what repeat_page sends
   * again. A list is its path and query without the paging parameters, and the answer must be fresh
   * (REPEAT_WINDOW_MS), so the repeat is the page before served again within one read, never an old
   * answer from an earlier read (that would be a stale cache, another fault).
   */
  const lastPages = new WeightedLru<string, { reply: Reply; at: number }>(RECENT_PAGES);

  /** The answer, and whether the drawn fault changed it (a page fault on a call without pages does not). */
  function answer(request: SkinRequest, caller: Caller, fault: FaultKind | undefined): { reply: Reply; applied: boolean } {
    if (fault === '5xx') return { reply: serviceUnavailable(), applied: true };
    if (fault === 'throttle') return { reply: skin.throttled(60, request), applied: true };
    if (fault === 'expired_token') return { reply: skin.expire(request), applied: true };
    const pageKey = `${caller.id} ${request.method} ${listOf(request)}`;
    const previous = lastPages.get(pageKey);
    if (fault === 'repeat_page' && previous && Date.now() - previous.at <= REPEAT_WINDOW_MS) return { reply: previous.reply, applied: true };
    const spend = (id: string) => {
      const decision = options.budget?.take(id);
      return decision && !decision.allowed ? decision.retryAfterSeconds : undefined;
    };
    let emptied = false;
    const reply = skin.answer(request, {
      spend,
      // Read by the skins that serve pages: only then was the page really emptied.
      get emptyPage() {
        emptied ||= fault === 'empty_page';
        return fault === 'empty_page';
      },
    });
    if (caller.kind === 'api' && reply.status === 200) lastPages.set(pageKey, { reply, at: Date.now() }, 1);
    const applied = fault === 'empty_page' ? emptied : fault !== undefined && fault !== 'repeat_page';
    return { reply, applied };
  }

  async function serve(incoming: IncomingMessage, response: ServerResponse): Promise<void> {
    const request = await readRequest(incoming);
    if (request.path.startsWith('/_admin/')) {
      send(response, answerAdmin(options, request));
      return;
    }
    const caller = skin.identify(request);
    if (caller.kind === 'unknown') {
      send(response, textReply(404, 'Not Found\n'));
      return;
    }
    (caller.kind === 'api' ? options.calls : options.tokenCalls).record(caller.id);
    const fault = options.faults.take(request.path, caller.kind === 'api');
    if (options.latencyMs > 0) await delay(options.latencyMs);
    if (fault === 'timeout' || fault === 'reset') options.faults.noteApplied(fault);
    // A timeout never answers; the socket stays open until the client gives up or close() ends it.
    if (fault === 'timeout') return;
    if (fault === 'reset') {
      incoming.socket.destroy();
      return;
    }
    const { reply, applied } = answer(request, caller, fault);
    if (fault && applied) options.faults.noteApplied(fault);
    if (fault === 'malformed') send(response, { ...reply, status: 200 }, skin.malform ? skin.malform(reply.body) : malformBody(reply.body));
    else if (fault === 'truncated') send(response, { ...reply, status: 200 }, truncateBody(reply.body));
    else send(response, reply);
  }

  const server: Server = createServer((request, response) => {
    serve(request, response).catch((error: unknown) => {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      if (!response.headersSent) send(response, textReply(500, `sandbox bug: ${message}\n`));
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    origin: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Held (timeout-fault) and keep-alive sockets would otherwise keep close() waiting forever.
        server.closeAllConnections();
      }),
  };
}
