/** SQL of `sync_requests`: what `POST /v1/syncs` asked for, and which run answers it. */
import type { Queryable } from '../../db/database.js';

export type RequestStatus = 'queued' | 'running' | 'succeeded' | 'partial' | 'failed';

export interface SyncRequest {
  id: number;
  partnerId: number;
  targetId: number;
  kind: string;
  connectionId: number;
  raceId: number | null;
  full: boolean;
  idempotencyKey: string | null;
  requestHash: string;
  requestedAt: Date;
  /** The run answering the request, once a worker started it (or the one already going). */
  runId: number | null;
  status: RequestStatus;
}

interface RequestRow {
  id: number;
  timing_partner_id: number;
  target_id: number;
  kind: string;
  connection_id: number;
  race_id: number | null;
  full_read: boolean;
  idempotency_key: string | null;
  request_hash: string;
  requested_at: Date;
  serving_run_id: number | null;
  run_status: RequestStatus | null;
}

const toRequest = (row: RequestRow): SyncRequest => ({
  id: row.id,
  partnerId: row.timing_partner_id,
  targetId: row.target_id,
  kind: row.kind,
  connectionId: row.connection_id,
  raceId: row.race_id,
  full: row.full_read,
  idempotencyKey: row.idempotency_key,
  requestHash: row.request_hash,
  requestedAt: row.requested_at,
  runId: row.serving_run_id,
  status: row.run_status ?? 'queued',
});

/** A request with the run that answers it: the one it was bound to, or the target's first run after it. */
const RESOLVED = `
  select q.id, q.timing_partner_id, q.target_id, st.kind, st.connection_id, st.race_id, q.full_read, q.idempotency_key,
         q.request_hash, q.requested_at, sr.id as serving_run_id, sr.status as run_status
  from sync_requests q
  join sync_targets st on st.id = q.target_id
  left join lateral (select min(id) as id from sync_runs where target_id = q.target_id and id > q.after_run_id) next_run on true
  left join sync_runs sr on sr.id = coalesce(q.run_id, next_run.id)`;

export async function getSyncRequest(db: Queryable, id: number, partnerId: number | null): Promise<SyncRequest | undefined> {
  const [row] = await db.query<RequestRow>(`${RESOLVED} where q.id = $1 and ($2::bigint is null or q.timing_partner_id = $2)`, [id, partnerId]);
  return row && toRequest(row);
}

export async function findRequestByKey(db: Queryable, tokenId: number, key: string): Promise<SyncRequest | undefined> {
  const [row] = await db.query<RequestRow>(`${RESOLVED} where q.token_id = $1 and q.idempotency_key = $2`, [tokenId, key]);
  return row && toRequest(row);
}

/** The target's newest request. */
export async function findLatestRequest(db: Queryable, targetId: number): Promise<SyncRequest | undefined> {
  const [row] = await db.query<RequestRow>(`${RESOLVED} where q.target_id = $1 order by q.id desc limit 1`, [targetId]);
  return row && toRequest(row);
}

/** The target's run in progress and its newest run id (0 for none). */
export async function findTargetRuns(db: Queryable, targetId: number): Promise<{ runningId: number | null; lastId: number }> {
  const [row] = await db.query<{ running_id: number | null; last_id: number | null }>(
    `select (select id from sync_runs where target_id = $1 and status = 'running' order by id desc limit 1) as running_id,
            (select max(id) from sync_runs where target_id = $1) as last_id`,
    [targetId],
  );
  return { runningId: row?.running_id ?? null, lastId: row?.last_id ?? 0 };
}

export async function insertSyncRequest(
  db: Queryable,
  input: { partnerId: number; targetId: number; tokenId: number | null; idempotencyKey: string | null; requestHash: string; full: boolean; afterRunId: number; runId: number | null },
): Promise<number> {
  const [row] = await db.query<{ id: number }>(
    `insert into sync_requests (timing_partner_id, target_id, token_id, idempotency_key, request_hash, full_read, after_run_id, run_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8) returning id`,
    [input.partnerId, input.targetId, input.tokenId, input.idempotencyKey, input.requestHash, input.full, input.afterRunId, input.runId],
  );
  return row!.id;
}
