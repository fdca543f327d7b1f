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

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function send(response: ServerResponse, reply: Reply, body: string | Buffer = reply.body): void {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  response.writeHead(reply.status, { ...reply.headers, 'content-length': String(bytes.length) });
  response.end(bytes);
}

export async function startSkinServer(options: SkinServerOptions): Promise<SkinServer> {
  const { skin } = options;
  /** The last good answer per (caller, path), for the few most recent paths: what repeat_page sends again. */
  const lastPages = new WeightedLru<string, Reply>(RECENT_PAGES);

  function answer(request: SkinRequest, caller: Caller, fault: FaultKind | undefined): Reply {
    if (fault === '5xx') return serviceUnavailable();
    if (fault === 'throttle') return skin.throttled(60, request);
    if (fault === 'expired_token') return skin.expire(request);
    const pageKey = `${caller.id} ${request.method} ${request.path}`;
    const previous = lastPages.get(pageKey);
    if (fault === 'repeat_page' && previous) return previous;
    const spend = (id: string) => {
      const decision = options.budget?.take(id);
      return decision && !decision.allowed ? decision.retryAfterSeconds : undefined;
    };
    const reply = skin.answer(request, { spend, emptyPage: fault === 'empty_page' });
    if (caller.kind === 'api' && reply.status === 200) lastPages.set(pageKey, reply, 1);
    return reply;
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
    // A timeout never answers; the socket stays open until the client gives up or close() ends it.
    if (fault === 'timeout') return;
    if (fault === 'reset') {
      incoming.socket.destroy();
      return;
    }
    const reply = answer(request, caller, fault);
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
