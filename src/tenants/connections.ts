import type { Queryable } from '../db/database.js';
import { SyncError } from '../errors.js';
import type { ProviderName } from '../providers/types.js';
import { SecretKeyError, type SecretBox } from '../secrets.js';

export type ConnectionStatus = 'active' | 'paused' | 'auth_failed';

/** A connection as listed: never with its credentials. */
export interface Connection {
  id: number;
  timingPartnerId: number;
  provider: ProviderName;
  baseUrl: string | null;
  /** The token endpoint, when the provider's is not found from the base URL. */
  authUrl: string | null;
  budgetPerHour: number;
  settings: Record<string, unknown>;
  status: ConnectionStatus;
  createdAt: Date;
}

/** A connection with its decrypted credentials, for the adapter only. */
export interface OpenConnection extends Connection {
  credentials: Record<string, string>;
}

interface ConnectionRow {
  id: number;
  timing_partner_id: number;
  provider: ProviderName;
  base_url: string | null;
  auth_url: string | null;
  credentials_ciphertext: string;
  budget_per_hour: number;
  settings: Record<string, unknown>;
  status: ConnectionStatus;
  created_at: Date;
  deleted_at: Date | null;
}

const toConnection = (row: ConnectionRow): Connection => ({
  id: row.id,
  timingPartnerId: row.timing_partner_id,
  provider: row.provider,
  baseUrl: row.base_url,
  authUrl: row.auth_url,
  budgetPerHour: row.budget_per_hour,
  settings: row.settings,
  status: row.status,
  createdAt: row.created_at,
});

export interface NewConnection {
  timingPartnerId: number;
  provider: ProviderName;
  baseUrl: string | null;
  authUrl?: string | null;
  budgetPerHour: number;
  credentials: Record<string, string>;
  settings?: Record<string, unknown>;
  /** Keyed hash of the provider account (see `accountFingerprint`); one connection per account and partner. */
  accountFingerprint?: string | null;
}

/** The connection that already logs in as this account for this partner, if any. */
export async function findConnectionByAccount(db: Queryable, partnerId: number, provider: ProviderName, fingerprint: string): Promise<Connection | undefined> {
  const [row] = await db.query<ConnectionRow>(
    'select * from connections where timing_partner_id = $1 and provider = $2 and account_fingerprint = $3 and deleted_at is null',
    [partnerId, provider, fingerprint],
  );
  return row && toConnection(row);
}

export async function addConnection(db: Queryable, box: SecretBox, input: NewConnection): Promise<Connection> {
  const [row] = await db.query<ConnectionRow>(
    `insert into connections (timing_partner_id, provider, base_url, credentials_ciphertext, key_version,
                              budget_per_hour, settings, account_fingerprint, auth_url)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning *`,
    [
      input.timingPartnerId,
      input.provider,
      input.baseUrl,
      box.seal(input.credentials),
      box.keyVersion,
      input.budgetPerHour,
      JSON.stringify(input.settings ?? {}),
      input.accountFingerprint ?? null,
      input.authUrl ?? null,
    ],
  );
  return toConnection(row!);
}

/** Connections not removed (with `includeRemoved`, those too), of one partner or of all. */
export async function listConnections(db: Queryable, partnerId?: number, options: { includeRemoved?: boolean } = {}): Promise<Connection[]> {
  const rows = await db.query<ConnectionRow>(
    'select * from connections where ($1::bigint is null or timing_partner_id = $1) and ($2::boolean or deleted_at is null) order by id',
    [partnerId ?? null, options.includeRemoved ?? false],
  );
  return rows.map(toConnection);
}

/** A connection not removed; with `partnerId`, only if it is that partner's. */
export async function getConnection(db: Queryable, id: number, partnerId?: number): Promise<Connection | undefined> {
  const [row] = await db.query<ConnectionRow>(
    'select * from connections where id = $1 and ($2::bigint is null or timing_partner_id = $2) and deleted_at is null',
    [id, partnerId ?? null],
  );
  return row && toConnection(row);
}

