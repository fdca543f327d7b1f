/** Adding and listing alert webhooks (`p88 webhook`): the signing secret is made here and shown once. */
import { randomBytes } from 'node:crypto';
import type { Queryable } from '../db/database.js';
import { SyncError } from '../errors.js';
import type { SecretBox } from '../secrets.js';
import { getPartner } from '../tenants/partners.js';
import { insertWebhook, type Webhook } from './store.js';

/** The alert kinds the hub raises (webhooks may name others, for kinds added later). */
export const ALERT_KINDS = ['auth_failed', 'run_failures', 'race_day_late', 'mass_delete_held', 'throttled', 'api_auth_failed', 'secret_key_mismatch'];

export async function addWebhook(
  db: Queryable,
  box: SecretBox,
  input: { url: string; partnerId: number | null; events: string[] | null },
): Promise<{ webhook: Webhook; secret: string }> {
  const url = URL.canParse(input.url) ? new URL(input.url) : null;
  if (!url || !['http:', 'https:'].includes(url.protocol)) throw new SyncError('config', `--url "${input.url}" is not an http(s) URL`);
  if (input.partnerId !== null && !(await getPartner(db, input.partnerId))) {
    throw new SyncError('config', `No timing partner with id ${input.partnerId}; see \`p88 partner list\``);
  }
  const events = input.events?.map((e) => e.trim()).filter(Boolean) ?? null;
  const bad = events?.filter((e) => !/^[a-z_]+$/.test(e)) ?? [];
  if (bad.length) throw new SyncError('config', `--events: ${bad.join(', ')} is not an alert kind; the kinds are ${ALERT_KINDS.join(', ')}`);
  const secret = randomBytes(24).toString('base64url');
  const webhook = await insertWebhook(db, { url: url.toString(), partnerId: input.partnerId, events: events?.length ? events : null, secretCiphertext: box.seal({ secret }) });
  return { webhook, secret };
}
