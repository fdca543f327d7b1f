/**
 * Haku errors: HTTP statuses with the small {"message": "…"} body an AWS API Gateway in front of a
 * Cognito authorizer sends (the body is [INFERRED], §4.4); the token endpoint answers Cognito's
 * {"error": "…"}.
 */
import { jsonReply, type Reply } from '../../server/reply.js';

export const UNAUTHORIZED = 'Unauthorized';
export const EXPIRED = 'The incoming token has expired';

export function errorReply(status: number, message: string, headers: Record<string, string> = {}): Reply {
  return jsonReply(status, { message }, headers);
}

export function throttledReply(retryAfterSeconds: number): Reply {
  return errorReply(429, 'Too Many Requests', { 'retry-after': String(retryAfterSeconds) });
}
