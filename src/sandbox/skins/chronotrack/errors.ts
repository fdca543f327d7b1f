/**
 * ChronoTrack errors: no verified body (§2.6), so the simulator suggestion — HTTP 401
 * {"error":"invalid credentials"}, 403, 404 {"error":"not found"} — and 429 with Retry-After for
 * the optional budget.
 */
import { jsonReply, type Reply } from '../../server/reply.js';

export const INVALID_CREDENTIALS = 'invalid credentials';

export function errorReply(status: number, message: string, headers: Record<string, string> = {}): Reply {
  return jsonReply(status, { error: message }, headers);
}

export function throttledReply(retryAfterSeconds: number): Reply {
  return errorReply(429, 'rate limit exceeded', { 'retry-after': String(retryAfterSeconds) });
}
