/**
 * "Sync now" (`POST /v1/syncs` and the dashboard's button): makes a target due at once and lets the
 * queue run it, so it spends the connection's budget like scheduled work and never races a worker. A
 * trigger while the target is running or already asked for returns that request instead of a second
 * one; an Idempotency-Key returns the request it first made, whatever happened since.
 */
import { createHash } from 'node:crypto';
import type { Database } from '../../db/database.js';
import { findRaceScope } from '../../read/race-scope.js';
import { ensureTarget, type TargetKind } from '../../sync/store/targets.js';
import { participantsGroupKey } from '../../providers/registry.js';
import { getConnection } from '../../tenants/connections.js';
import { ApiError, notFound } from '../errors.js';
import {
  findLatestRequest, findRequestByKey, findTargetRuns, getSyncRequest, insertSyncRequest, type SyncRequest,
} from '../store/sync-requests.js';
import { lockTargetRow, makeTargetDue } from '../../sync/store/targets-queue.js';

export interface TriggerInput {
  /** The caller's partner (null: an admin, any partner). */
  partnerId: number | null;
  tokenId: number | null;
  kind: Extract<TargetKind, 'discovery' | 'participants' | 'results'>;
  raceId?: number;
  connectionId?: number;
  full: boolean;
  idempotencyKey?: string;
}

export interface TriggerOutcome {
  request: SyncRequest;
  /** An earlier request (running, queued, or of the same Idempotency-Key) answers this one. */
  deduplicated: boolean;
}

export async function triggerSync(db: Database, input: TriggerInput, now: Date): Promise<TriggerOutcome> {
  const requestHash = hashRequest(input);
  if (input.idempotencyKey !== undefined && input.tokenId !== null) {
    const earlier = await findRequestByKey(db, input.tokenId, input.idempotencyKey);
    if (earlier) return replay(earlier, requestHash);
  }
  const key = await resolveTarget(db, input);
  const target = await ensureTarget(db, key);
  try {
    const id = await db.transaction(async (tx) => {
      const row = await lockTargetRow(tx, target.id);
      if (row?.state === 'paused') throw new ApiError(409, 'conflict', `target ${target.id} is paused`);
      const latest = await findLatestRequest(tx, target.id);
      if (latest && (latest.status === 'queued' || latest.status === 'running')) return { id: latest.id, deduplicated: true };
      const runs = await findTargetRuns(tx, target.id);
      if (runs.runningId === null) await makeTargetDue(tx, target.id, now, input.full);
      const created = await insertSyncRequest(tx, {
        partnerId: key.timingPartnerId, targetId: target.id, tokenId: input.tokenId, idempotencyKey: input.idempotencyKey ?? null,
        requestHash, full: input.full, afterRunId: runs.lastId, runId: runs.runningId,
      });
      return { id: created, deduplicated: runs.runningId !== null };
    });
    return { request: (await getSyncRequest(db, id.id, null))!, deduplicated: id.deduplicated };
  } catch (error) {
    // Two requests with one Idempotency-Key at the same moment: the second finds the first's.
    if ((error as { code?: string }).code === '23505' && input.idempotencyKey !== undefined && input.tokenId !== null) {
      const earlier = await findRequestByKey(db, input.tokenId, input.idempotencyKey);
      if (earlier) return replay(earlier, requestHash);
    }
    throw error;
  }
}

function replay(earlier: SyncRequest, requestHash: string): TriggerOutcome {
  if (earlier.requestHash !== requestHash) {
    throw new ApiError(422, 'idempotency_key_reused', 'Idempotency-Key was used before with a different request; use a new key');
  }
  return { request: earlier, deduplicated: true };
}

const hashRequest = (input: TriggerInput): string =>
  createHash('sha1').update(JSON.stringify([input.kind, input.raceId ?? null, input.connectionId ?? null, input.full])).digest('hex');

async function resolveTarget(db: Database, input: TriggerInput) {
  if (input.kind === 'discovery') {
    if (input.connectionId === undefined) throw missing('connection_id', 'discovery runs per connection: give connection_id');
    const connection = await activeConnection(db, input.connectionId, input.partnerId);
    return { timingPartnerId: connection.timingPartnerId, connectionId: connection.id, kind: input.kind, raceId: null };
  }
  if (input.raceId === undefined) throw missing('race_id', `${input.kind} runs per race: give race_id`);
  const race = await findRaceScope(db, input.raceId, input.partnerId);
  if (!race) throw notFound(`race ${input.raceId}`);
  if (input.connectionId !== undefined && input.connectionId !== race.connectionId) {
    throw new ApiError(400, 'invalid_request', `connection_id: race ${race.raceId} belongs to connection ${race.connectionId}`,
      [{ field: 'connection_id', message: `race ${race.raceId} belongs to connection ${race.connectionId}` }]);
  }
  const connection = await activeConnection(db, race.connectionId, input.partnerId);
  const groupKey = input.kind === 'participants' ? participantsGroupKey(connection.provider, race.eventId) : null;
  return { timingPartnerId: race.partnerId, connectionId: race.connectionId, kind: input.kind, raceId: race.raceId, groupKey };
}

async function activeConnection(db: Database, id: number, partnerId: number | null) {
  const connection = await getConnection(db, id, partnerId ?? undefined);
  if (!connection) throw notFound(`connection ${id}`);
  if (connection.status !== 'active') {
    throw new ApiError(409, 'connection_not_active', `connection ${id} is ${connection.status}; resume it first (POST /v1/connections/${id}/resume)`);
  }
  return connection;
}

const missing = (field: string, message: string) => new ApiError(400, 'invalid_request', `${field}: ${message}`, [{ field, message }]);
