/**
 * Tenants apart and secrets nowhere, as tests rather than promises. Two partners sync the very same
 * provider account (every provider id collides between them); nothing partner A reads through the
 * CLI, the read services or the change feed is partner B's, and A cannot link, push or publish with
 * B's races. Then everything the run produced — every line on stdout and stderr at trace level, every
 * `--json` document, every text and JSON column of the database (raw payloads included) and the
 * dashboard page — is scanned for the secrets.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../src/db/database.js';
import { streamView, VIEWS, type ViewName } from '../../src/read/views.js';
import { startRunSignupSandbox, type RunSignupSandbox } from '../../src/sandbox/index.js';
import { runCli, type CliResult } from '../helpers/cli.js';
import { cliEngines, type CliStore } from '../helpers/database.js';
import { serveApi } from '../api/helpers.js';

const SECRET_KEY = 'd4'.repeat(32);

for (const engine of cliEngines()) {
  describe(`two tenants on one provider account stay apart, and no secret leaks (${engine.name})`, () => {
    let sandbox: RunSignupSandbox;
    let store: CliStore;
    let env: Record<string, string>;
    const outputs: string[] = [];
    const ids = { a: '', b: '', connectionA: '', connectionB: '' };

    const cli = async (args: string[]): Promise<CliResult> => {
      const result = await runCli(args, env);
      outputs.push(result.stdout, result.stderr);
      return result;
    };
    const json = async <T>(args: string[]): Promise<T> => {
      const result = await cli([...args, '--json']);
      assert.equal(result.code, 0, `p88 ${args.join(' ')}: ${result.stderr}`);
      return JSON.parse(result.stdout) as T;
    };

    before(async () => {
      sandbox = await startRunSignupSandbox({ seed: 51, partners: 1, racesPerPartner: 2, eventsPerRace: 1, participantsPerEvent: 15, pastShare: 0.5 });
      store = await engine.create();
      env = { ...store.env, P88_SECRET_KEY: SECRET_KEY, P88_LOG_LEVEL: 'trace' };
      const [credential] = sandbox.credentials;
      for (const side of ['a', 'b'] as const) {
        ids[side] = String((await json<{ id: number }>(['partner', 'add', '--name', `Tenant ${side}`])).id);
        const connection = await json<{ id: number }>(['connection', 'add', '--partner', ids[side], '--provider', 'runsignup',
          '--api-key', credential!.apiKey, '--api-secret', credential!.apiSecret, '--base-url', sandbox.baseUrl]);
        ids[side === 'a' ? 'connectionA' : 'connectionB'] = String(connection.id);
        assert.equal((await cli(['sync', '--partner', ids[side], '--include-past'])).code, 0);
        assert.equal((await cli(['results', '--partner', ids[side], '--include-past'])).code, 0);
      }
    });
    after(async () => {
      await sandbox.close();
      await store.dispose();
    });

    const partnerIdsOf = (rows: { timing_partner_id?: unknown; timingPartnerId?: unknown }[]) =>
      [...new Set(rows.map((r) => String(r.timing_partner_id ?? r.timingPartnerId)))];

    it('every read of partner A through the CLI is A\'s alone, though every provider id is B\'s too', async () => {
      for (const view of Object.keys(VIEWS)) {
        const exported = await cli(['export', '--partner', ids.a, '--view', view, '--format', 'jsonl']);
        const rows = exported.stdout.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line));
        assert.ok(rows.length > 0, `${view} has rows`);
        assert.deepEqual(partnerIdsOf(rows), [ids.a], view);
      }
      const connections = await json<{ timingPartnerId: number }[]>(['connection', 'list', '--partner', ids.a]);
      assert.deepEqual(partnerIdsOf(connections), [ids.a]);
      const status = await json<{ partners: { id: number }[] }>(['status', '--partner', ids.a]);
      assert.deepEqual(status.partners.map((p) => String(p.id)), [ids.a]);
      const changes = (await cli(['changes', '--partner', ids.a, '--json'])).stdout.trim().split('\n').map((line) => JSON.parse(line) as { entityId: number; raceId: number | null });
      const db = await store.open();
      try {
        const ownRaces = new Set((await db.query<{ id: number }>('select id from races where timing_partner_id = $1', [ids.a])).map((r) => r.id));
        assert.ok(changes.length > 0 && changes.every((c) => c.raceId === null || ownRaces.has(c.raceId)), 'every change is of A\'s races');
      } finally {
        await db.close();
      }
    });

    it('the read services scope every query by the partner', async () => {
      const db = await store.open();
      try {
        for (const view of Object.keys(VIEWS) as ViewName[]) {
          for await (const rows of streamView(db, { partnerId: Number(ids.a), view })) assert.deepEqual(partnerIdsOf(rows), [ids.a], view);
        }
      } finally {
        await db.close();
      }
    });

    it('A cannot link to B\'s races, nor check, push or publish with B\'s link', async () => {
      const racesOf = async (partner: string) => (await cli(['export', '--partner', partner, '--view', 'races', '--format', 'jsonl'])).stdout
        .trim().split('\n').map((line) => JSON.parse(line) as { race_id: number });
      const [raceA1, raceA2] = await racesOf(ids.a);
      const [raceB1, raceB2] = await racesOf(ids.b);
      const across = await cli(['link', 'add', '--partner', ids.a, '--registration-race', String(raceA1!.race_id), '--scoring-race', String(raceB1!.race_id)]);
      assert.equal(across.code, 1);
      assert.match(across.stderr, /is not a race of partner/);
      const linkB = await json<{ id: number }>(['link', 'add', '--partner', ids.b, '--registration-race', String(raceB1!.race_id), '--scoring-race', String(raceB2!.race_id)]);
      for (const args of [['link', 'check', String(linkB.id)], ['link', 'remove', String(linkB.id)], ['push', '--link', String(linkB.id)]]) {
        const refused = await cli([...args, '--partner', ids.a]);
        assert.equal(refused.code, 1, args.join(' '));
        assert.match(refused.stderr, new RegExp(`No link ${linkB.id} of partner ${ids.a}`));
      }
      const linkA = await json<{ id: number }>(['link', 'add', '--partner', ids.a, '--registration-race', String(raceA1!.race_id), '--scoring-race', String(raceA2!.race_id)]);
      assert.notEqual(linkA.id, linkB.id);
    });

    it('no secret appears in any output, log line, stored column or the dashboard', async () => {
      const [credential] = sandbox.credentials;
      const secrets = [credential!.apiSecret, SECRET_KEY, Buffer.from(SECRET_KEY, 'hex').toString('base64')];
      const db = await store.open();
      let dashboard = '';
      try {
        const token = (await cli(['token', 'create', '--admin', '--json'])).stdout;
        const admin = JSON.parse(token) as { token: string };
        outputs.pop();
        outputs.pop(); // the token is printed once, on purpose
        secrets.push(admin.token);
        dashboard = await dashboardPage(db, admin.token);
        assert.match(dashboard, /Tenant a/);
        const columns = await textColumns(db);
        for (const secret of secrets) {
          for (const [i, text] of outputs.entries()) assert.ok(!text.includes(secret), `output ${i} shows a secret`);
          assert.ok(!dashboard.includes(secret), 'the dashboard shows a secret');
          for (const { where, text } of columns) assert.ok(!text.includes(secret), `${where} holds a secret in the clear`);
        }
      } finally {
        await db.close();
      }
    });
  });
}

/** Every text and JSON value of every table, as text, for scanning. */
async function textColumns(db: Database): Promise<{ where: string; text: string }[]> {
  const columns = await db.query<{ table_name: string; column_name: string }>(
    `select table_name, column_name from information_schema.columns
     where table_schema = 'public' and data_type in ('text', 'jsonb', 'json', 'character varying')
       and table_name in (select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE')`,
  );
  const found: { where: string; text: string }[] = [];
  for (const { table_name: table, column_name: column } of columns) {
    const rows = await db.query<{ value: string | null }>(`select ${column}::text as value from ${table} where ${column} is not null`);
    found.push({ where: `${table}.${column}`, text: rows.map((r) => r.value).join('\n') });
  }
  return found;
}

async function dashboardPage(db: Database, adminToken: string): Promise<string> {
  const served = await serveApi(db);
  try {
    const login = await fetch(`${served.url}/login`, {
      method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token: adminToken }),
    });
    const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
    return await (await fetch(`${served.url}/`, { headers: { cookie } })).text();
  } finally {
    await served.close();
  }
}
