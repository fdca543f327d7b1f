import { hostname } from 'node:os';
import type { Queryable } from '../../db/database.js';
import { addRunCountsSql, finishRunSql, runCountValues, runOutcomeValues, type RunCounts, type RunOutcome } from './runs.js';

export type TargetKind = 'discovery' | 'participants' | 'results' | 'push' | 'publish' | 'backfill';
export type TargetState = 'active' | 'paused' | 'done' | 'failed';

export interface Target {
  id: number;
  timingPartnerId: number;
  connectionId: number;
  kind: TargetKind;
  raceId: number | null;
  scope: string;
  nextRunAt: Date | null;
  priority: number;
  cursor: Record<string, unknown> | null;
  checkpoint: Record<string, unknown> | null;
  leasedBy: string | null;
  leaseUntil: Date | null;
  attempts: number;
  lastSuccessAt: Date | null;
  state: TargetState;
  /** Targets one provider read serves together share a key (e.g. `event:12`); null when read alone. */
  groupKey: string | null;
}

interface TargetRow {
  id: number;
  timing_partner_id: number;
  connection_id: number;
  kind: TargetKind;
  race_id: number | null;
  scope: string;
  next_run_at: Date | null;
  priority: number;
  cursor: Record<string, unknown> | null;
  checkpoint: Record<string, unknown> | null;
  leased_by: string | null;
  lease_until: Date | null;
  attempts: number;
  last_success_at: Date | null;
  state: TargetState;
  group_key: string | null;
}

export const toTarget = (row: TargetRow): Target => ({
  id: row.id,
  timingPartnerId: row.timing_partner_id,
  connectionId: row.connection_id,
  kind: row.kind,
  raceId: row.race_id,
  scope: row.scope,
  nextRunAt: row.next_run_at,
  priority: row.priority,
  cursor: row.cursor,
  checkpoint: row.checkpoint,
  leasedBy: row.leased_by,
  leaseUntil: row.lease_until,
  attempts: row.attempts,
  lastSuccessAt: row.last_success_at,
  state: row.state,
  groupKey: row.group_key,
});

export interface TargetKey {
  timingPartnerId: number;
  connectionId: number;
  kind: TargetKind;
  raceId: number | null;
  /** Defaults to the race (`race:<id>`) or the whole connection. */
  scope?: string;
  groupKey?: string | null;
}

export const scopeOf = (raceId: number | null): string => (raceId === null ? 'connection' : `race:${raceId}`);

/** The target of (connection, kind, scope), created on first use. */
export async function ensureTarget(db: Queryable, key: TargetKey): Promise<Target> {
  const [row] = await db.query<TargetRow>(
    `insert into sync_targets (timing_partner_id, connection_id, kind, race_id, scope, group_key)
     values ($1, $2, $3, $4, $5, $6)
     on conflict (connection_id, kind, scope) do update set group_key = coalesce(sync_targets.group_key, excluded.group_key)
     returning *`,
    [key.timingPartnerId, key.connectionId, key.kind, key.raceId, key.scope ?? scopeOf(key.raceId), key.groupKey ?? null],
  );
  return toTarget(row!);
}

/** The stored target, or an unsaved stand-in (id 0) for a dry run, which must not write. */
export async function findTarget(db: Queryable, key: TargetKey): Promise<Target> {
  const [row] = await db.query<TargetRow>(
    'select * from sync_targets where connection_id = $1 and kind = $2 and scope = $3',
    [key.connectionId, key.kind, key.scope ?? scopeOf(key.raceId)],
  );
  if (row) return toTarget(row);
  // Not saved (a dry run looks without writing): an id of its own below zero, so the races of one
  // read keep their counts apart.
  return {
    id: -(key.raceId ?? 0), timingPartnerId: key.timingPartnerId, connectionId: key.connectionId, kind: key.kind, raceId: key.raceId,
    scope: key.scope ?? scopeOf(key.raceId), nextRunAt: null, priority: 100, cursor: null, checkpoint: null, leasedBy: null,
    leaseUntil: null, attempts: 0, lastSuccessAt: null, state: 'active', groupKey: key.groupKey ?? null,
  };
}

/**
 * Leases are short and kept alive by a heartbeat while their run lives, so a holder that dies on
 * another host frees its targets within a minute; on this host a dead holder's pid is seen at once.
 */
export const LEASE_MS = 60_000;
export const HEARTBEAT_MS = 15_000;

/** This process's identity in leases: host and pid, so a dead holder on this host can be recognised. */
export const workerId = (suffix = ''): string => `${hostname()}:${process.pid}${suffix}`;

