/**
 * The token row of a connection (see providers/http/token-auth.ts for the protocol). The token is
 * sealed with the credentials' key; the claim is a lease on the row, never a transaction held over an
 * HTTP call (on the embedded database that would hold every other statement up).
 */
import type { Queryable } from '../../db/database.js';
import type { ProviderToken, StoredToken, TokenStore } from '../../providers/http/token-auth.js';
import type { SecretBox } from '../../secrets.js';

/** A renewal claim lapses after this long, so a process that died while renewing blocks no one for long. */
const CLAIM_SECONDS = 30;

interface TokenRow {
  sealed: string | null;
  expires_at: Date | null;
  version: number;
}

export function createTokenStore(db: Queryable, box: SecretBox, connectionId: number, holder: string): TokenStore {
  const toStored = (row: TokenRow): StoredToken => {
    if (!row.sealed || !row.expires_at) return { token: null, version: row.version };
    const plain = box.open(row.sealed);
    return { token: { accessToken: plain.access_token!, refreshToken: plain.refresh_token || null, expiresAt: row.expires_at }, version: row.version };
  };
  return {
    async read() {
      await db.query('insert into provider_tokens (connection_id) values ($1) on conflict do nothing', [connectionId]);
      const [row] = await db.query<TokenRow>('select sealed, expires_at, version from provider_tokens where connection_id = $1', [connectionId]);
      return toStored(row!);
    },
    async claimRenewal(version) {
      const rows = await db.query(
        `update provider_tokens set renewing_by = $2, renewing_until = now() + $4 * interval '1 second'
         where connection_id = $1 and version = $3 and (renewing_until is null or renewing_until < now() or renewing_by = $2)
         returning connection_id`,
        [connectionId, holder, version, CLAIM_SECONDS],
      );
      return rows.length > 0;
    },
    async save(token: ProviderToken) {
      const sealed = box.seal({ access_token: token.accessToken, refresh_token: token.refreshToken ?? '' });
      const [row] = await db.query<TokenRow>(
        `update provider_tokens set sealed = $2, key_version = $3, expires_at = $4, version = version + 1,
           renewing_by = null, renewing_until = null, updated_at = now()
         where connection_id = $1 returning sealed, expires_at, version`,
        [connectionId, sealed, box.keyVersion, token.expiresAt],
      );
      return toStored(row!);
    },
    async abandonRenewal() {
      await db.query('update provider_tokens set renewing_by = null, renewing_until = null where connection_id = $1 and renewing_by = $2', [connectionId, holder]);
    },
  };
}

/** New credentials make the stored token worthless. */
export async function forgetToken(db: Queryable, connectionId: number): Promise<void> {
  await db.query('delete from provider_tokens where connection_id = $1', [connectionId]);
}

/** Re-seals every stored token with `reseal` (a new secret key). */
export async function resealTokens(db: Queryable, reseal: (sealed: string) => string): Promise<number> {
  const rows = await db.query<{ connection_id: number; sealed: string }>('select connection_id, sealed from provider_tokens where sealed is not null');
  for (const row of rows) await db.query('update provider_tokens set sealed = $2 where connection_id = $1', [row.connection_id, reseal(row.sealed)]);
  return rows.length;
}
