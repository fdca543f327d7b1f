import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../src/db/database.js';
import { beat } from '../../src/metrics/heartbeat.js';
import { testEngines } from '../helpers/database.js';
import { call, makeTokens, seedPartner, serveApi, type Served, type Tokens } from './helpers.js';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/**
 * A strict reader of the Prometheus text format (0.0.4): every line a HELP, a TYPE or a sample of a
 * declared family, names and labels well formed, values numbers; throws on anything else.
 */
function parsePrometheus(text: string): { types: Map<string, string>; samples: Sample[] } {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  const name = '[a-zA-Z_:][a-zA-Z0-9_:]*';
  for (const [i, line] of text.split('\n').entries()) {
    if (line === '') continue;
    let m: RegExpExecArray | null;
    if ((m = new RegExp(`^# HELP (${name}) (.*)$`).exec(line))) continue;
    if ((m = new RegExp(`^# TYPE (${name}) (counter|gauge|histogram|summary|untyped)$`).exec(line))) {
      if (types.has(m[1]!)) throw new Error(`line ${i + 1}: TYPE of ${m[1]} twice`);
      types.set(m[1]!, m[2]!);
      continue;
    }
    if (line.startsWith('#')) throw new Error(`line ${i + 1}: unknown comment: ${line}`);
    m = new RegExp(`^(${name})(?:\\{(.*)\\})? (\\S+)(?: (-?\\d+))?$`).exec(line);
    if (!m) throw new Error(`line ${i + 1}: not a sample: ${line}`);
    const labels: Record<string, string> = {};
    if (m[2]) {
      const re = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)/gy;
      let consumed = 0;
      let l: RegExpExecArray | null;
      while ((l = re.exec(m[2]))) {
        labels[l[1]!] = l[2]!;
        consumed = re.lastIndex;
      }
      if (consumed !== m[2].length) throw new Error(`line ${i + 1}: bad labels: ${m[2]}`);
    }
    const value = m[3] === '+Inf' ? Infinity : m[3] === '-Inf' ? -Infinity : m[3] === 'NaN' ? NaN : Number(m[3]);
    if (Number.isNaN(value) && m[3] !== 'NaN') throw new Error(`line ${i + 1}: bad value ${m[3]}`);
    const family = [...types.keys()].find((t) => m![1] === t || (['histogram', 'summary'].includes(types.get(t)!) && /^(_bucket|_sum|_count)$/.test(m![1]!.slice(t.length)) && m![1]!.startsWith(t)));
    if (!family) throw new Error(`line ${i + 1}: sample ${m[1]} of no declared family`);
    samples.push({ name: m[1]!, labels, value });
  }
  return { types, samples };
}

for (const engine of testEngines()) {
  describe(`metrics, health and the API description (${engine.name})`, () => {
    let db: Database;
    let served: Served;
    let tokens: Tokens;

    before(async () => {
      db = await engine.open();
      const a = await seedPartner(db, 'Alpha');
      const b = await seedPartner(db, 'Beta');
      tokens = await makeTokens(db, a.partnerId, b.partnerId);
      served = await serveApi(db);
    });
    after(async () => {
      await served?.close();
      await db?.close();
    });

    it('/metrics parses as Prometheus text and carries the hub\'s families', async () => {
      await call(served.url, '/v1/events', { token: tokens.a });
      await call(served.url, '/v1/events');
      const res = await fetch(`${served.url}/metrics`);
      assert.match(res.headers.get('content-type')!, /^text\/plain; version=0.0.4/);
      const { types, samples } = parsePrometheus(await res.text());
      for (const family of ['p88_sync_runs_total', 'p88_rows_written_total', 'p88_provider_api_calls_total', 'p88_provider_throttles_total',
        'p88_budget_calls_left', 'p88_race_day_lateness_seconds', 'p88_race_day_staleness_seconds', 'p88_change_feed_head', 'p88_http_requests_total']) {
        assert.ok(types.has(family), `${family} declared`);
      }
      const runs = samples.filter((s) => s.name === 'p88_sync_runs_total');
      assert.deepEqual(runs.map((s) => s.labels), [{ provider: 'runsignup', kind: 'participants', status: 'failed' }]);
      assert.equal(runs[0]!.value, 2);
      const head = samples.find((s) => s.name === 'p88_change_feed_head')!;
      const [max] = await db.query<{ id: number }>('select max(id) as id from changes');
      assert.equal(head.value, max!.id);
      assert.ok(samples.some((s) => s.name === 'p88_http_requests_total' && s.labels.route === '/v1/events' && s.labels.status === '401'));
      assert.equal(samples.find((s) => s.name === 'p88_api_auth_failures_total')!.value, 1);
    });

    it('/healthz is up; /readyz needs a worker heartbeat', async () => {
      assert.deepEqual((await call(served.url, '/healthz')).body, { status: 'ok' });
      const without = await call(served.url, '/readyz');
      assert.equal(without.status, 503);
      assert.equal(without.body.checks.find((c: { name: string }) => c.name === 'workers').ok, false);
      assert.ok(without.body.checks.find((c: { name: string }) => c.name === 'migrations').ok);
      await beat(db, 'test:worker', 2);
      const ready = await call(served.url, '/readyz');
      assert.equal(ready.status, 200, ready.text);
      assert.equal(ready.body.ready, true);
    });

    it('/openapi.json is OpenAPI 3.1 with every route, and its components resolve', async () => {
      const doc = (await call(served.url, '/openapi.json')).body;
      assert.equal(doc.openapi, '3.1.0');
      for (const path of ['/v1/events', '/v1/events/{id}', '/v1/races', '/v1/races/{id}', '/v1/participants', '/v1/results', '/v1/splits', '/v1/changes',
        '/v1/syncs', '/v1/syncs/{id}', '/v1/runs', '/v1/runs/{id}', '/v1/targets', '/v1/connections', '/v1/connections/{id}/pause',
        '/v1/connections/{id}/resume', '/v1/alerts', '/healthz', '/readyz']) {
        assert.ok(doc.paths[path], `${path} documented`);
      }
      const refs = JSON.stringify(doc).match(/#\/components\/schemas\/\w+/g) ?? [];
      for (const ref of new Set(refs)) assert.ok(doc.components.schemas[ref.split('/').pop()!], `${ref} resolves`);
      const participants = doc.paths['/v1/participants'].get;
      const limit = participants.parameters.find((p: { name: string }) => p.name === 'limit');
      assert.equal(limit.schema.maximum, 1000);
      assert.ok(participants.parameters.some((p: { name: string }) => p.name === 'updated_since'));
      assert.ok(doc.components.schemas.Participant.properties.amount_paid);
      assert.deepEqual(doc.paths['/v1/syncs'].post.requestBody.content['application/json'].schema.$ref, '#/components/schemas/SyncTrigger');
    });

    it('/docs renders the reference from the document, with no script or remote asset', async () => {
      const res = await fetch(`${served.url}/docs`);
      const text = await res.text();
      assert.equal(res.status, 200);
      assert.match(text, /GET<\/span> <code>\/v1\/participants<\/code>/);
      assert.match(text, /<h3>Participant<\/h3>/);
      assert.ok(!/<script|https?:\/\/(?!127)/.test(text.replace(/http:\/\/127[^"]*/g, '')), 'self-contained');
    });
  });
}