export function holderIsDeadHere(leasedBy: string | null): boolean {
  if (!leasedBy) return true;
  const [host, pidText] = leasedBy.split(':');
  const pid = Number.parseInt(pidText ?? '', 10);
  if (host !== hostname() || !Number.isInteger(pid) || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Takes the target's lease for `leaseMs`. Succeeds when the lease is free, expired, already ours, or
 * held by a process of this host that no longer exists (a killed sync is taken over at once).
 */
export async function claimTarget(db: Queryable, targetId: number, holder: string, leaseMs: number): Promise<Target | undefined> {
  const claim = (force: boolean) =>
    db.query<TargetRow>(
      `update sync_targets set leased_by = $2, lease_until = now() + $3 * interval '1 millisecond', updated_at = now()
       where id = $1 and ($4 or leased_by is null or lease_until < now() or leased_by = $2)
       returning *`,
      [targetId, holder, leaseMs, force],
    );
  let [row] = await claim(false);
  if (!row) {
    const [current] = await db.query<{ leased_by: string | null }>('select leased_by from sync_targets where id = $1', [targetId]);
    if (current && holderIsDeadHere(current.leased_by)) [row] = await claim(true);
  }
  return row && toTarget(row);
}

/** Holders of live leases that are processes of this host that no longer exist. */
export async function findDeadHolders(db: Queryable): Promise<string[]> {
  const rows = await db.query<{ leased_by: string }>(
    'select distinct leased_by from sync_targets where leased_by is not null and lease_until > now()',
  );
  return rows.map((r) => r.leased_by).filter(holderIsDeadHere);
}

export async function extendLease(db: Queryable, targetId: number, holder: string, leaseMs: number): Promise<void> {
  await db.query(
    `update sync_targets set lease_until = now() + $3 * interval '1 millisecond'
     where id = $1 and leased_by = $2`,
    [targetId, holder, leaseMs],
  );
}

/**
 * After a page: its counts added to the run, the checkpoint that follows it, and the lease renewed
 * while this holder has it — one statement, in the page's transaction.
 */
export async function savePageProgress(
  db: Queryable,
  page: { runId: number; counts: Partial<RunCounts> },
  target: { id: number; holder: string; checkpoint: unknown; leaseMs: number },
): Promise<void> {
  await db.query(
    `with run as (update sync_runs set ${addRunCountsSql(5)} where id = $12)
     update sync_targets set checkpoint = $2, updated_at = now(),
       lease_until = case when leased_by = $3 then now() + $4 * interval '1 millisecond' else lease_until end
     where id = $1`,
    [target.id, target.checkpoint === null ? null : JSON.stringify(target.checkpoint), target.holder, target.leaseMs, ...runCountValues(page.counts), page.runId],
  );
}

export interface TargetOutcome {
  succeeded: boolean;
  /** The scheduler keeps the lease until it has set the next run, so no other worker takes it early. */
  keepLease?: boolean;
  cursor?: unknown;
  error?: string | null;
  nextRunAt?: Date | null;
}

/**
 * Ends a run and its turn on the target in one statement, so neither is recorded without the other:
 * the run's outcome, the lease released (or kept, see TargetOutcome), and on success the cursor moved
 * and the checkpoint cleared.
 */
export async function endRunOnTarget(
  db: Queryable,
  run: { id: number; outcome: RunOutcome },
  target: { id: number; holder: string; outcome: TargetOutcome },
): Promise<void> {
  const { outcome } = target;
  await db.query(
    `with run as (update sync_runs set ${finishRunSql(9)} where id = $8)
     update sync_targets set
       leased_by = case when $7 then leased_by end, lease_until = case when $7 then lease_until end, updated_at = now(),
       cursor = case when $3 and $4::jsonb is not null then $4::jsonb else cursor end,
       checkpoint = case when $3 then null else checkpoint end,
       last_success_at = case when $3 then now() else last_success_at end,
       attempts = case when $3 then 0 else attempts + 1 end,
       last_error = $5,
       next_run_at = coalesce($6, next_run_at)
     where id = $1 and leased_by = $2`,
    [
      target.id,
      target.holder,
      outcome.succeeded,
      outcome.cursor === undefined ? null : JSON.stringify(outcome.cursor),
      outcome.error ?? null,
      outcome.nextRunAt ?? null,
      outcome.keepLease ?? false,
      run.id,
      ...runOutcomeValues(run.outcome),
    ],
  );
}
