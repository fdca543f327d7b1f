import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../src/db/database.js';
import { startRun } from '../../src/sync/store/runs.js';
import { claimTarget } from '../../src/sync/store/targets.js';
import { testEngines } from '../helpers/database.js';
import { call, serveApi, type Served } from './helpers.js';
import { makeWorker, startSyncedWorld, type SyncedWorld } from './sandbox-world.js';

async function runsOf(db: Database, raceId: number): Promise<{ id: number; status: string }[]> {
  return db.query(
    `select sr.id, sr.status from sync_runs sr join sync_targets st on st.id = sr.target_id
     where st.race_id = $1 and st.kind = 'participants' order by sr.id`,
    [raceId],
  );
}

for (const engine of testEngines()) {
  describe(`sync now through the queue (${engine.name})`, () => {
    let db: Database;
    let world: SyncedWorld;
    let served: Served;
    let raceIds: number[];

    before(async () => {
      db = await engine.open();
      world = await startSyncedWorld(db);
      served = await serveApi(db, { now: world.clock.now });
      raceIds = (await db.query<{ id: number }>('select id from races order by id')).map((r) => r.id);
      // Everything scheduled now ran: nothing is due until the clock moves.
      const worker = makeWorker(db, world.clock, 'test:drain');
      await worker.prepare();
      while (await worker.tick()) { /* drain */ }
    });
    after(async () => {
      await served?.close();
      await world?.close();
      await db?.close();
    });

    it('a double trigger makes one request and one run, spent through the worker', async () => {
      const raceId = raceIds[0]!;
      const runsBefore = await runsOf(db, raceId);
      const post = () => call(served.url, '/v1/syncs', { token: world.triggerToken, method: 'POST', body: { kind: 'participants', race_id: raceId } });
      const [one, two] = await Promise.all([post(), post()]);
      assert.equal(one.status, 202, one.text);
      assert.equal(two.status, 202, two.text);
      assert.equal(one.body.id, two.body.id, 'the same request answers both');
      assert.deepEqual([one.body.deduplicated, two.body.deduplicated].sort(), [false, true]);
      assert.equal(one.body.status, 'queued');
      assert.equal(one.headers.get('location'), `/v1/syncs/${one.body.id}`);
      const due = await call(served.url, `/v1/targets?state=due&race_id=${raceId}`, { token: world.readToken });
      assert.equal(due.body.data.length, 1, 'the target is due now');

      const worker = makeWorker(db, world.clock, 'test:w');
      let ticks = 0;
      while (await worker.tick()) ticks += 1;
      const runsAfter = await runsOf(db, raceId);
      assert.equal(runsAfter.length - runsBefore.length, 1, 'exactly one new run');
      const watched = await call(served.url, `/v1/syncs/${one.body.id}`, { token: world.readToken });
      assert.equal(watched.body.status, 'succeeded');
      assert.equal(watched.body.run_id, runsAfter.at(-1)!.id);
      const run = await call(served.url, `/v1/runs/${watched.body.run_id}`, { token: world.readToken });
      assert.equal(run.body.status, 'succeeded');
      assert.ok(ticks >= 1);
      const third = await post();
      assert.notEqual(third.body.id, one.body.id, 'after it ran, a new trigger is a new request');
      assert.equal(third.body.deduplicated, false);
    });

    it('a trigger while the target runs returns the running run', async () => {
      const raceId = raceIds[1]!;
      const [target] = await db.query<{ id: number }>(`select id from sync_targets where race_id = $1 and kind = 'participants'`, [raceId]);
      await claimTarget(db, target!.id, 'test:other-worker', 60_000);
      const runId = await startRun(db, { targetId: target!.id, mode: 'incremental', dryRun: false, cursorFrom: null });
      const res = await call(served.url, '/v1/syncs', { token: world.triggerToken, method: 'POST', body: { kind: 'participants', race_id: raceId } });
      assert.equal(res.status, 202);
      assert.equal(res.body.status, 'running');
      assert.equal(res.body.run_id, runId);
      assert.equal(res.body.deduplicated, true);
      const again = await call(served.url, '/v1/syncs', { token: world.triggerToken, method: 'POST', body: { kind: 'participants', race_id: raceId } });
      assert.equal(again.body.id, res.body.id);
    });

    it('honours Idempotency-Key: the same key returns the first request; with another body it is refused', async () => {
      const [, , connection] = [0, 0, world.fixture.connectionId];
      const headers = { 'idempotency-key': 'display-42-morning' };
      const body = { kind: 'discovery', connection_id: connection };
      const first = await call(served.url, '/v1/syncs', { token: world.triggerToken, method: 'POST', body, headers });
      assert.equal(first.status, 202, first.text);
      const replay = await call(served.url, '/v1/syncs', { token: world.triggerToken, method: 'POST', body, headers });
      assert.equal(replay.body.id, first.body.id);
      assert.equal(replay.body.deduplicated, true);
      const misuse = await call(served.url, '/v1/syncs', { token: world.triggerToken, method: 'POST', body: { ...body, full: true }, headers });
      assert.equal(misuse.status, 422);
    });

    it('refuses a paused connection with 409 and says how to resume it', async () => {
      const paused = await call(served.url, `/v1/connections/${world.fixture.connectionId}/pause`, { token: world.triggerToken, method: 'POST' });
      assert.equal(paused.body.status, 'paused');
      const res = await call(served.url, '/v1/syncs', { token: world.triggerToken, method: 'POST', body: { kind: 'results', race_id: raceIds[0] } });
      assert.equal(res.status, 409);
      assert.match(res.body.error.message, /resume/);
      await call(served.url, `/v1/connections/${world.fixture.connectionId}/resume`, { token: world.triggerToken, method: 'POST' });
    });
  });
}
