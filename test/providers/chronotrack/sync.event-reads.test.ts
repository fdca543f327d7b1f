/**
 * The scheduler reads an event's races together (readsEventRaces): one GET /event/{id}/entry list
 * serves every race of the event, its X-Ctlive-Row-Count then equals what the read saw, and so the
 * engine trusts the read's deletion diff.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../../src/db/database.js';
import { createLogger } from '../../../src/log.js';
import type { Sandbox } from '../../../src/sandbox/index.js';
import { entryIdOf } from '../../../src/sandbox/skins/chronotrack/render.js';
import { DEFAULT_POLICY } from '../../../src/scheduler/policy.js';
import { Worker } from '../../../src/scheduler/worker.js';
import { addConnection } from '../../../src/tenants/connections.js';
import { addPartner } from '../../../src/tenants/partners.js';
import { testEngines } from '../../helpers/database.js';
import { TEST_BOX } from '../../helpers/sync.js';
import { credentialsFor, futureEvents, startWorld } from './helpers.js';

const HOUR_MS = 3_600_000;

for (const engine of testEngines()) {
  describe(`ChronoTrack event reads through the scheduler (${engine.name})`, () => {
    let db: Database;
    let sandbox: Sandbox;
    let worker: Worker;
    const paths: string[] = [];

    before(async () => {
      sandbox = await startWorld({ registrationsPerRace: 70 });
      db = await engine.open();
      const partner = await addPartner(db, 'Scheduled Timing', 'America/Chicago');
      await addConnection(db, TEST_BOX, {
        timingPartnerId: partner.id, provider: 'chronotrack', baseUrl: sandbox.endpoint('chronotrack').baseUrl, budgetPerHour: 1000,
        credentials: credentialsFor(sandbox, 'simple'), settings: { retryBaseMs: 1 },
      });
      worker = new Worker({
        ctx: { db, log: createLogger('silent'), now: () => sandbox.clock.now(), holder: 'test:ct-worker', settings: { incrementalDays: 7, deleteGuard: 0.2, cursorLagSeconds: 10 } },
        box: TEST_BOX,
        fetch: (url, init) => {
          paths.push(new URL(url).pathname);
          return fetch(url, init);
        },
        policy: DEFAULT_POLICY, reserveShare: 0.3, authFailureLimit: 3, leaseMs: 60_000, random: () => 0.5,
      }, { concurrency: 1, idleMs: 10 });
      await worker.prepare();
    });
    after(async () => {
      await db?.close();
      await sandbox?.close();
    });

    const drain = async () => {
      for (let runs = 0; runs < 200 && (await worker.tick()); runs++);
    };
    const entryCalls = () => paths.filter((p) => p.endsWith('/entry'));

    it('reads each upcoming event once for all its races, and applies its withdrawals', async () => {
      await drain();
      const events = futureEvents(sandbox);
      const perEvent = (e: (typeof events)[number]) => Math.ceil(e.races.reduce((n, r) => n + sandbox.world.activeCount(r), 0) / 100);
      assert.deepEqual(entryCalls().sort(), events.flatMap((e) => Array.from({ length: perEvent(e) }, () => `/api/event/${e.ids.chronotrack}/entry`)).sort());
      const stored = await db.query<{ n: number }>(`select count(*)::int as n from unified_participants`);
      assert.equal(stored[0]!.n, events.reduce((n, e) => n + e.races.reduce((m, r) => m + sandbox.world.activeCount(r), 0), 0));

      const event = events[0]!;
      const change = sandbox.mutate({ race: event.races[1]!.id, remove: 1 });
      paths.length = 0;
      sandbox.clock.advance(4 * HOUR_MS + 60_000);
      await drain();
      assert.ok(entryCalls().includes(`/api/event/${event.ids.chronotrack}/entry`));
      assert.ok(entryCalls().every((p) => p.startsWith('/api/event/')), 'never one race at a time while the event is read together');
      const gone = change.remove.map((id) => String(entryIdOf(id)));
      const deleted = await db.query<{ key: string }>(
        `select p.provider_participant_id as key from changes c join participants p on p.id = c.entity_id where c.kind = 'deleted'`);
      assert.deepEqual(deleted.map((d) => d.key), gone);
      const moved = change.transfers.map((t) => String(entryIdOf(t.newRegistrationId)));
      const present = await db.query<{ key: string }>(
        `select provider_participant_id as key from unified_participants where provider_participant_id = any($1::text[])`, [[...gone, ...moved]]);
      assert.deepEqual(present.map((p) => p.key), moved, 'the removed entry is gone, a transfer\'s new entry is there');
    });
  });
}
