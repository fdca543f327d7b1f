/**
 * Who is asking: a bearer token (or the dashboard's session cookie, which holds an admin token) checked
 * against the database on every request, so a revoked token is refused at once. Failures are counted per
 * client address and, past the limit, answered 429 for a while.
 */
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import type { ApiToken, TokenScope } from '../tokens/index.js';
import type { TokenVerifier } from '../tokens/index.js';
import { ApiError } from './errors.js';
import type { AuthFailureLimiter } from './rate-limit.js';

export const SESSION_COOKIE = 'p88_session';

/** The caller, as every handler sees it: `partnerId` null means an admin (every partner). */
export interface Caller {
  tokenId: number;
  partnerId: number | null;
  scope: TokenScope;
}

export interface AuthDeps {
  verifier: TokenVerifier;
  limiter: AuthFailureLimiter;
  /** Told when an address gets blocked (an alert is raised). */
  onBlocked?: (address: string) => void;
  onFailure?: () => void;
}

export const clientAddress = (c: Context): string =>
  (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket?.remoteAddress ?? 'unknown';

function presentedToken(c: Context, allowCookie: boolean): string | undefined {
  const header = c.req.header('authorization');
  if (header !== undefined) return /^Bearer\s+(\S+)$/i.exec(header)?.[1] ?? '';
  return allowCookie ? getCookie(c, SESSION_COOKIE) : undefined;
}

/** The caller, or a 401/429; `need` is the scope the route requires. */
export async function authenticate(
  c: Context,
  deps: AuthDeps,
  need: TokenScope,
  from: { cookie?: boolean; token?: string } = {},
): Promise<Caller> {
  const address = clientAddress(c);
  const wait = deps.limiter.blockedFor(address);
  if (wait > 0) {
    throw new ApiError(429, 'too_many_failures', 'too many failed authentication attempts from this address; try again later', [], {
      'retry-after': String(Math.ceil(wait / 1000)),
    });
  }
  const secret = from.token ?? presentedToken(c, from.cookie ?? false);
  const token = secret ? await deps.verifier.verify(secret) : undefined;
  if (!token) {
    deps.onFailure?.();
    if (deps.limiter.recordFailure(address)) deps.onBlocked?.(address);
    throw new ApiError(401, 'unauthorized', secret === undefined
      ? 'this route needs a token: send "Authorization: Bearer <token>" (`p88 token create`)'
      : 'the token is not valid (unknown or revoked)', [], { 'www-authenticate': 'Bearer' });
  }
  if (!allows(token, need)) {
    throw new ApiError(403, 'forbidden', `this route needs a ${need} token; this one is ${token.scope}`);
  }
  return { tokenId: token.id, partnerId: token.partnerId, scope: token.scope };
}

function allows(token: ApiToken, need: TokenScope): boolean {
  if (token.scope === 'admin') return true;
  if (need === 'admin') return false;
  return need === 'read' || token.scope === 'trigger';
}

/**
 * The partner a query is scoped to: a partner token's own, always; an admin's `partner_id` filter or
 * none (every partner). A partner token naming another partner finds nothing (404), never a 403.
 */
export function scopeOf(caller: Caller, requested: number | undefined): number | null {
  if (caller.partnerId === null) return requested ?? null;
  if (requested !== undefined && requested !== caller.partnerId) throw new ApiError(404, 'not_found', `partner ${requested} not found`);
  return caller.partnerId;
}
