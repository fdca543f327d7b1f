/**
 * What a phase stands on: a fresh PostgreSQL database, the partners and their connections to the
 * sandbox's skins, and the Worker instances — each with its own holder name and pool, all on the virtual
 * clock and the recording fetch, wired as `p88 worker` wires one.
 */
import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Database } from '../../src/db/database.js';
import { migrate } from '../../src/db/migrate.js';
import { openPostgres } from '../../src/db/postgres.js';
import { createLogger } from '../../src/log.js';
import { providerEntry } from '../../src/providers/registry.js';
import type { SkinProvider } from '../../src/sandbox/index.js';
import { createRandom, hashSeed } from '../../src/sandbox/world/random.js';
import { DEFAULT_POLICY } from '../../src/scheduler/policy.js';
import { Worker } from '../../src/scheduler/worker.js';
import { createSecretBox, type SecretBox } from '../../src/secrets.js';
import type { RunReport } from '../../src/sync/context.js';
import { workerId } from '../../src/sync/store/targets.js';
import { addConnection } from '../../src/tenants/connections.js';
import { addPartner } from '../../src/tenants/partners.js';
import { adminQuery } from '../sync/scratch-database.js';
import type { CallLog } from './calls.js';
import type { VirtualClock } from './clock.js';
import { budgetOf, type Scenario } from './scenario.js';
import type { ScenarioWorld } from './world.js';

/** Creates `name` (dropped first if left over) next to the admin URL's database, migrated; returns its URL. */
export async function createDatabase(adminUrl: string, name: string): Promise<string> {
  await adminQuery(adminUrl, `drop database if exists ${name} with (force)`);
  await adminQuery(adminUrl, `create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = await openPostgres(url.toString(), 1);
  await migrate(db);
  await db.close();
  return url.toString();
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await adminQuery(adminUrl, `drop database if exists ${name} with (force)`);
}

/** A connection of the simulation: its row, its partner (row and world number), and what names its calls. */
export interface SimConnection {
  id: number;
  partnerId: number;
  /** The world's partner number (1-based). */
  partner: number;
  provider: SkinProvider;
  budgetPerHour: number;
  /** "partner 2 Race Roster", for tables. */
  label: string;
  /** The values a skin identifies this connection's calls by (api key, client id). */
  credentialValues: string[];
}

/**
 * A timing partner (in the scenario's zone) per world partner, with a connection to every running
 * skin at the scenario's budget, set up as `p88 connection add` would be (see bench/chaos/world.ts).
 */
export async function addScenarioTenants(db: Database, world: ScenarioWorld, scenario: Scenario): Promise<{ connections: SimConnection[]; box: SecretBox }> {
  const { sandbox } = world;
  const box = createSecretBox({ key: randomBytes(32), source: 'bench' });
  const connections: SimConnection[] = [];
  for (const { partner: number } of sandbox.world.partners) {
    const partner = await addPartner(db, scenario.partners === 1 ? 'Race Weekend Timing' : `Race Weekend Timing ${number}`, scenario.timeZone);
    for (const provider of scenario.providers) {
      const endpoint = sandbox.endpoint(provider);
      const { partner: _, ...credentials } = endpoint.credentials[number - 1] as unknown as Record<string, string>;
      const budgetPerHour = budgetOf(scenario, provider);
      const connection = await addConnection(db, box, {
        timingPartnerId: partner.id, provider, baseUrl: endpoint.baseUrl, authUrl: endpoint.authUrl ?? null,
        budgetPerHour, credentials, settings: providerSettings(world, provider, number),
      });
      const label = `partner ${number} ${providerEntry(provider).label}`;
      connections.push({ id: connection.id, partnerId: partner.id, partner: number, provider, budgetPerHour, label, credentialValues: Object.values(credentials) });
    }
  }
  return { connections, box };
}

function providerSettings(world: ScenarioWorld, provider: SkinProvider, partner: number): Record<string, unknown> {
  const events = world.sandbox.world.eventsAt(provider, partner);
  // Copernico lists no races of an account: the connection names them (providers.md §5.4).
  if (provider === 'copernico') return { raceIds: events.map((e) => e.ids.copernico) };
  // Haku races have a date and no time: an operator sets the earliest start of the day, so each race's
  // 1-minute cadence starts no later than 4 h before its real start (and lasts until local midnight).
  if (provider === 'haku') {
    const starts = world.races.filter((r) => r.raceDay && r.race.event.partner === partner && r.race.event.host === 'haku');
    const local = starts.map((r) => DateTime.fromMillis(r.startMs, { zone: r.race.event.timeZone }).toFormat('HH:mm')).sort();
    return local.length === 0 ? {} : { assumedStartTime: local[0] };
  }
  return {};
}

export interface WorkerSetup {
  pools: Database[];
  box: SecretBox;
  clock: VirtualClock;
  calls: CallLog;
  scenario: Scenario;
  /** Gets every report of worker `n` (1-based). */
  onRun: (worker: number, report: RunReport) => void;
}

/** One Worker per pool, as `p88 worker --concurrency 1` builds it, with the CLI's default settings. */
export function createWorkers(setup: WorkerSetup): Worker[] {
  const { scenario } = setup;
  return setup.pools.map((db, i) => new Worker(
    {
      ctx: {
        db, log: createLogger('error'), now: setup.clock.now, holder: workerId(`:sim${i + 1}`),
        settings: { incrementalDays: 7, deleteGuard: 0.2, cursorLagSeconds: 10 },
      },
      box: setup.box,
      fetch: setup.calls.fetch,
      policy: DEFAULT_POLICY,
      reserveShare: scenario.reserveShare,
      authFailureLimit: 3,
      leaseMs: 5 * 60_000,
      random: createRandom(hashSeed(scenario.seed, 'backoff', i)).next,
    },
    { concurrency: 1, idleMs: 0, onRun: (report) => setup.onRun(i + 1, report) },
  ));
}
