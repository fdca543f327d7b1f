/**
 * `npm run bench:api`: the HTTP API against the raw SQL it wraps, in the same run, on each engine.
 *  1. Requests/s of `GET /v1/participants?race_id=…&limit=1000` walking a 15,000-participant race page
 *     by page, with a partner token over keep-alive HTTP (N concurrent clients), against the same keyset
 *     query sent straight to the database by the same number of concurrent callers.
 *  2. Change-feed latency: a long-poll waiting while a transaction commits a bib change, from the commit
 *     to the answer, against a raw-SQL reader polling the same query in a tight loop.
 * Figures go to stdout as a table and to .bench/api-<timestamp>.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { parseArgs } from 'node:util';
import { createApi, startServer } from '../src/api/index.js';
import type { Database } from '../src/db/database.js';
import { openDatabase } from '../src/db/open.js';
import { createLogger } from '../src/log.js';
import { createMetrics } from '../src/metrics/registry.js';
import { readViewPage } from '../src/read/view-page.js';
import { readChanges } from '../src/read/changes.js';
import { insertChanges } from '../src/sync/store/changes.js';
import { upsertParticipants } from '../src/sync/store/participants.js';
import { createToken } from '../src/tokens/index.js';
import { participantRow, seedPartner } from '../test/api/helpers.js';
import { TEST_BOX } from '../test/helpers/sync.js';
import { createScratchDatabase } from './api/scratch.js';

const { values: args } = parseArgs({
  options: {
    engines: { type: 'string', default: 'pg,pglite' },
    'pg-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/test' },
    participants: { type: 'string', default: '15000' },
    seconds: { type: 'string', default: '8' },
    clients: { type: 'string', default: '4' },
    samples: { type: 'string', default: '20' },
  },
});

const PARTICIPANTS = Number(args.participants);
const SECONDS = Number(args.seconds);
const CLIENTS = Number(args.clients);
const SAMPLES = Number(args.samples);

interface EngineFigures {
  engine: string;
  api: { requests: number; perSecond: number; rowsPerSecond: number };
  sql: { requests: number; perSecond: number; rowsPerSecond: number };
  ratio: number;
  latency: { apiMs: number[]; sqlMs: number[]; apiMedian: number; apiP95: number; sqlMedian: number; sqlP95: number };
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};

async function seed(db: Database): Promise<{ partnerId: number; raceId: number; token: string; connectionId: number; eventId: number }> {
  const a = await seedPartner(db, 'Bench', 0);
  for (let from = 0; from < PARTICIPANTS; from += 2500) {
    const rows = Array.from({ length: Math.min(2500, PARTICIPANTS - from) }, (_, i) =>
      participantRow(a.partnerId, a.connectionId, a.eventId, a.raceId, String(100000 + from + i), String(from + i + 1)));
    await upsertParticipants(db, rows);
  }
  await seedPartner(db, 'Other', 500);
  const token = (await createToken(db, { partnerId: a.partnerId, scope: 'read' })).secret;
  return { partnerId: a.partnerId, raceId: a.raceId, token, connectionId: a.connectionId, eventId: a.eventId };
}

function get(agent: Agent, url: URL, token: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** `clients` loops, each walking the race page by page until the time is up; returns pages and rows. */
async function walk(clients: number, seconds: number, page: (cursor: string | null) => Promise<{ rows: number; next: string | null }>) {
  const deadline = performance.now() + seconds * 1000;
  let pages = 0;
  let rows = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, async () => {
    let cursor: string | null = null;
    while (performance.now() < deadline) {
      const result = await page(cursor);
      pages += 1;
      rows += result.rows;
      cursor = result.next;
    }
  }));
  const elapsed = (performance.now() - started) / 1000;
  return { requests: pages, perSecond: pages / elapsed, rowsPerSecond: rows / elapsed };
}

