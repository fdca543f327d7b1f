/**
 * What a skin's handler throws to answer with an HTTP status and a message; each skin renders it
 * in its provider's error body. (RunSignUp answers with error codes instead: its own ApiError.)
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}