export async function openConnection(db: Queryable, box: SecretBox, id: number): Promise<OpenConnection | undefined> {
  const [row] = await db.query<ConnectionRow>('select * from connections where id = $1 and deleted_at is null', [id]);
  if (!row) return undefined;
  try {
    return { ...toConnection(row), credentials: box.open(row.credentials_ciphertext) };
  } catch (error) {
    if (error instanceof SecretKeyError) throw new SyncError('config', `connection ${id}: ${error.message}`, { cause: error });
    throw error;
  }
}

export interface ConnectionChange {
  baseUrl?: string | null;
  authUrl?: string | null;
  budgetPerHour?: number;
  settings?: Record<string, unknown>;
  credentials?: Record<string, string>;
  accountFingerprint?: string | null;
}

/** Updates what is given; new credentials are sealed with the current key, and failures counted anew. */
export async function updateConnection(db: Queryable, box: SecretBox, id: number, change: ConnectionChange): Promise<Connection | undefined> {
  const [row] = await db.query<ConnectionRow>(
    `update connections set
       base_url = case when $2 then $3 else base_url end,
       budget_per_hour = coalesce($4, budget_per_hour),
       settings = coalesce($5::jsonb, settings),
       credentials_ciphertext = coalesce($6, credentials_ciphertext),
       key_version = case when $6 is null then key_version else $7 end,
       account_fingerprint = case when $6 is null then account_fingerprint else $8 end,
       auth_failures = case when $6 is null then auth_failures else 0 end,
       auth_url = case when $9 then $10 else auth_url end,
       updated_at = now()
     where id = $1 and deleted_at is null returning *`,
    [
      id, change.baseUrl !== undefined, change.baseUrl ?? null, change.budgetPerHour ?? null,
      change.settings === undefined ? null : JSON.stringify(change.settings),
      change.credentials === undefined ? null : box.seal(change.credentials), box.keyVersion, change.accountFingerprint ?? null,
      change.authUrl !== undefined, change.authUrl ?? null,
    ],
  );
  return row && toConnection(row);
}

/** Soft-deletes the connection (its credentials stay sealed, its rows are kept by the caller's choice). */
export async function removeConnection(db: Queryable, id: number): Promise<boolean> {
  const rows = await db.query(
    `update connections set deleted_at = now(), status = 'paused', updated_at = now() where id = $1 and deleted_at is null returning id`,
    [id],
  );
  return rows.length > 0;
}

export async function setConnectionStatus(db: Queryable, id: number, status: ConnectionStatus): Promise<boolean> {
  const rows = await db.query(
    `update connections set status = $2, auth_failures = case when $2 = 'active' then 0 else auth_failures end, updated_at = now()
     where id = $1 and deleted_at is null returning id`,
    [id, status],
  );
  return rows.length > 0;
}

/**
 * Counts authentication failures in a row (a success resets them); at `limit` the connection is
 * marked `auth_failed`, which takes it out of the schedule. Returns the count after this outcome.
 */
export async function recordAuthOutcome(db: Queryable, id: number, failed: boolean, limit: number): Promise<number> {
  // A success with nothing to reset writes nothing: every run ends here, and the row is shared by all of them.
  const [row] = await db.query<{ auth_failures: number }>(
    `update connections set
       auth_failures = case when $2 then auth_failures + 1 else 0 end,
       status = case when $2 and auth_failures + 1 >= $3 then 'auth_failed' else status end,
       updated_at = now()
     where id = $1 and ($2 or auth_failures <> 0) returning auth_failures`,
    [id, failed, limit],
  );
  return row?.auth_failures ?? 0;
}

/** Every stored connection's sealed credentials (removed ones too), for re-sealing under a new key. */
export async function listSealedConnections(db: Queryable): Promise<(Connection & { sealed: string; removed: boolean })[]> {
  const rows = await db.query<ConnectionRow>('select * from connections order by id');
  return rows.map((row) => ({ ...toConnection(row), sealed: row.credentials_ciphertext, removed: row.deleted_at !== null }));
}

export async function resealConnection(db: Queryable, id: number, sealed: string, keyVersion: number, accountFingerprint: string | null): Promise<void> {
  await db.query('update connections set credentials_ciphertext = $2, key_version = $3, account_fingerprint = $4 where id = $1', [id, sealed, keyVersion, accountFingerprint]);
}