async function measureEngine(engine: string, db: Database): Promise<EngineFigures> {
  const world = await seed(db);
  const metrics = createMetrics(db, () => new Date());
  const api = createApi({ db, log: createLogger('silent'), box: TEST_BOX, metrics, version: 'bench' });
  const server = await startServer(api, { port: 0, host: '127.0.0.1' });
  const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
  try {
    // Warm both paths.
    await get(agent, new URL(`${server.url}/v1/participants?race_id=${world.raceId}&limit=1000`), world.token);
    const viaApi = await walk(CLIENTS, SECONDS, async (cursor) => {
      const url = new URL(`${server.url}/v1/participants?race_id=${world.raceId}&limit=1000${cursor ? `&cursor=${cursor}` : ''}`);
      const res = await get(agent, url, world.token);
      if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${res.body.slice(0, 200)}`);
      const body = JSON.parse(res.body) as { data: unknown[]; next_cursor: string | null };
      return { rows: body.data.length, next: body.next_cursor };
    });
    const viaSql = await walk(CLIENTS, SECONDS, async (cursor) => {
      const rows = await readViewPage(db, {
        view: 'unified_participants', key: 'participant_id', partnerId: world.partnerId,
        filters: [{ column: 'race_id', op: 'eq', value: world.raceId }], after: cursor === null ? null : Number(cursor), limit: 1000,
      });
      return { rows: rows.length, next: rows.length === 1000 ? String(rows[999]!.participant_id) : null };
    });
    const latency = await measureLatency(db, world, server.url, agent);
    return {
      engine, api: viaApi, sql: viaSql, ratio: viaApi.perSecond / viaSql.perSecond, latency,
    };
  } finally {
    agent.destroy();
    await server.stop();
  }
}

/** Commit → answer, for a long-poll and for a raw reader polling the feed query as fast as it can. */
async function measureLatency(db: Database, world: Awaited<ReturnType<typeof seed>>, url: string, agent: Agent) {
  const [participant] = await db.query<{ id: number }>('select id from participants where race_id = $1 order by id limit 1', [world.raceId]);
  const commit = async () => {
    await db.transaction(async (tx) => {
      await insertChanges(tx, world.partnerId, null, [{ entity: 'participant', entityId: participant!.id, kind: 'bib_changed', oldValues: { bib: '1' }, newValues: { bib: '2' } }]);
    });
    return performance.now();
  };
  const head = async () => (await db.query<{ id: number }>('select coalesce(max(id), 0)::bigint as id from changes'))[0]!.id;
  const apiMs: number[] = [];
  const sqlMs: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const after = await head();
    const answered = get(agent, new URL(`${url}/v1/changes?after=${after}&wait=10`), world.token).then(() => performance.now());
    await new Promise((resolve) => setTimeout(resolve, 150 + Math.random() * 100));
    const committed = await commit();
    apiMs.push((await answered) - committed);

    const after2 = await head();
    let stop = false;
    const seen = (async () => {
      while (!stop) {
        if ((await readChanges(db, world.partnerId, after2, 1000)).length > 0) return performance.now();
      }
      return performance.now();
    })();
    await new Promise((resolve) => setTimeout(resolve, 150 + Math.random() * 100));
    const committed2 = await commit();
    sqlMs.push((await seen) - committed2);
    stop = true;
  }
  return {
    apiMs, sqlMs, apiMedian: quantile(apiMs, 0.5), apiP95: quantile(apiMs, 0.95), sqlMedian: quantile(sqlMs, 0.5), sqlP95: quantile(sqlMs, 0.95),
  };
}

async function main(): Promise<void> {
  const figures: EngineFigures[] = [];
  for (const engine of args.engines!.split(',')) {
    process.stderr.write(`${engine}: seeding ${PARTICIPANTS} participants…\n`);
    const scratch = await createScratchDatabase(engine as 'pg' | 'pglite', args['pg-url']!);
    const db = await openDatabase({ databaseUrl: scratch.databaseUrl, dataDir: scratch.dataDir });
    try {
      figures.push(await measureEngine(engine, db));
    } finally {
      await db.close();
      await scratch.drop();
    }
  }
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  const out = [
    line(['engine', 'API pages/s', 'raw SQL pages/s', 'API ÷ SQL', 'API rows/s', 'long-poll median / p95 ms', 'raw poll median / p95 ms']),
    line(['---', '---', '---', '---', '---', '---', '---']),
    ...figures.map((f) => line([f.engine, f.api.perSecond.toFixed(1), f.sql.perSecond.toFixed(1), f.ratio.toFixed(2), Math.round(f.api.rowsPerSecond),
      `${f.latency.apiMedian.toFixed(0)} / ${f.latency.apiP95.toFixed(0)}`, `${f.latency.sqlMedian.toFixed(1)} / ${f.latency.sqlP95.toFixed(1)}`])),
  ];
  process.stdout.write(out.join('\n') + '\n');
  mkdirSync('.bench', { recursive: true });
  const file = `.bench/api-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
  writeFileSync(file, JSON.stringify({ participants: PARTICIPANTS, seconds: SECONDS, clients: CLIENTS, figures }, null, 2));
  process.stderr.write(`figures in ${file}\n`);
}

await main();
