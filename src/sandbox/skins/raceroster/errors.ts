/**
 * Race Roster errors (providers.md §3.1, §3.4): the documented HTTP statuses with a small body —
 * {"error":{"code","message"}} or, by switch, Laravel's {"message"} — and, at the token endpoint,
 * Passport's {"error","error_description","hint","message"} (§3.2).
 */
import { jsonReply, type Reply } from '../../server/reply.js';
import type { ResolvedRaceRosterOptions } from './options.js';

export const MESSAGES = {
  401: 'Unauthenticated.',
  403: 'This action is unauthorized.',
  404: 'Not found.',
  405: 'Method not allowed.',
  429: 'Too Many Attempts.',
} as const;

export function errorReply(options: ResolvedRaceRosterOptions, status: number, message: string, headers: Record<string, string> = {}): Reply {
  const body = options.errorShape === 'message' ? { message } : { error: { code: status, message } };
  return jsonReply(status, body, headers);
}

export class TokenError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
    readonly hint: string,
  ) {
    super(description);
    this.name = 'TokenError';
  }
}

export function tokenErrorReply(error: TokenError): Reply {
  return jsonReply(error.status, { error: error.error, error_description: error.description, hint: error.hint, message: error.description });
}
