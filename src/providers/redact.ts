/**
 * Removes secret values from a message. Only whole occurrences are replaced — a secret counts as
 * present where it is not part of a longer run of letters and digits — so a short secret never eats
 * into ordinary words ("GET /race" keeps its "r"). URL-encoded forms are replaced too.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of new Set(secrets.flatMap((s) => (s ? [s, encodeURIComponent(s)] : [])))) {
    const escaped = secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    result = result.replace(new RegExp(`(?<![A-Za-z0-9])${escaped}(?![A-Za-z0-9])`, 'g'), '[redacted]');
  }
  return result;
}

/** What a failed `fetch` says about where it went: "connection refused by 127.0.0.1:9", not "fetch failed". */
export function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; address?: string; port?: number; message?: string } }).cause;
  if (!cause) return (error as Error).message ?? String(error);
  const where = cause.address ? ` ${cause.address}${cause.port ? `:${cause.port}` : ''}` : '';
  switch (cause.code) {
    case 'ECONNREFUSED': return `connection refused by${where} (nothing listens there)`;
    case 'ENOTFOUND': return `host not found (${cause.message ?? 'DNS'})`;
    case 'ECONNRESET': return `connection reset by${where || ' the server'}`;
    default: return cause.message ?? cause.code ?? (error as Error).message;
  }
}
