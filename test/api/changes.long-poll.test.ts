import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../src/db/database.js';
import { testEngines } from '../helpers/database.js';
import { call, serveApi, type Served } from './helpers.js';
import { startSyncedWorld, type SyncedWorld } from './sandbox-world.js';

async function headOf(served: Served, token: string): Promise<number> {
  let after = 0;
  for (;;) {
    const res = await call(served.url, `/v1/changes?after=${after}&limit=1000`, { token });
    if (res.body.data.length === 0) return after;
    after = res.body.next_after;
  }
}

for (const engine of testEngines()) {
  describe(`the change feed over HTTP (${engine.name})`, () => {
    let db: Database;
    let world: SyncedWorld;
    let served: Served;

    before(async () => {
      db = await engine.open();
      world = await startSyncedWorld(db);
      served = await serveApi(db, { now: world.clock.now });
    });
    after(async () => {
      await served?.close();
      await world?.close();
      await db?.close();
    });

    it('reads the feed in order with a cursor, and nothing twice', async () => {
      const first = await call(served.url, '/v1/changes?after=0&limit=10', { token: world.readToken });
      assert.equal(first.body.data.length, 10);
      const second = await call(served.url, `/v1/changes?after=${first.body.next_after}&limit=10`, { token: world.readToken });
      assert.ok(second.body.data[0].id > first.body.data[9].id);
      assert.equal(first.body.data[0].entity, 'event');
    });

    it('a long-poll answers within a second of the sync that commits a bib assignment', async () => {
      const head = await headOf(served, world.readToken);
      const started = Date.now();
      const poll = call(served.url, `/v1/changes?after=${head}&wait=20`, { token: world.readToken }).then((res) => ({ res, at: Date.now() }));
      await new Promise((resolve) => setTimeout(resolve, 400));
      const [raceId] = world.sandbox.world.raceIds;
      world.sandbox.mutate({ raceId, assignBibs: 3 });
      await world.fixture.sync({ full: true });
      const { res, at } = await poll;
      assert.equal(res.status, 200);
      const assigned = res.body.data.filter((c: { kind: string }) => c.kind === 'bib_assigned');
      assert.ok(assigned.length >= 1, res.text);
      assert.ok(at - started >= 400, 'it waited for the change');
      // created_at is the committing transaction's start: the latency measured from it bounds the real one.
      const latest = Math.max(...res.body.data.map((c: { created_at: string }) => Date.parse(c.created_at)));
      const latencyMs = at - latest;
      assert.ok(latencyMs < 1000, `answered ${latencyMs} ms after the change's transaction began`);
    });

    it('answers empty after `wait` seconds when nothing changes, and at once without wait', async () => {
      const head = await headOf(served, world.readToken);
      const t0 = Date.now();
      const res = await call(served.url, `/v1/changes?after=${head}&wait=1`, { token: world.readToken });
      const waited = Date.now() - t0;
      assert.deepEqual(res.body, { data: [], next_after: head });
      assert.ok(waited >= 950 && waited < 2500, `waited ${waited} ms`);
      const t1 = Date.now();
      await call(served.url, `/v1/changes?after=${head}`, { token: world.readToken });
      assert.ok(Date.now() - t1 < 500);
    });

    it('a stopping server answers its long-polls at once', async () => {
      const extra = await serveApi(db, { now: world.clock.now });
      const head = await headOf(extra, world.readToken);
      const t0 = Date.now();
      const poll = call(extra.url, `/v1/changes?after=${head}&wait=20`, { token: world.readToken });
      await new Promise((resolve) => setTimeout(resolve, 300));
      await extra.close();
      const res = await poll;
      assert.equal(res.status, 200);
      assert.ok(Date.now() - t0 < 3000, 'the in-flight long-poll finished, promptly');
    });
  });
}
