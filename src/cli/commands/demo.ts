import type { Command } from 'commander';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../../config.js';
import { startRunSignupSandbox } from '../../sandbox/index.js';
import { summarize } from '../../sync/summary.js';
import { runSync, type SyncRequest } from '../../scheduler/sync-now.js';
import { addConnection } from '../../tenants/connections.js';
import { addPartner } from '../../tenants/partners.js';
import { openApp, type App } from '../../app.js';
import type { CliIo } from '../output.js';
import { formatTable } from '../output.js';
import { formatSummary } from './sync.js';

export function registerDemo(program: Command, config: Config, io: CliIo): void {
  program
    .command('demo')
    .description('run the hub end to end against the built-in RunSignUp sandbox, on a fresh embedded database')
    .addHelpText('after', `
The demo keeps its database in <P88_DATA_DIR>/demo (emptied at each start), so it never touches your data.
Look around afterwards with, e.g.:  P88_DATA_DIR=${join(config.dataDir, 'demo')} p88 partner list`)
    .action(async () => {
      const dataDir = join(config.dataDir, 'demo');
      rmSync(dataDir, { recursive: true, force: true });
      const app = await openApp({ ...config, dataDir, databaseUrl: undefined }, io);
      try {
        await runDemo(app, io);
      } finally {
        await app.close();
      }
    });
}

async function runDemo(app: App, io: CliIo): Promise<void> {
  const say = (text: string) => io.stdout.write(text + '\n');
  const sandbox = await startRunSignupSandbox({ seed: 42, partners: 2, racesPerPartner: 4, eventsPerRace: 2, participantsPerEvent: 60, pastShare: 0.25 });
  try {
    say(`RunSignUp sandbox at ${sandbox.baseUrl}; database in ${app.config.dataDir}\n`);
    const partnerIds: number[] = [];
    for (const credential of sandbox.credentials) {
      const partner = await addPartner(app.db, `Demo Timing ${credential.partner}`, 'America/New_York');
      await addConnection(app.db, app.box, {
        timingPartnerId: partner.id, provider: 'runsignup', baseUrl: sandbox.baseUrl, budgetPerHour: 1000,
        credentials: { api_key: credential.apiKey, api_secret: credential.apiSecret },
      });
      partnerIds.push(partner.id);
      say(`Partner ${partner.id} "${partner.name}" with a RunSignUp connection`);
    }
    const ctx = app.syncContext();
    const phase = async (title: string, request: Omit<SyncRequest, 'partnerId'>) => {
      say(`\n== ${title}`);
      for (const partnerId of partnerIds) {
        const startedAt = new Date();
        const reports = await runSync({ ctx, box: app.box, fetch: globalThis.fetch }, { ...request, partnerId });
        io.stdout.write(formatSummary(summarize(reports, startedAt, new Date(), false)));
      }
    };
    const base = { full: false, includePast: false, results: false, dryRun: false };
    await phase('Discovery and first (full) sync of future races', base);
    const change = sandbox.mutate({ register: 12, assignBibs: 20, changeBibs: 3, edit: 5, remove: 3 });
    say(`\nThe sandbox world changes: ${JSON.stringify(countChanges(change))}`);
    await phase('Incremental sync (only what changed since the cursor)', base);
    await phase('Results of races already run', { ...base, includePast: true, results: true });
    await showFeed(app, say);
  } finally {
    await sandbox.close();
  }
}

function countChanges(summary: object): Record<string, number> {
  return Object.fromEntries(
    Object.entries(summary).filter(([, v]) => Array.isArray(v)).map(([k, v]) => [k, (v as unknown[]).length]),
  );
}

async function showFeed(app: App, say: (text: string) => void): Promise<void> {
  const feed = await app.db.query<{ kind: string; n: number }>(
    'select kind, count(*)::int as n from changes group by kind order by kind',
  );
  say('\n== Change feed');
  say(formatTable(['change', 'count'], feed.map((r) => [r.kind, r.n])).trimEnd());
  const results = await app.db.query<{ race: string; bib: string; name: string; clock: string; place: number; status: string }>(
    `select r.name as race, u.bib, concat_ws(' ', u.first_name, u.last_name) as name, u.clock_time::text as clock,
            u.overall_place as place, u.status
     from unified_results u join races r on r.id = u.race_id
     order by u.race_id, u.overall_place nulls last limit 5`,
  );
  say('\n== A few rows of unified_results');
  say(formatTable(['race', 'bib', 'name', 'clock', 'place', 'status'], results.map((r) => [r.race, r.bib, r.name, r.clock, r.place, r.status])).trimEnd());
}
