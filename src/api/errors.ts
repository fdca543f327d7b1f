import type { z } from 'zod';

/** An answer other than success, with the message a person reads and, for 400, the fields at fault. */
export class ApiError extends Error {
  override name = 'ApiError';

  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 422 | 429 | 503,
    readonly code: string,
    message: string,
    readonly fields: { field: string; message: string }[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.fields.length ? { fields: this.fields } : {}) } };
  }
}

export interface ErrorBody {
  error: { code: string; message: string; fields?: { field: string; message: string }[] };
}

export const notFound = (what: string): ApiError => new ApiError(404, 'not_found', `${what} not found`);

/** A zod failure as a 400 naming every field at fault (`limit: …; race_id: …`). */
export function invalidInput(where: 'query' | 'path' | 'body', error: z.ZodError): ApiError {
  const fields = error.issues.map((issue) => ({
    field: issue.path.length ? issue.path.join('.') : where,
    message: issue.message,
  }));
  return new ApiError(400, 'invalid_request', `invalid ${where}: ${fields.map((f) => `${f.field}: ${f.message}`).join('; ')}`, fields);
}
