/**
 * Every route of the HTTP API, as its own OpenAPI document lists them (a new route is fuzzed without
 * a change here), driven with random and hostile path ids, query values and bodies: each answer is
 * 2xx, 400 with a message naming the input, 404, or 409, always JSON, never a 500 or a stack trace.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { Database } from '../../src/db/database.js';
import { testEngines } from '../helpers/database.js';
import { call, makeTokens, seedPartner, serveApi, type Served, type Tokens } from './helpers.js';

const HOSTILE = [
  "' or 1=1; drop table participants; --", '1; select pg_sleep(10)', 'x'.repeat(5000), '-1', '0', '1e309', '99999999999999999999999',
  'NaN', 'Infinity', '1.5', '%00', '', ' ', '../../etc/passwd', '☃ ñ 漢字', '\u202Eevil', '{"a":', '[]', 'null', 'true', '2025-13-45', '1',
];
const value = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.integer({ min: -1000, max: 1_000_000 }).map(String) },
);
const body = fc.oneof(fc.constantFrom('{not json', '[]', 'null', '"x"'), fc.dictionary(fc.constantFrom('kind', 'race_id', 'connection_id', 'full', 'x'), fc.jsonValue()));
const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
const RUNS = Number(process.env.FUZZ_RUNS ?? 25);

interface Operation { method: string; path: string; query: string[] }

async function operations(served: Served): Promise<Operation[]> {
  const document = (await call(served.url, '/openapi.json')).body as { paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>> };
  return Object.entries(document.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({
    method: method.toUpperCase(), path,
    // A valid wait would only make the test slow: the long poll is tested on its own.
    query: (op.parameters ?? []).filter((p) => p.in === 'query' && p.name !== 'wait').map((p) => p.name),
  })));
}

for (const engine of testEngines()) {
  describe(`the HTTP API takes any input and answers with a message, never a crash (${engine.name})`, () => {
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

    it(`every route, random and hostile values (seed ${SEED}, FUZZ_SEED replays)`, { timeout: 300_000 }, async () => {
      const routes = await operations(served);
      assert.ok(routes.length >= 10, JSON.stringify(routes));
      for (const route of routes) {
        const input = fc.record({ id: value, query: fc.array(fc.tuple(fc.constantFrom(...route.query, 'limit'), value), { maxLength: 3 }), body });
        await fc.assert(fc.asyncProperty(input, async ({ id, query, body: sent }) => {
          const path = route.path.replace(/\{[^}]+\}/g, encodeURIComponent(id));
          const search = new URLSearchParams(query).toString();
          const res = await call(served.url, `${path}${search ? `?${search}` : ''}`, {
            token: tokens.aTrigger, method: route.method, ...(route.method === 'POST' ? { body: sent } : {}),
          });
          const where = `${route.method} ${path}?${search} → ${res.status} ${res.text.slice(0, 300)}`;
          // Readiness answers 503 while no worker runs: a state, not a failure.
          const notReady = res.status === 503 && res.body?.ready === false;
          assert.ok([200, 202, 400, 404, 409].includes(res.status) || notReady, where);
          assert.doesNotMatch(res.text, /\n\s+at |Error: |node:internal/, where);
          if (res.status >= 400 && !notReady) assert.ok(typeof res.body?.error?.message === 'string' && res.body.error.message.length > 0, where);
        }), { seed: SEED, numRuns: RUNS, includeErrorInReport: true });
      }
    });
  });
}
