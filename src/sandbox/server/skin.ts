/**
 * What a provider skin is to the shared server: its paths, how it recognises a caller, how it
 * answers a request from the world, and how it answers the shared machinery's verdicts (throttled,
 * token expired) in its provider's terms. Everything else — counting, budgets, latency, faults,
 * the admin API — is the server's, once, for every skin.
 */
import type { PartnerCredentials } from '../world/accounts.js';
import type { ChangeSummary, ProviderName, WorldChange } from '../world/index.js';
import type { Corruptions, CorruptTarget } from './corruptions.js';
import type { Reply } from './reply.js';
import type { SkinRequest } from './request.js';

export type { PartnerCredentials } from '../world/accounts.js';

export interface Caller {
  /** api: counted, budgeted, open to every fault; token: the token endpoint; unknown: not a path of this API. */
  kind: 'api' | 'token' | 'unknown';
  /** The credential behind the request (api key, client id); '' when it carries none the skin knows. */
  id: string;
}

export interface SkinContext {
  /** Spends one call of the caller's budget: undefined when allowed, else the Retry-After seconds. */
  spend(caller: string): number | undefined;
  /** The empty_page fault: list endpoints answer an empty page (same envelope, same totals). */
  emptyPage: boolean;
}

export interface Skin {
  readonly provider: ProviderName;
  /** Where the API is under the origin: a connection's base URL is origin + basePath. */
  readonly basePath: string;
  /** The token endpoint's path, where the provider has one. */
  readonly authPath: string | undefined;
  readonly credentials: readonly PartnerCredentials[];
  /** The per-credential budget the provider enforces; undefined for none. */
  readonly callsPerHour: number | undefined;
  readonly corruptions: Corruptions;
  /** The field a corrupt request breaks unless it names one. */
  readonly corruptFields: Readonly<Record<CorruptTarget, string>>;
  identify(request: SkinRequest): Caller;
  answer(request: SkinRequest, context: SkinContext): Reply;
  /** Over budget, or a throttle fault. */
  throttled(retryAfterSeconds: number, request: SkinRequest): Reply;
  /** The expired_token fault: this call answers as if its token had expired (a token really expires). */
  expire(request: SkinRequest): Reply;
  /** A body that does not parse, the way this provider's stack breaks; default a PHP warning. */
  malform?(body: string | Buffer): string | Buffer;
  /** Admin: a mutate body may name targets by this provider's ids; they become neutral ids here. */
  translateChange(body: Record<string, unknown>): WorldChange;
  /** Admin: the summary, with this provider's ids added. */
  describeChange(summary: ChangeSummary): unknown;
  /** Admin: what the provider shows now, in its vocabulary (counts, not records). */
  describeState(): Record<string, unknown>;
}
