/** SQL of `webhooks`, `webhook_deliveries` and `webhook_attempts`. */
import type { Queryable } from '../db/database.js';

export interface Webhook {
  id: number;
  url: string;
  partnerId: number | null;
  /** Alert kinds it receives; null: every kind. */
  events: string[] | null;
  createdAt: Date;
}

interface WebhookRow {
  id: number;
  url: string;
  timing_partner_id: number | null;
  events: string[] | null;
  created_at: Date;
}

const toWebhook = (r: WebhookRow): Webhook => ({ id: r.id, url: r.url, partnerId: r.timing_partner_id, events: r.events, createdAt: r.created_at });

export async function insertWebhook(db: Queryable, input: { url: string; partnerId: number | null; events: string[] | null; secretCiphertext: string }): Promise<Webhook> {
  const [row] = await db.query<WebhookRow>(
    'insert into webhooks (url, timing_partner_id, events, secret_ciphertext) values ($1, $2, $3, $4) returning *',
    [input.url, input.partnerId, input.events, input.secretCiphertext],
  );
  return toWebhook(row!);
}

export async function listWebhooks(db: Queryable): Promise<Webhook[]> {
  return (await db.query<WebhookRow>('select * from webhooks where removed_at is null order by id')).map(toWebhook);
}

export async function removeWebhook(db: Queryable, id: number): Promise<boolean> {
  return (await db.query('update webhooks set removed_at = now() where id = $1 and removed_at is null returning id', [id])).length > 0;
}

/**
 * One delivery per matching webhook for each alert not yet delivered (raised in the last day, so a new
 * webhook is not flooded with old news). Returns how many were queued.
 */
export async function queueDeliveries(db: Queryable): Promise<number> {
  const rows = await db.query(
    `insert into webhook_deliveries (webhook_id, alert_id)
     select w.id, a.id from alerts a
     join webhooks w on w.removed_at is null
       and (w.timing_partner_id is null or w.timing_partner_id = a.timing_partner_id)
       and (w.events is null or a.kind = any(w.events))
     where a.delivered_at is null and a.created_at > now() - interval '1 day'
     on conflict (webhook_id, alert_id) do nothing
     returning id`,
  );
  return rows.length;
}

export interface DueDelivery {
  id: number;
  attempts: number;
  webhookId: number;
  url: string;
  secretCiphertext: string;
  alert: { id: number; timing_partner_id: number | null; connection_id: number | null; kind: string; message: string; details: unknown; created_at: Date };
}

/**
 * Takes due deliveries for this attempt: each is pushed `leaseMs` ahead in the same statement, so another
 * process delivering at the same moment skips it (and a process that dies retries it later).
 */
export async function claimDueDeliveries(db: Queryable, limit: number, leaseMs: number): Promise<DueDelivery[]> {
  const rows = await db.query<{
    id: number; attempts: number; webhook_id: number; url: string; secret_ciphertext: string;
    alert_id: number; timing_partner_id: number | null; connection_id: number | null; kind: string; message: string; details: unknown; created_at: Date;
  }>(
    `with due as (
       select d.id from webhook_deliveries d
       where d.status = 'pending' and d.next_attempt_at <= now()
       order by d.next_attempt_at limit $1 for update skip locked
     )
     update webhook_deliveries d set next_attempt_at = now() + $2 * interval '1 millisecond'
     from due, webhooks w, alerts a
     where d.id = due.id and w.id = d.webhook_id and a.id = d.alert_id
     returning d.id, d.attempts, d.webhook_id, w.url, w.secret_ciphertext, a.id as alert_id, a.timing_partner_id, a.connection_id,
               a.kind, a.message, a.details, a.created_at`,
    [limit, leaseMs],
  );
  return rows.map((r) => ({
    id: r.id, attempts: r.attempts, webhookId: r.webhook_id, url: r.url, secretCiphertext: r.secret_ciphertext,
    alert: { id: r.alert_id, timing_partner_id: r.timing_partner_id, connection_id: r.connection_id, kind: r.kind, message: r.message, details: r.details, created_at: r.created_at },
  }));
}

export async function recordAttempt(db: Queryable, deliveryId: number, attempt: { statusCode: number | null; error: string | null; durationMs: number }): Promise<void> {
  await db.query(
    'insert into webhook_attempts (delivery_id, status_code, error, duration_ms) values ($1, $2, $3, $4)',
    [deliveryId, attempt.statusCode, attempt.error, attempt.durationMs],
  );
}

/** Delivered: and the alert too, once every one of its deliveries is. */
export async function markDelivered(db: Queryable, deliveryId: number, alertId: number): Promise<void> {
  await db.query(`update webhook_deliveries set status = 'delivered', delivered_at = now(), attempts = attempts + 1, last_error = null where id = $1`, [deliveryId]);
  await db.query(
    `update alerts set delivered_at = now() where id = $1 and delivered_at is null
       and not exists (select 1 from webhook_deliveries where alert_id = $1 and status <> 'delivered')`,
    [alertId],
  );
}

/** Another try at `nextAt`, or given up (`failed`) when `nextAt` is null. */
export async function markRetry(db: Queryable, deliveryId: number, error: string, nextAt: Date | null): Promise<void> {
  await db.query(
    `update webhook_deliveries set attempts = attempts + 1, last_error = $2,
       status = case when $3::timestamptz is null then 'failed' else 'pending' end,
       next_attempt_at = coalesce($3::timestamptz, next_attempt_at)
     where id = $1`,
    [deliveryId, error, nextAt],
  );
}

export interface DeliveryRow {
  id: number;
  webhook_id: number;
  alert_id: number;
  status: string;
  attempts: number;
  last_error: string | null;
}

export async function listDeliveries(db: Queryable, webhookId?: number): Promise<DeliveryRow[]> {
  return db.query<DeliveryRow>(
    'select id, webhook_id, alert_id, status, attempts, last_error from webhook_deliveries where ($1::bigint is null or webhook_id = $1) order by id',
    [webhookId ?? null],
  );
}

export async function countAttempts(db: Queryable, deliveryId: number): Promise<number> {
  const [row] = await db.query<{ n: number }>('select count(*)::int as n from webhook_attempts where delivery_id = $1', [deliveryId]);
  return row?.n ?? 0;
}

/** Re-seals every webhook's signing secret with `reseal` (a new secret key). */
export async function resealWebhookSecrets(db: Queryable, reseal: (sealed: string) => string): Promise<number> {
  const rows = await db.query<{ id: number; secret_ciphertext: string }>('select id, secret_ciphertext from webhooks');
  for (const row of rows) await db.query('update webhooks set secret_ciphertext = $2 where id = $1', [row.id, reseal(row.secret_ciphertext)]);
  return rows.length;
}
