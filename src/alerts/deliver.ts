/**
 * Delivers alerts to webhooks: each tick raises the watched alerts, queues a delivery per matching
 * webhook for every alert not yet delivered, and posts the due ones — signed, with a timeout, retried
 * with exponential backoff, every attempt recorded. It runs in its own loop in the serve (or worker)
 * process: a slow or dead endpoint delays only its own deliveries, never a sync.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Queryable } from '../db/database.js';
import { errorMessage } from '../errors.js';
import type { Logger } from '../log.js';
import type { SecretBox } from '../secrets.js';
import { buildPayload, SIGNATURE_HEADER, signBody, TIMESTAMP_HEADER } from './payload.js';
import { claimDueDeliveries, markDelivered, markRetry, queueDeliveries, recordAttempt, type DueDelivery } from './store.js';
import { watchConditions } from './watch.js';

export interface DeliveryOptions {
  db: Queryable;
  box: SecretBox;
  log: Logger;
  fetch?: typeof globalThis.fetch;
  now?: () => Date;
  /** Per attempt (default 5 s). */
  timeoutMs?: number;
  /** First retry after this; doubling (default 30 s). */
  retryBaseMs?: number;
  /** Attempts before a delivery is given up (default 8: about two hours of retries). */
  maxAttempts?: number;
  /** Between ticks (default 2 s). */
  intervalMs?: number;
  onAttempt?: (outcome: 'delivered' | 'retry' | 'failed') => void;
}

export class AlertDelivery {
  private readonly fetch: typeof globalThis.fetch;
  private readonly now: () => Date;

  constructor(private readonly options: DeliveryOptions) {
    this.fetch = options.fetch ?? globalThis.fetch;
    this.now = options.now ?? (() => new Date());
  }

  async tick(): Promise<number> {
    const { db } = this.options;
    await watchConditions(db, this.now());
    await queueDeliveries(db);
    const timeoutMs = this.options.timeoutMs ?? 5000;
    const due = await claimDueDeliveries(db, 20, timeoutMs * 2 + 1000);
    await Promise.all(due.map((delivery) => this.deliver(delivery, timeoutMs)));
    return due.length;
  }

  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.tick();
      } catch (error) {
        this.options.log.warn({ err: errorMessage(error) }, 'alert delivery tick failed; trying again');
      }
      await sleep(this.options.intervalMs ?? 2000, undefined, { signal }).catch(() => undefined);
    }
  }

  private async deliver(delivery: DueDelivery, timeoutMs: number): Promise<void> {
    const { db, box } = this.options;
    const body = JSON.stringify(buildPayload(delivery.alert));
    const timestamp = String(Math.floor(this.now().getTime() / 1000));
    const started = Date.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      const secret = box.open(delivery.secretCiphertext).secret ?? '';
      const response = await this.fetch(delivery.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: signBody(secret, timestamp, body), 'user-agent': 'project88-hub' },
        body,
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'manual',
      });
      statusCode = response.status;
      await response.body?.cancel().catch(() => undefined);
      if (!response.ok) error = `HTTP ${response.status}`;
    } catch (failure) {
      error = errorMessage(failure);
    }
    await recordAttempt(db, delivery.id, { statusCode, error, durationMs: Date.now() - started });
    if (error === null) {
      await markDelivered(db, delivery.id, delivery.alert.id);
      this.options.onAttempt?.('delivered');
      return;
    }
    const attempts = delivery.attempts + 1;
    const giveUp = attempts >= (this.options.maxAttempts ?? 8);
    const next = giveUp ? null : new Date(this.now().getTime() + (this.options.retryBaseMs ?? 30_000) * 2 ** (attempts - 1));
    await markRetry(db, delivery.id, error, next);
    this.options.onAttempt?.(giveUp ? 'failed' : 'retry');
    this.options.log.warn({ webhookId: delivery.webhookId, alertId: delivery.alert.id, attempts, err: error }, giveUp ? 'webhook delivery given up' : 'webhook delivery failed; will retry');
  }
}
