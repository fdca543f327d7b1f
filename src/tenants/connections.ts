import type { Queryable } from '../db/database.js';
import type { ProviderName } from '../providers/types.js';
import type { SecretBox } from '../secrets.js';

export type ConnectionStatus = 'active' | 'paused' | 'auth_failed';

/** A connection as listed: never with its credentials. */
export interface Connection {
  id: number;
  timingPartnerId: number;
  provider: ProviderName;
  baseUrl: string | null;
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
  credentials_ciphertext: string;
  budget_per_hour: number;
  settings: Record<string, unknown>;
  status: ConnectionStatus;
  created_at: Date;
}

const toConnection = (row: ConnectionRow): Connection => ({
  id: row.id,
  timingPartnerId: row.timing_partner_id,
  provider: row.provider,
  baseUrl: row.base_url,
  budgetPerHour: row.budget_per_hour,
  settings: row.settings,
  status: row.status,
  createdAt: row.created_at,
});

export interface NewConnection {
  timingPartnerId: number;
  provider: ProviderName;
  baseUrl: string | null;
  budgetPerHour: number;
  credentials: Record<string, string>;
  settings?: Record<string, unknown>;
}

export async function addConnection(db: Queryable, box: SecretBox, input: NewConnection): Promise<Connection> {
  const [row] = await db.query<ConnectionRow>(
    `insert into connections (timing_partner_id, provider, base_url, credentials_ciphertext, key_version,
                              budget_per_hour, settings)
     values ($1, $2, $3, $4, $5, $6, $7) returning *`,
    [
      input.timingPartnerId,
      input.provider,
      input.baseUrl,
      box.seal(input.credentials),
      box.keyVersion,
      input.budgetPerHour,
      JSON.stringify(input.settings ?? {}),
    ],
  );
  return toConnection(row!);
}

export async function listConnections(db: Queryable, partnerId?: number): Promise<Connection[]> {
  const rows = await db.query<ConnectionRow>(
    'select * from connections where ($1::bigint is null or timing_partner_id = $1) order by id',
    [partnerId ?? null],
  );
  return rows.map(toConnection);
}

export async function openConnection(db: Queryable, box: SecretBox, id: number): Promise<OpenConnection | undefined> {
  const [row] = await db.query<ConnectionRow>('select * from connections where id = $1', [id]);
  return row && { ...toConnection(row), credentials: box.open(row.credentials_ciphertext) };
}

export async function setConnectionStatus(db: Queryable, id: number, status: ConnectionStatus): Promise<boolean> {
  const rows = await db.query(
    `update connections set status = $2, auth_failures = case when $2 = 'active' then 0 else auth_failures end, updated_at = now()
     where id = $1 returning id`,
    [id, status],
  );
  return rows.length > 0;
}

/**
 * Counts authentication failures in a row (a success resets them); at `limit` the connection is
 * marked `auth_failed`, which takes it out of the schedule. Returns the count after this outcome.
 */
export async function recordAuthOutcome(db: Queryable, id: number, failed: boolean, limit: number): Promise<number> {
  const [row] = await db.query<{ auth_failures: number }>(
    `update connections set
       auth_failures = case when $2 then auth_failures + 1 else 0 end,
       status = case when $2 and auth_failures + 1 >= $3 then 'auth_failed' else status end,
       updated_at = now()
     where id = $1 returning auth_failures`,
    [id, failed, limit],
  );
  return row?.auth_failures ?? 0;
}
