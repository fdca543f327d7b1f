import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../src/db/database.js';
import { testEngines } from '../helpers/database.js';
import { call, makeTokens, seedPartner, serveApi, type PartnerIds, type Served, type Tokens } from './helpers.js';

interface RouteCase {
  name: string;
  method?: 'GET' | 'POST';
  /** A path naming partner A's ids. */
  path: (a: PartnerIds) => string;
  body?: (a: PartnerIds) => unknown;
  /** The scope the route needs from A. */
  token?: 'a' | 'aTrigger';
  /** What A gets. */
  status: number;
  /** What B gets on A's path: 404, or a list of B's own rows only. */
  other: 404 | 'own';
}

const ROUTES: RouteCase[] = [
  { name: 'events', path: () => '/v1/events', status: 200, other: 'own' },
  { name: 'event', path: (a) => `/v1/events/${a.eventId}`, status: 200, other: 404 },
  { name: 'races of an event', path: (a) => `/v1/races?event_id=${a.eventId}`, status: 200, other: 404 },
  { name: 'races', path: () => '/v1/races', status: 200, other: 'own' },
  { name: 'race', path: (a) => `/v1/races/${a.raceId}`, status: 200, other: 404 },
  { name: 'participants of a race', path: (a) => `/v1/participants?race_id=${a.raceId}`, status: 200, other: 404 },
  { name: 'participant by bib', path: (a) => `/v1/participants?race_id=${a.raceId}&bib=100`, status: 200, other: 404 },
  { name: 'participants updated since', path: (a) => `/v1/participants?race_id=${a.raceId}&updated_since=2020-01-01T00:00:00Z`, status: 200, other: 404 },
  { name: 'participants', path: () => '/v1/participants', status: 200, other: 'own' },
  { name: 'results of a race', path: (a) => `/v1/results?race_id=${a.raceId}`, status: 200, other: 404 },
  { name: 'splits of a race', path: (a) => `/v1/splits?race_id=${a.raceId}`, status: 200, other: 404 },
  { name: 'changes', path: () => '/v1/changes?after=0', status: 200, other: 'own' },
  { name: 'runs', path: () => '/v1/runs', status: 200, other: 'own' },
  { name: 'runs of a target', path: (a) => `/v1/runs?target_id=${a.targetId}`, status: 200, other: 'own' },
  { name: 'run', path: (a) => `/v1/runs/${a.runId}`, status: 200, other: 404 },
  { name: 'targets', path: () => '/v1/targets', status: 200, other: 'own' },
  { name: 'targets of a race', path: (a) => `/v1/targets?race_id=${a.raceId}`, status: 200, other: 'own' },
  { name: 'connections', path: () => '/v1/connections', status: 200, other: 'own' },
  { name: 'alerts', path: () => '/v1/alerts', status: 200, other: 'own' },
  { name: 'partner filter', path: (a) => `/v1/events?partner_id=${a.partnerId}`, status: 200, other: 404 },
  { name: 'pause', method: 'POST', path: (a) => `/v1/connections/${a.connectionId}/pause`, token: 'aTrigger', status: 200, other: 404 },
  { name: 'resume', method: 'POST', path: (a) => `/v1/connections/${a.connectionId}/resume`, token: 'aTrigger', status: 200, other: 404 },
  {
    name: 'sync now', method: 'POST', path: () => '/v1/syncs', body: (a) => ({ kind: 'participants', race_id: a.raceId }), token: 'aTrigger', status: 202, other: 404,
  },
  {
    name: 'discovery now', method: 'POST', path: () => '/v1/syncs', body: (a) => ({ kind: 'discovery', connection_id: a.connectionId }), token: 'aTrigger', status: 202, other: 404,
  },
];

/** Every id of one partner that must never show up in another's answers. */
function idsOf(p: PartnerIds): number[] {
  return [p.eventId, p.raceId, p.resultId, p.runId, p.targetId, p.alertId, p.connectionId, ...p.participantIds, ...p.changeIds];
}

function rowsOf(body: any): Record<string, unknown>[] {
  return Array.isArray(body?.data) ? body.data : body && typeof body === 'object' && !body.error ? [body] : [];
}

/** No row of the answer belongs to the other partner, and no other partner's name appears. */
function assertOnlyOwn(text: string, body: any, own: PartnerIds, otherName: string, where: string): void {
  assert.ok(!text.includes(otherName), `${where}: mentions ${otherName}`);
  for (const row of rowsOf(body)) {
    if ('timing_partner_id' in row) assert.equal(row.timing_partner_id, own.partnerId, `${where}: a row of partner ${row.timing_partner_id}`);
  }
}

