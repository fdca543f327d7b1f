import pino, { type Logger } from 'pino';

export type { Logger };

/** Every key that may carry a secret, at any depth we log; pino replaces them with [redacted]. */
const SECRET_PATHS = [
  'api_key', 'api_secret', 'apiKey', 'apiSecret', 'password', 'client_secret', 'clientSecret', 'token',
  'credentials', 'authorization', 'secretKey',
  '*.api_key', '*.api_secret', '*.apiKey', '*.apiSecret', '*.password', '*.client_secret', '*.clientSecret',
  '*.token', '*.credentials', '*.authorization', '*.secretKey',
];

/** Structured JSON logs on stderr, so stdout stays free for command output and `--json`. */
export function createLogger(level: string, destination: { write(line: string): unknown } = process.stderr): Logger {
  return pino({ level, base: undefined, redact: { paths: SECRET_PATHS, censor: '[redacted]' } }, destination);
}

/** Strips query strings (where RunSignUp-style APIs carry keys) from a URL before it is logged. */
export function redactUrl(url: string): string {
  const at = url.indexOf('?');
  return at === -1 ? url : url.slice(0, at);
}
