import type { Command } from 'commander';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../../config.js';
import { providerEntry } from '../../providers/registry.js';
import { startSandbox, type Sandbox, type SkinProvider } from '../../sandbox/index.js';
import { runSync, type SyncRequest } from '../../scheduler/sync-now.js';
import { createLink, decide, pushNow, waitingPublications } from '../../services/outbound.js';
import { summarize } from '../../sync/summary.js';
import { addConnection } from '../../tenants/connections.js';
import { addPartner } from '../../tenants/partners.js';
import { openApp, type App } from '../../app.js';
import type { CliIo } from '../output.js';
import { formatTable } from '../output.js';
import { formatSummary } from './sync.js';

/** Every skin the sandbox has: the three registration providers and the two that score races. */
const DEMO_PROVIDERS: SkinProvider[] = ['runsignup', 'raceroster', 'haku', 'chronotrack', 'copernico'];

export function registerDemo(program: Command, config: Config, io: CliIo): void {
  program
    .command('demo')
    .description('run the hub end to end against the built-in sandbox of all five providers, on a fresh embedded database')
    .addHelpText('after', `
Two timing partners, each with a connection to RunSignUp, Race Roster, Haku, ChronoTrack and Copernico:
discovery and a first sync, an incremental sync after the world changes, results, and the outbound round
trip (registrations pushed to Copernico, its results matched and, once approved, published to RunSignUp).
The demo keeps its database in <P88_DATA_DIR>/demo (emptied at each start), so it never touches your data.
Look around afterwards with, e.g.:  P88_DATA_DIR=${join(config.dataDir, 'demo')} p88 status`)
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

type Say = (text: string) => void;

async function runDemo(app: App, io: CliIo): Promise<void> {
  const say: Say = (text) => io.stdout.write(text + '\n');
  const sandbox = await startSandbox({
    providers: DEMO_PROVIDERS, seed: 7, partners: 2, eventsPerPartner: { runsignup: 3, raceroster: 2, haku: 2 },
    racesPerEvent: 2, registrationsPerRace: 40, pastShare: 0.3, scoredShare: 0.6,
  });
  try {
    say(`Sandbox of ${DEMO_PROVIDERS.join(', ')} on 127.0.0.1; database in ${app.config.dataDir}\n`);
    const partnerIds = await addPartners(app, sandbox, say);
    const phase = async (title: string, request: Omit<SyncRequest, 'partnerId'>) => {
      say(`\n== ${title}`);
      for (const partnerId of partnerIds) await syncAndShow(app, io, { ...request, partnerId });
    };
    const base = { full: false, includePast: false, results: false, dryRun: false };
    await phase('Discovery and first (full) sync of future races', base);
    const change = sandbox.mutate({ register: 12, assignBibs: 20, changeBibs: 3, edit: 5, remove: 3 });
    say(`\nThe sandbox world changes: ${JSON.stringify(countChanges(change))}`);
    await phase('Incremental sync (only what changed since the cursor)', base);
    await phase('Results of races already run', { ...base, includePast: true, results: true });
    await showFeed(app, say);
    await roundTrip(app, io, sandbox, partnerIds[0]!, say);
  } finally {
    await sandbox.close();
  }
}

async function addPartners(app: App, sandbox: Sandbox, say: Say): Promise<number[]> {
  const ids: number[] = [];
  for (const { partner: number } of sandbox.world.partners) {
    const partner = await addPartner(app.db, `Demo Timing ${number}`, 'America/New_York');
    for (const endpoint of sandbox.endpoints) {
      const { partner: _, ...credentials } = endpoint.credentials[number - 1] as unknown as Record<string, string>;
      // Copernico lists no races of an account: the connection names them (providers.md §5.4).
      const settings = endpoint.provider === 'copernico' ? { raceIds: sandbox.world.eventsAt('copernico', number).map((e) => e.ids.copernico) } : {};
      await addConnection(app.db, app.box, {
        timingPartnerId: partner.id, provider: endpoint.provider, baseUrl: endpoint.baseUrl, authUrl: endpoint.authUrl ?? null,
        budgetPerHour: providerEntry(endpoint.provider).defaultBudgetPerHour, credentials, settings,
      });
    }
    ids.push(partner.id);
    say(`Partner ${partner.id} "${partner.name}" with a connection to each provider`);
  }
  return ids;
}

async function syncAndShow(app: App, io: CliIo, request: SyncRequest): Promise<void> {
  const startedAt = new Date();
  const reports = await runSync({ ctx: app.syncContext(), box: app.box, fetch: globalThis.fetch }, request);
  io.stdout.write(formatSummary(summarize(reports, startedAt, new Date(), false)));
}

/**
 * A race already run, registered at RunSignUp and timed with Copernico: its registrations are
 * pushed, its results matched back to them, and published to RunSignUp once approved.
 */
async function roundTrip(app: App, io: CliIo, sandbox: Sandbox, partnerId: number, say: Say): Promise<void> {
  const event = sandbox.world.eventsAt('copernico', 1).find((e) => e.host === 'runsignup' && e.past);
  if (!event) return say('\n(no race of this world makes the round trip)');
  const race = event.races[0]!;
  say(`\n== The round trip: "${event.name}", ${race.name}: RunSignUp → Copernico → RunSignUp`);
  const [connection] = await app.db.query<{ id: number }>("select id::int from connections where timing_partner_id = $1 and provider = 'runsignup'", [partnerId]);
  await syncAndShow(app, io, { partnerId, connectionId: connection!.id, race: String(race.ids.runsignup), includePast: true, full: true, results: false, dryRun: false });
  const [registration, scoring] = await Promise.all([
    raceIdOf(app, partnerId, 'runsignup', String(race.ids.runsignup)),
    raceIdOf(app, partnerId, 'copernico', `${event.ids.copernico}/${race.ids.copernico}`),
  ]);
  const link = await createLink(app, partnerId, registration, scoring);
  say(`Link ${link.id}: race ${registration} (RunSignUp) ← race ${scoring} (Copernico); its results are matched at once`);
  say('\np88 push --link ' + link.id);
  io.stdout.write(formatSummary(summarize(await pushNow(app, link.id, partnerId, false), new Date(), new Date(), false)));
  const [publication] = await waitingPublications(app, partnerId);
  if (!publication) return say('(no results to publish)');
  say(`\nPublication ${publication.id} waits for approval: ${publication.rows.length} results (p88 publish list)`);
  const { reports } = await decide(app, publication.id, partnerId, 'approved', 'the demo', true);
  const posts = await runsignupResultPosts(sandbox);
  say(`p88 publish approve ${publication.id} --now: ${reports.map((r) => r.status).join(', ')}; ` +
    `RunSignUp received ${posts.length} call(s): ${posts.map((p) => p.kind).join(', ')}`);
}

async function raceIdOf(app: App, partnerId: number, provider: string, providerRaceId: string): Promise<number> {
  const [row] = await app.db.query<{ race_id: number }>(
    'select race_id::int from unified_races where timing_partner_id = $1 and provider = $2 and provider_race_id = $3', [partnerId, provider, providerRaceId]);
  if (!row) throw new Error(`the demo's ${provider} race ${providerRaceId} was not synced`);
  return row.race_id;
}

async function runsignupResultPosts(sandbox: Sandbox): Promise<{ kind: string }[]> {
  const state = (await (await fetch(`${sandbox.endpoint('runsignup').origin}/_admin/state`)).json()) as { resultPosts: { kind: string }[] };
  return state.resultPosts;
}

function countChanges(summary: object): Record<string, number> {
  return Object.fromEntries(
    Object.entries(summary).filter(([, v]) => Array.isArray(v)).map(([k, v]) => [k, (v as unknown[]).length]),
  );
}

async function showFeed(app: App, say: Say): Promise<void> {
  const feed = await app.db.query<{ kind: string; n: number }>(
    'select kind, count(*)::int as n from changes group by kind order by kind',
  );
  say('\n== Change feed');
  say(formatTable(['change', 'count'], feed.map((r) => [r.kind, r.n])).trimEnd());
  const results = await app.db.query<{ provider: string; race: string; bib: string; name: string; clock: string; place: number; status: string }>(
    `select distinct on (r.provider) r.provider, r.name as race, u.bib, concat_ws(' ', u.first_name, u.last_name) as name,
            u.clock_time::text as clock, u.overall_place as place, u.status
     from unified_results u join unified_races r on r.race_id = u.race_id
     order by r.provider, u.clock_time nulls last`,
  );
  say('\n== The fastest result of each provider in unified_results');
  say(formatTable(['provider', 'race', 'bib', 'name', 'clock', 'place', 'status'], results.map((r) => [r.provider, r.race, r.bib, r.name, r.clock, r.place, r.status])).trimEnd());
}

