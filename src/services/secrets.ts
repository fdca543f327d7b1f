/**
 * Rotating the secret key: every sealed credential, provider token and webhook secret is opened with
 * the current key and sealed again with the new one, account fingerprints recomputed and the key check
 * value replaced — all in one transaction, so a failure leaves everything under the old key. A
 * current key that cannot open something stops the rotation and says so; nothing is half-rotated.
 */
import { writeFileSync, renameSync, chmodSync } from 'node:fs';
import { resealWebhookSecrets } from '../alerts/store.js';
import type { App } from '../app.js';
import { SyncError } from '../errors.js';
import { accountIdentity } from '../providers/registry.js';
import { createSecretBox, decodeKey, SECRET_KEY_RULE, SecretKeyError } from '../secrets.js';
import { resealTokens } from '../sync/store/tokens.js';
import { listSealedConnections, resealConnection } from '../tenants/connections.js';
import { storeKeyCheck } from '../tenants/key-check.js';

export interface Rotation {
  connections: number;
  tokens: number;
  webhooks: number;
  /** Where the new key now is: the key file written, or the variable the operator must change. */
  keyNowIn: string;
}

export async function rotateSecretKey(app: App, newKeyText: string): Promise<Rotation> {
  if (app.keyMismatch) throw new SyncError('config', `${app.keyMismatch}; rotate with the key the credentials were stored with`);
  const key = decodeKey(newKeyText);
  if (!key) throw new SyncError('config', `--new-key ${SECRET_KEY_RULE}`);
  const next = createSecretBox({ key, source: 'the new key' });
  if (next.keyCheck === app.box.keyCheck) throw new SyncError('config', '--new-key is the key in use already');
  const reseal = (sealed: string) => next.seal(openOrExplain(app, sealed));
  const counts = await app.db.transaction(async (tx) => {
    const connections = await listSealedConnections(tx);
    for (const connection of connections) {
      const credentials = openOrExplain(app, connection.sealed, `connection ${connection.id}`);
      const fingerprint = connection.removed ? null : next.fingerprint(accountIdentity(connection.provider, connection.baseUrl, credentials));
      await resealConnection(tx, connection.id, next.seal(credentials), next.keyVersion, fingerprint);
    }
    const tokens = await resealTokens(tx, reseal);
    const webhooks = await resealWebhookSecrets(tx, reseal);
    await storeKeyCheck(tx, next);
    return { connections: connections.length, tokens, webhooks };
  });
  return { ...counts, keyNowIn: keepNewKey(app, key) };
}

function openOrExplain(app: App, sealed: string, what = 'a stored secret'): Record<string, string> {
  try {
    return app.box.open(sealed);
  } catch (error) {
    if (error instanceof SecretKeyError) throw new SyncError('config', `${what}: ${error.message}; nothing was rotated`, { cause: error });
    throw error;
  }
}

/** A generated key file is replaced (atomically, mode 0600); a key from the environment must be changed there. */
function keepNewKey(app: App, key: Buffer): string {
  if (app.box.keySource === 'P88_SECRET_KEY') return 'P88_SECRET_KEY: set it to the new key now — the stored secrets are sealed with it';
  const path = app.box.keySource;
  writeFileSync(`${path}.new`, key.toString('base64') + '\n', { mode: 0o600 });
  chmodSync(`${path}.new`, 0o600);
  renameSync(`${path}.new`, path);
  return path;
}