for (const engine of testEngines()) {
  describe(`API tenancy (${engine.name})`, () => {
    let db: Database;
    let served: Served;
    let a: PartnerIds;
    let b: PartnerIds;
    let tokens: Tokens;

    before(async () => {
      db = await engine.open();
      a = await seedPartner(db, 'Alpha');
      b = await seedPartner(db, 'Beta');
      tokens = await makeTokens(db, a.partnerId, b.partnerId);
      served = await serveApi(db);
    });
    after(async () => {
      await served?.close();
      await db?.close();
    });

    it('the two partners really share provider ids', async () => {
      const rows = await db.query<{ n: number }>(`select count(distinct timing_partner_id)::int as n from events where provider_event_id = '1001'`);
      assert.equal(rows[0]!.n, 2);
    });

    for (const route of ROUTES) {
      it(`${route.method ?? 'GET'} ${route.name}: own token ${route.status}, the other partner's ${route.other}, none or revoked 401`, async () => {
        const path = route.path(a);
        const body = route.body?.(a);
        const method = route.method ?? 'GET';
        const own = await call(served.url, path, { token: tokens[route.token ?? 'a'], method, body });
        assert.equal(own.status, route.status, `${path}: ${own.text}`);
        assertOnlyOwn(own.text, own.body, a, 'Beta', `A on ${path}`);
        if (route.status === 200 && Array.isArray(own.body?.data) && !path.includes('partner_id')) assert.ok(own.body.data.length > 0, `${path} lists A's rows`);

        const other = await call(served.url, path, { token: route.token === 'aTrigger' ? tokens.bTrigger : tokens.b, method, body });
        if (route.other === 404) {
          assert.equal(other.status, 404, `${path} for B: ${other.text}`);
          assert.ok(!other.text.includes('Alpha'), `${path} for B leaks a name`);
        } else {
          assert.equal(other.status, 200, `${path} for B: ${other.text}`);
          assertOnlyOwn(other.text, other.body, b, 'Alpha', `B on ${path}`);
          const aIds = new Set(idsOf(a));
          for (const row of rowsOf(other.body)) {
            for (const key of ['event_id', 'race_id', 'participant_id', 'result_id', 'target_id', 'connection_id']) {
              if (typeof row[key] === 'number') assert.ok(!aIds.has(row[key] as number) || idsOf(b).includes(row[key] as number), `${path} for B shows A's ${key} ${row[key]}`);
            }
          }
        }
        const none = await call(served.url, path, { method, body });
        assert.equal(none.status, 401, `${path} without a token`);
        assert.equal(none.headers.get('www-authenticate'), 'Bearer');
        const revoked = await call(served.url, path, { token: tokens.revoked, method, body });
        assert.equal(revoked.status, 401, `${path} with a revoked token`);
        assert.ok(!revoked.text.includes('Alpha'));
      });
    }

    it('a read token may not trigger or pause (403); a trigger token may', async () => {
      const sync = await call(served.url, '/v1/syncs', { token: tokens.a, method: 'POST', body: { kind: 'participants', race_id: a.raceId } });
      assert.equal(sync.status, 403);
      const pause = await call(served.url, `/v1/connections/${a.connectionId}/pause`, { token: tokens.a, method: 'POST' });
      assert.equal(pause.status, 403);
    });

    it('an admin token sees every partner, and can narrow to one', async () => {
      const all = await call(served.url, '/v1/events', { token: tokens.admin });
      assert.deepEqual(all.body.data.map((e: any) => e.timing_partner_id).sort(), [a.partnerId, b.partnerId].sort());
      const one = await call(served.url, `/v1/races?partner_id=${b.partnerId}`, { token: tokens.admin });
      assert.deepEqual(one.body.data.map((r: any) => r.race_id), [b.raceId]);
      const race = await call(served.url, `/v1/races/${a.raceId}`, { token: tokens.admin });
      assert.equal(race.body.name, 'Alpha 10K');
    });

    it('rows come with the views\' column names', async () => {
      const res = await call(served.url, `/v1/participants?race_id=${a.raceId}&bib=101`, { token: tokens.a });
      assert.equal(res.body.data.length, 1);
      const row = res.body.data[0];
      const columns = (await db.query<{ column_name: string }>(
        `select column_name from information_schema.columns where table_name = 'unified_participants' order by ordinal_position`,
      )).map((c) => c.column_name);
      assert.deepEqual(Object.keys(row), columns);
      assert.equal(row.amount_paid, '57.75');
      assert.equal(row.birthdate, '1990-04-02');
      const result = await call(served.url, `/v1/results?race_id=${a.raceId}`, { token: tokens.a });
      assert.equal(result.body.data[0].clock_time, '00:45:12');
      assert.equal(result.body.data[0].participant_id, a.participantIds[0]);
    });

    it('a revoked token is refused from the next request on', async () => {
      const { createToken, revokeToken } = await import('../../src/tokens/index.js');
      const made = await createToken(db, { partnerId: a.partnerId, scope: 'read' });
      assert.equal((await call(served.url, '/v1/events', { token: made.secret })).status, 200);
      await revokeToken(db, made.token.id);
      assert.equal((await call(served.url, '/v1/events', { token: made.secret })).status, 401);
    });

    it('answers splits from the unified_splits view, scoped like every view', async () => {
      const own = await call(served.url, `/v1/splits?race_id=${a.raceId}`, { token: tokens.a });
      assert.equal(own.status, 200, own.text);
      assert.deepEqual(own.body.data.map((s: any) => [s.split_name, s.clock_time]), [['5K', '00:22:40']]);
      assert.equal((await call(served.url, `/v1/splits?race_id=${a.raceId}`, { token: tokens.b })).status, 404);
      const bOwn = await call(served.url, '/v1/splits', { token: tokens.b });
      assert.deepEqual(bOwn.body.data.map((s: any) => s.timing_partner_id), [b.partnerId]);
    });
  });
}
