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
  return classifyDatabaseError(error) ?? 'bug';
}

/**
 * What the database said, by SQLSTATE class (https://www.postgresql.org/docs/current/errcodes-appendix.html):
 * a lost or refused connection, a restart, a full disk or lock trouble pass (transient); a read-only
 * database or a missing privilege need someone to act (config). Null when it is no database error.
 */
export function classifyDatabaseError(error: unknown): ErrorClass | null {
  const code = (error as { code?: unknown })?.code;
  if (error instanceof Error && error.name === 'NotRun') return 'transient';
  if (typeof code !== 'string') {
    return error instanceof Error && /Connection terminated|ECONNRESET|ECONNREFUSED|not queryable/i.test(error.message) ? 'transient' : null;
  }
  if (/^E[A-Z]+$/.test(code)) return ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOENT'].includes(code) ? 'transient' : null;
  if (code === '25006' || code === '42501') return 'config'; // read-only transaction; insufficient privilege
  const sqlClass = code.slice(0, 2);
  if (['08', '53', '57', '40', '55'].includes(sqlClass)) return 'transient'; // connection, resources, shutdown, rollback, lock
  return null;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A failure as the operator reads it: the database's own words, with what to do where that is clear. */
export function describeFailure(message: string): string {
  if (/read-only transaction/.test(message)) return `the database is read-only (${message}); make it writable, then run again — nothing was lost`;
  if (/No space left|disk full|could not extend/i.test(message)) return `the database disk is full (${message}); free space, then run again — nothing was lost`;
  return message;
}
