import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../src/db/database.js';
import { testEngines } from '../helpers/database.js';
import { call, makeTokens, seedPartner, serveApi, type PartnerIds, type Served, type Tokens } from './helpers.js';

/** Path, the field the 400 must name. */
const BAD_QUERIES: [string, string][] = [
  ['/v1/events?limit=0', 'limit'],
  ['/v1/events?limit=1001', 'limit'],
  ['/v1/events?limit=ten', 'limit'],
  ['/v1/events?cursor=not-a-cursor', 'cursor'],
  ['/v1/events/abc', 'id'],
  ['/v1/events/-4', 'id'],
  ['/v1/races?event_id=1.5', 'event_id'],
  ['/v1/participants?race_id=x', 'race_id'],
  ['/v1/participants?updated_since=yesterday', 'updated_since'],
  ['/v1/results?race_id=0', 'race_id'],
  ['/v1/changes?after=-1', 'after'],
  ['/v1/changes?wait=31', 'wait'],
  ['/v1/changes?wait=soon', 'wait'],
  ['/v1/runs?status=exploded', 'status'],
  ['/v1/targets?state=sleeping', 'state'],
  ['/v1/alerts?open=maybe', 'open'],
  ['/v1/events?partner_id=zero', 'partner_id'],
];

for (const engine of testEngines()) {
  describe(`API input checks (${engine.name})`, () => {
    let db: Database;
    let served: Served;
    let a: PartnerIds;
    let tokens: Tokens;

    before(async () => {
      db = await engine.open();
      a = await seedPartner(db, 'Alpha');
      const b = await seedPartner(db, 'Beta');
      tokens = await makeTokens(db, a.partnerId, b.partnerId);
      served = await serveApi(db);
    });
    after(async () => {
      await served?.close();
      await db?.close();
    });

    for (const [path, field] of BAD_QUERIES) {
      it(`${path} → 400 naming ${field}`, async () => {
        const res = await call(served.url, path, { token: tokens.a });
        assert.equal(res.status, 400, res.text);
        assert.equal(res.body.error.code, 'invalid_request');
        assert.ok(res.body.error.fields.some((f: { field: string }) => f.field === field), res.text);
        assert.match(res.body.error.message, new RegExp(field));
      });
    }

    const BAD_BODIES: [unknown, string][] = [
      [{}, 'kind'],
      [{ kind: 'everything', race_id: 1 }, 'kind'],
      [{ kind: 'participants', race_id: 'one' }, 'race_id'],
      [{ kind: 'participants' }, 'race_id'],
      [{ kind: 'discovery' }, 'connection_id'],
      [{ kind: 'participants', race_id: 1, full: 'yes' }, 'full'],
      [{ kind: 'participants', race_id: 1, colour: 'red' }, 'body'],
      ['{not json', 'body'],
    ];
    for (const [body, field] of BAD_BODIES) {
      it(`POST /v1/syncs ${JSON.stringify(body)} → 400 naming ${field}`, async () => {
        const res = await call(served.url, '/v1/syncs', { token: tokens.aTrigger, method: 'POST', body });
        assert.equal(res.status, 400, res.text);
        assert.ok(res.body.error.fields.some((f: { field: string }) => f.field === field) || res.body.error.message.includes(field), res.text);
      });
    }

    it('a cursor from other filters is refused', async () => {
      const first = await call(served.url, `/v1/participants?race_id=${a.raceId}&limit=1`, { token: tokens.a });
      assert.ok(first.body.next_cursor);
      const replay = await call(served.url, `/v1/participants?limit=1&cursor=${first.body.next_cursor}`, { token: tokens.a });
      assert.equal(replay.status, 400);
      assert.equal(replay.body.error.fields[0].field, 'cursor');
    });

    it('an unknown route is a JSON 404 pointing at /docs', async () => {
      const res = await call(served.url, '/v1/nothing', { token: tokens.a });
      assert.equal(res.status, 404);
      assert.match(res.body.error.message, /docs/);
    });

    it('repeated failed authentication from one address is answered 429 for a while, and raises an alert', async () => {
      const strict = await serveApi(db, { authFailureLimit: 3 });
      try {
        for (let i = 0; i < 3; i++) assert.equal((await call(strict.url, '/v1/events', { token: 'p88_wrong' })).status, 401);
        const blocked = await call(strict.url, '/v1/events', { token: 'p88_wrong' });
        assert.equal(blocked.status, 401, 'the attempt over the limit is still refused as such');
        const next = await call(strict.url, '/v1/events', { token: tokens.a });
        assert.equal(next.status, 429, 'then the address waits, even with a good token');
        assert.ok(Number(next.headers.get('retry-after')) > 0);
        const alerts = await db.query<{ kind: string }>(`select kind from alerts where kind = 'api_auth_failed'`);
        assert.equal(alerts.length, 1);
      } finally {
        await strict.close();
      }
    });
  });
}
