import type { Queryable } from '../db/database.js';

export interface Partner {
  id: number;
  name: string;
  timeZone: string;
  /** Partner-level switches, e.g. `schedule` overrides of the proximity policy. */
  settings: Record<string, unknown>;
  createdAt: Date;
}

interface PartnerRow {
  id: number;
  name: string;
  time_zone: string;
  settings: Record<string, unknown>;
  created_at: Date;
}

const toPartner = (row: PartnerRow): Partner => ({
  id: row.id,
  name: row.name,
  timeZone: row.time_zone,
  settings: row.settings,
  createdAt: row.created_at,
});

export async function addPartner(db: Queryable, name: string, timeZone: string, settings: Record<string, unknown> = {}): Promise<Partner> {
  const [row] = await db.query<PartnerRow>(
    'insert into timing_partners (name, time_zone, settings) values ($1, $2, $3) returning *',
    [name, timeZone, JSON.stringify(settings)],
  );
  return toPartner(row!);
}

/** Partners not removed. */
export async function listPartners(db: Queryable): Promise<Partner[]> {
  const rows = await db.query<PartnerRow>('select * from timing_partners where deleted_at is null order by id');
  return rows.map(toPartner);
}

export async function getPartner(db: Queryable, id: number): Promise<Partner | undefined> {
  const [row] = await db.query<PartnerRow>('select * from timing_partners where id = $1 and deleted_at is null', [id]);
  return row && toPartner(row);
}

/** Changes what is given; `settings` are merged over the stored ones. */
export async function updatePartner(db: Queryable, id: number, change: { name?: string; timeZone?: string; settings?: Record<string, unknown> }): Promise<Partner | undefined> {
  const [row] = await db.query<PartnerRow>(
    `update timing_partners set name = coalesce($2, name), time_zone = coalesce($3, time_zone), settings = settings || coalesce($4::jsonb, '{}'::jsonb)
     where id = $1 and deleted_at is null returning *`,
    [id, change.name ?? null, change.timeZone ?? null, change.settings === undefined ? null : JSON.stringify(change.settings)],
  );
  return row && toPartner(row);
}

/** Soft-deletes the partner (its connections are removed by the caller first). */
export async function removePartner(db: Queryable, id: number): Promise<boolean> {
  return (await db.query('update timing_partners set deleted_at = now() where id = $1 and deleted_at is null returning id', [id])).length > 0;
}

/**
 * Deletes a partner whose connections have been purged, with what is left of it: its change feed,
 * rejects and alerts (with their webhook deliveries), webhooks, API tokens and sync requests.
 */
export async function purgePartner(db: Queryable, id: number): Promise<void> {
  const alerts = 'select id from alerts where timing_partner_id = $1';
  const deliveries = `select id from webhook_deliveries where alert_id in (${alerts}) or webhook_id in (select id from webhooks where timing_partner_id = $1)`;
  const statements = [
    'delete from changes where timing_partner_id = $1',
    'delete from rejects where timing_partner_id = $1',
    `delete from webhook_attempts where delivery_id in (${deliveries})`,
    `delete from webhook_deliveries where id in (${deliveries})`,
    ...['alerts', 'webhooks', 'sync_requests', 'api_tokens'].map((table) => `delete from ${table} where timing_partner_id = $1`),
    'delete from timing_partners where id = $1',
  ];
  for (const sql of statements) await db.query(sql, [id]);
}
