import type { Queryable } from '../../db/database.js';

export type ChangeKind =
  | 'created' | 'updated' | 'deleted' | 'bib_assigned' | 'bib_changed' | 'bib_removed' | 'bib_collision'
  | 'result_posted' | 'result_corrected';

export interface Change {
  entity: 'event' | 'race' | 'participant' | 'result';
  entityId: number;
  kind: ChangeKind;
  oldValues: Record<string, unknown> | null;
  newValues: Record<string, unknown> | null;
}

export async function insertChanges(db: Queryable, partnerId: number, runId: number | null, changes: Change[]): Promise<void> {
  if (changes.length === 0) return;
  const rows = changes.map((c) => ({
    timing_partner_id: partnerId,
    run_id: runId,
    entity: c.entity,
    entity_id: c.entityId,
    kind: c.kind,
    old_values: c.oldValues,
    new_values: c.newValues,
  }));
  await db.query(
    `insert into changes (timing_partner_id, run_id, entity, entity_id, kind, old_values, new_values)
     select timing_partner_id, run_id, entity, entity_id, kind, old_values, new_values
     from json_populate_recordset(null::changes, $1::json)`,
    [JSON.stringify(rows)],
  );
}

export interface RejectRow {
  reason: string;
  raw: unknown;
}

export async function insertRejects(
  db: Queryable,
  scope: { timingPartnerId: number; provider: string; targetId: number | null; runId: number | null },
  rejects: RejectRow[],
): Promise<void> {
  if (rejects.length === 0) return;
  const rows = rejects.map((r) => ({
    timing_partner_id: scope.timingPartnerId,
    provider: scope.provider,
    target_id: scope.targetId,
    run_id: scope.runId,
    reason: r.reason,
    raw: r.raw ?? null,
  }));
  await db.query(
    `insert into rejects (timing_partner_id, provider, target_id, run_id, reason, raw)
     select timing_partner_id, provider, target_id, run_id, reason, coalesce(raw, 'null'::jsonb)
     from json_populate_recordset(null::rejects, $1::json)`,
    [JSON.stringify(rows)],
  );
}

export interface NewAlert {
  timingPartnerId: number | null;
  connectionId: number | null;
  targetId: number | null;
  kind: string;
  message: string;
  details?: unknown;
}

export async function raiseAlert(db: Queryable, alert: NewAlert & { timingPartnerId: number }): Promise<void> {
  await db.query(
    `insert into alerts (timing_partner_id, connection_id, target_id, kind, message, details) values ($1, $2, $3, $4, $5, $6)`,
    [alert.timingPartnerId, alert.connectionId, alert.targetId, alert.kind, alert.message, JSON.stringify(alert.details ?? {})],
  );
}

/** Raises the alert unless one of the same kind for the same partner and connection is still open. */
export async function raiseAlertOnce(db: Queryable, alert: NewAlert): Promise<boolean> {
  const rows = await db.query(
    `insert into alerts (timing_partner_id, connection_id, target_id, kind, message, details)
     select $1, $2, $3, $4, $5, $6
     where not exists (select 1 from alerts where kind = $4 and resolved_at is null
                         and timing_partner_id is not distinct from $1::bigint and connection_id is not distinct from $2::bigint)
     returning id`,
    [alert.timingPartnerId, alert.connectionId, alert.targetId, alert.kind, alert.message, JSON.stringify(alert.details ?? {})],
  );
  return rows.length > 0;
}

/** Whether an alert of `kind` was raised for the connection with `details[key] = value` (e.g. once per race day). */
export async function hasAlertFor(db: Queryable, kind: string, connectionId: number, key: string, value: string): Promise<boolean> {
  const rows = await db.query('select 1 from alerts where kind = $1 and connection_id = $2 and details->>$3 = $4 limit 1', [kind, connectionId, key, value]);
  return rows.length > 0;
}

/** Closes open alerts of `kind` on connections not in `stillOn` (their condition passed). */
export async function resolveAlertsExcept(db: Queryable, kind: string, stillOn: number[]): Promise<number> {
  const rows = await db.query(
    `update alerts set resolved_at = now()
     where kind = $1 and resolved_at is null and connection_id is not null and not (connection_id = any($2::bigint[]))
     returning id`,
    [kind, stillOn],
  );
  return rows.length;
}
