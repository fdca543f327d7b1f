/**
 * RunSignUp API errors (providers.md §1.3, codes from the official error code page). Handlers throw
 * ApiError; api.ts renders it as {"error":{"error_code","error_msg"}}.
 */
import type { RsuErrorBody } from './shapes.js';

export const ERROR_MESSAGES: Readonly<Record<number, string>> = {
  1: 'Unknown method',
  2: 'HTTP method not supported for this REST method',
  3: 'Invalid parameters',
  4: 'Unknown error',
  6: 'Key authentication failed',
  7: 'Permission Denied',
  10: 'Response format not supported for this REST method',
  14: 'Request throttled.',
  201: 'Race not found.',
};

export class ApiError extends Error {
  constructor(readonly code: number) {
    super(ERROR_MESSAGES[code] ?? 'Unknown error');
    this.name = 'ApiError';
  }
}

export function errorBody(code: number): RsuErrorBody {
  return { error: { error_code: code, error_msg: ERROR_MESSAGES[code] ?? 'Unknown error' } };
}
