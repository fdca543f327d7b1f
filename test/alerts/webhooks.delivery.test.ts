import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, afterEach, before, describe, it } from 'node:test';
import { AlertDelivery, addWebhook, listDeliveries, signBody, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../../src/alerts/index.js';
import type { Database } from '../../src/db/database.js';
import { createLogger } from '../../src/log.js';
import { raiseAlert } from '../../src/sync/store/changes.js';
import { seedPartner, type PartnerIds } from '../api/helpers.js';
import { testEngines } from '../helpers/database.js';
import { TEST_BOX } from '../helpers/sync.js';

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}

/** A receiver on loopback answering with the statuses given in turn (the last one repeats); `hang` never answers. */
async function receiver(statuses: number[] | 'hang'): Promise<{ url: string; got: Received[]; close(): Promise<void> }> {
  const got: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      got.push({ headers: req.headers, body });
      if (statuses === 'hang') return;
      res.writeHead(statuses[Math.min(got.length - 1, statuses.length - 1)]!).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    got,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

const delivery = (db: Database, { retryBaseMs = 50, timeoutMs = 400 } = {}) =>
  new AlertDelivery({ db, box: TEST_BOX, log: createLogger('silent'), retryBaseMs, timeoutMs, maxAttempts: 3 });

for (const engine of testEngines()) {
  describe(`alert webhooks (${engine.name})`, () => {
    let db: Database;
    let a: PartnerIds;
    const receivers: { close(): Promise<void> }[] = [];

    before(async () => {
      db = await engine.open();
      a = await seedPartner(db, 'Alpha');
      await db.query('update alerts set delivered_at = now()'); // the seed's own alert is old news
    });
    afterEach(async () => {
      await Promise.all(receivers.splice(0).map((r) => r.close()));
      await db.query('update webhooks set removed_at = now()');
    });
    after(() => db?.close());

    it('posts a signed, Slack-compatible payload, retries with backoff, and records every attempt', async () => {
      const hook = await receiver([500, 200]);
      receivers.push(hook);
      const { webhook, secret } = await addWebhook(db, TEST_BOX, { url: hook.url, partnerId: a.partnerId, events: ['auth_failed'] });
      await raiseAlert(db, { timingPartnerId: a.partnerId, connectionId: a.connectionId, targetId: null, kind: 'auth_failed', message: 'credentials refused' });
      await raiseAlert(db, { timingPartnerId: a.partnerId, connectionId: a.connectionId, targetId: null, kind: 'race_day_late', message: 'not for this hook' });
      // A backoff long enough that the next tick comes before it, and a timeout no answer misses, even on a loaded machine.
      const daemon = delivery(db, { retryBaseMs: 1_500, timeoutMs: 5_000 });
      await daemon.tick();
      assert.equal(hook.got.length, 1);
      let [d] = await listDeliveries(db, webhook.id);
      assert.equal(d!.status, 'pending');
      assert.equal(d!.last_error, 'HTTP 500');
      await daemon.tick();
      assert.equal(hook.got.length, 1, 'not before its backoff');
      await new Promise((resolve) => setTimeout(resolve, 1_600));
      await daemon.tick();
      assert.equal(hook.got.length, 2);
      [d] = await listDeliveries(db, webhook.id);
      assert.equal(d!.status, 'delivered');
      assert.equal(d!.attempts, 2);
      const attempts = await db.query<{ status_code: number }>('select status_code from webhook_attempts where delivery_id = $1 order by id', [d!.id]);
      assert.deepEqual(attempts.map((x) => x.status_code), [500, 200]);
      const sent = hook.got[1]!;
      const payload = JSON.parse(sent.body);
      assert.match(payload.text, /auth_failed: credentials refused/);
      assert.equal(payload.blocks[0].type, 'section');
      assert.equal(payload.alert.kind, 'auth_failed');
      const timestamp = sent.headers[TIMESTAMP_HEADER] as string;
      assert.equal(sent.headers[SIGNATURE_HEADER], signBody(secret, timestamp, sent.body));
      const [alert] = await db.query<{ delivered_at: Date | null }>(`select delivered_at from alerts where kind = 'auth_failed'`);
      assert.ok(alert!.delivered_at, 'the alert is delivered');
      const [other] = await db.query<{ delivered_at: Date | null }>(`select delivered_at from alerts where kind = 'race_day_late' and message = 'not for this hook'`);
      assert.equal(other!.delivered_at, null, 'an alert no webhook takes stays undelivered');
    });

    it('a dead endpoint costs only its own timeout, never the other deliveries, and is given up after its attempts', async () => {
      const dead = await receiver('hang');
      const live = await receiver([200]);
      receivers.push(dead, live);
      await addWebhook(db, TEST_BOX, { url: dead.url, partnerId: null, events: ['mass_delete_held'] });
      const { webhook: good } = await addWebhook(db, TEST_BOX, { url: live.url, partnerId: null, events: ['mass_delete_held'] });
      await raiseAlert(db, { timingPartnerId: a.partnerId, connectionId: a.connectionId, targetId: null, kind: 'mass_delete_held', message: 'held' });
      const daemon = delivery(db);
      const t0 = Date.now();
      await daemon.tick();
      const took = Date.now() - t0;
      assert.ok(took < 2000, `one tick took ${took} ms`);
      assert.equal(live.got.length, 1, 'the live endpoint got its post in the same tick');
      assert.equal((await listDeliveries(db, good.id))[0]!.status, 'delivered');
      const [alert] = await db.query<{ delivered_at: Date | null }>(`select delivered_at from alerts where kind = 'mass_delete_held'`);
      assert.equal(alert!.delivered_at, null, 'not delivered while one webhook has not had it');
      for (let i = 0; i < 3; i++) {
        await db.query(`update webhook_deliveries set next_attempt_at = now() where status = 'pending'`);
        await daemon.tick();
      }
      const statuses = (await listDeliveries(db)).filter((x) => x.webhook_id !== good.id && x.status !== 'delivered');
      assert.deepEqual(statuses.map((x) => x.status), ['failed']);
    });

    it('raises an alert for repeated run failures and for a throttle, and closes it when the condition passes', async () => {
      await db.query('update sync_targets set attempts = 3, last_error = $2 where id = $1', [a.targetId, 'HTTP 503']);
      await db.query(`insert into budgets (connection_id, capacity, refill_per_sec, tokens, paused_until) values ($1, 1000, 0.3, 1000, now() + interval '1 minute')`, [a.connectionId]);
      const daemon = delivery(db);
      await daemon.tick();
      await daemon.tick();
      const open = await db.query<{ kind: string }>(`select kind from alerts where kind in ('run_failures', 'throttled') and resolved_at is null order by kind`);
      assert.deepEqual(open.map((x) => x.kind), ['run_failures', 'throttled'], 'each raised once');
      await db.query('update sync_targets set attempts = 0 where id = $1', [a.targetId]);
      await db.query('update budgets set paused_until = null where connection_id = $1', [a.connectionId]);
      await daemon.tick();
      const still = await db.query(`select kind from alerts where kind in ('run_failures', 'throttled') and resolved_at is null`);
      assert.equal(still.length, 0);
    });
  });
}
