/**
 * Errors are classified once, by what the caller must do (DESIGN.md §5):
 * - auth: credentials refused; tell the partner, do not retry
 * - config: bad settings or parameters; fix the configuration
 * - rate_limited: the provider throttled us; wait until `retryAfterMs`
 * - transient: network, timeouts, 5xx, malformed responses; retry with backoff
 * - provider_data: one record is bad; reject it and go on
 * - not_found: the provider does not know the object
 * - permission: credentials are valid but may not read this object (e.g. RunSignUp error 7); do not retry
 * - bug: our own mistake
 */
export type ErrorClass = 'auth' | 'config' | 'rate_limited' | 'transient' | 'provider_data' | 'not_found' | 'permission' | 'bug';

export class SyncError extends Error {
  readonly errorClass: ErrorClass;
  readonly retryAfterMs: number | undefined;

  constructor(errorClass: ErrorClass, message: string, options: { cause?: unknown; retryAfterMs?: number } = {}) {
    super(message, { cause: options.cause });
    this.name = 'SyncError';
    this.errorClass = errorClass;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** The class of any thrown value; unknown errors are ours until proven otherwise. */
export function classifyError(error: unknown): ErrorClass {
  if (error instanceof SyncError) return error.errorClass;
  if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')) return 'transient';
  if (error instanceof TypeError && /fetch failed/i.test(error.message)) return 'transient';
  return 'bug';
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
