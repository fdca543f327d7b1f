/** What an operator should do about a failed run, by its error class (errors.ts). */
const HINTS: Record<string, string> = {
  auth: 'The provider refused the credentials: fix them with `p88 connection update <id>`, then `p88 connection resume <id>`.',
  permission: 'The credentials cannot read this race: ask the partner to grant access at the provider.',
  config: 'A setting is wrong: check the connection (`p88 connection list`) and its settings.',
  rate_limited: 'The provider throttled us or the hour\'s budget ran out: it resumes by itself; raise the budget if it keeps happening.',
  transient: 'Network or provider trouble: it is retried with backoff; act only if it keeps failing.',
  provider_data: 'The provider sent records we could not read: see `rejects` for the raw payloads.',
  not_found: 'The provider no longer knows this race: check it at the provider.',
  bug: 'A fault of the hub itself: send the log lines around this time to the developers.',
};

export const hintFor = (errorClass: string | null): string => HINTS[errorClass ?? ''] ?? 'See the hub\'s log for the details.';
