import type { Queryable } from '../db/database.js';

/** SQL of `api_tokens`. Only a token's hash is ever stored; the token itself is shown once. */

export type TokenScope = 'read' | 'trigger' | 'admin';

export interface ApiToken {
  id: number;
  /** Null for admin tokens, which see every partner. */
  partnerId: number | null;
  scope: TokenScope;
  name: string | null;
  /** The first characters of the token, to recognise it in lists. */
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

interface TokenRow {
  id: number;
  timing_partner_id: number | null;
  scope: TokenScope;
  name: string | null;
  token_prefix: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

const toToken = (row: TokenRow): ApiToken => ({
  id: row.id,
  partnerId: row.timing_partner_id,
  scope: row.scope,
  name: row.name,
  prefix: row.token_prefix,
  createdAt: row.created_at,
  lastUsedAt: row.last_used_at,
  revokedAt: row.revoked_at,
});

export async function insertToken(
  db: Queryable,
  token: { partnerId: number | null; scope: TokenScope; name: string | null; hash: string; prefix: string },
): Promise<ApiToken> {
  const [row] = await db.query<TokenRow>(
    `insert into api_tokens (timing_partner_id, scope, name, token_hash, token_prefix) values ($1, $2, $3, $4, $5) returning *`,
    [token.partnerId, token.scope, token.name, token.hash, token.prefix],
  );
  return toToken(row!);
}

/** The live token of this hash: revoked tokens, and tokens of removed partners, are not found. */
export async function findLiveToken(db: Queryable, hash: string): Promise<ApiToken | undefined> {
  const [row] = await db.query<TokenRow>(
    `select t.* from api_tokens t
     left join timing_partners p on p.id = t.timing_partner_id
     where t.token_hash = $1 and t.revoked_at is null and (t.timing_partner_id is null or p.deleted_at is null)`,
    [hash],
  );
  return row && toToken(row);
}

export async function listTokens(db: Queryable, partnerId?: number): Promise<ApiToken[]> {
  const rows = await db.query<TokenRow>(
    'select * from api_tokens where ($1::bigint is null or timing_partner_id = $1) order by id',
    [partnerId ?? null],
  );
  return rows.map(toToken);
}

export async function revokeToken(db: Queryable, id: number): Promise<boolean> {
  const rows = await db.query('update api_tokens set revoked_at = now() where id = $1 and revoked_at is null returning id', [id]);
  return rows.length > 0;
}

export async function touchToken(db: Queryable, id: number): Promise<void> {
  await db.query('update api_tokens set last_used_at = now() where id = $1', [id]);
}
