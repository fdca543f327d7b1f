/**
 * Copernico errors: HTTP statuses (clients log `HTTP {code}`, §5.4) with a small JSON body of this
 * skin's choosing ([INFERRED]): {"statusCode", "message"} — and, for a registration push, the
 * per-item errors (registrations.ts).
 */
import { jsonReply, type Reply } from '../../server/reply.js';

export function errorReply(status: number, message: string, headers: Record<string, string> = {}): Reply {
  return jsonReply(status, { statusCode: status, message }, headers);
}

export function throttledReply(retryAfterSeconds: number): Reply {
  return errorReply(429, 'Too Many Requests', { 'retry-after': String(retryAfterSeconds) });
}
