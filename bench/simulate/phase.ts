/**
 * One phase of the simulation: a fresh PostgreSQL database (dropped afterwards), a fresh sandbox world
 * (same seed every phase), the scenario's partners and connections, `workers` Worker instances sharing
 * the database, and the virtual-time loop from start to end. Returns the raw record (calls, changes,
 * runs); metrics.ts turns it into figures.
 */
import type { Database } from '../../src/db/database.js';
import { openPostgres } from '../../src/db/postgres.js';
import type { SkinProvider } from '../../src/sandbox/index.js';
import type { RunReport } from '../../src/sync/context.js';
import { CallLog, type CallRecord } from './calls.js';
import { ChangeTracker, planChanges, type ObservedChange } from './changes.js';
import { VirtualClock } from './clock.js';
import { runVirtualTime } from './loop.js';
import { HOUR, MINUTE, type Scenario } from './scenario.js';
import { addScenarioTenants, createDatabase, createWorkers, dropDatabase, type SimConnection } from './setup.js';
import { captureStatus, type StatusSnapshot } from './status-snapshot.js';
import { startScenarioWorld, timelineStart, type ScenarioWorld } from './world.js';

export interface RunRecord {
  /** Which worker (1-based) ran it. */
  worker: number;
  connectionId: number;
  runId: number | null;
  targetId: number | null;
  kind: RunReport['kind'];
  /** The canonical race (neutral world id), when the run had one the world knows. */
  raceId: number | null;
  /** The race's real start (the world's; Haku's rows carry only the date). */
  startMs: number | null;
  at: number;
  status: RunReport['status'];
  errorClass: string | null;
  budgetExhausted: boolean;
  apiCalls: number;
  latenessMs: number | null;
}

/** What the figures need to know of a canonical race. */
export interface RaceRecord {
  raceId: number;
  /** Neutral event id, partner and registration provider of its event; its scorer, if any. */
  eventId: number;
  partner: number;
  host: SkinProvider;
  scorer: SkinProvider | null;
  startMs: number;
  raceDay: boolean;
  group: 'first_third' | 'rest' | null;
  /** RunSignUp race id of its event, when hosted there. */
  runsignupRaceId: string | null;
}

export interface PhaseRecord {
  workers: number;
  /** When the clock started: `start` less the scenario's warm-up. */
  runStart: number;
  /** The measured window. */
  start: number;
  end: number;
  connections: Omit<SimConnection, 'credentialValues'>[];
  races: RaceRecord[];
  calls: CallRecord[];
  changes: ObservedChange[];
  changesSkipped: number;
  changesSuperseded: number;
  runs: RunRecord[];
  statusSnapshots: StatusSnapshot[];
  /** Alerts the scheduler raised (e.g. race_day_late), by kind. */
  alerts: Record<string, number>;
  realMs: number;
  ticks: number;
}

export interface PhaseOptions {
  pgUrl: string;
  /** Virtual instants at which to capture what `p88 status` shows. */
  statusAt: number[];
  /** Stop after this many virtual hours (a shorter run for a quick look). */
  hours?: number;
  /** Leave the phase's database in place for a look afterwards. */
  keepDatabase?: boolean;
  /** Progress lines (stderr). */
  log: (line: string) => void;
}

export async function runPhase(scenario: Scenario, workerCount: number, options: PhaseOptions): Promise<PhaseRecord> {
  const { pgUrl, statusAt, hours, log } = options;
  const startedAt = performance.now();
  const clock = new VirtualClock(new Date(timelineStart(scenario).getTime() - scenario.warmUpHours * HOUR));
  // A database of this process's own, so two simulations can run side by side; dropped at the end.
  const databaseName = `p88_simulate_${process.pid}`;
  const url = await createDatabase(pgUrl, databaseName);
  const world = await startScenarioWorld(scenario, clock.now);
  const end = hours === undefined ? world.end.getTime() : Math.min(world.end.getTime(), world.start.getTime() + hours * HOUR);
  const span = { start: world.start, end: new Date(end) };
  const runStart = clock.time;
  const pools: Database[] = [];
  try {
    for (let i = 0; i <= workerCount; i++) pools.push(await openPostgres(url, 2));
    const observer = pools[0]!;
    const { connections, box } = await addScenarioTenants(observer, world, scenario);
    const calls = new CallLog(clock, scenario.callCostMs, world.sandbox, connections);
    const changes = new ChangeTracker(world, connections, planChanges({ ...world, end: span.end }, scenario));
    const raceOf = raceLookup(world, connections);
    const runs: RunRecord[] = [];
    const onRun = (worker: number, report: RunReport) => {
      const raceId = raceOf(report);
      runs.push({ ...toRunRecord(report, clock.time, raceId, world), worker });
      const { created, updated, deleted } = report.counts;
      if (report.kind === 'participants' && raceId !== null && created + updated + deleted > 0) changes.noteWrite(report.connectionId, raceId);
    };
    const workers = createWorkers({ pools: pools.slice(1), box, clock, calls, scenario, onRun });
    await workers[0]!.prepare();
    const statusSnapshots: StatusSnapshot[] = [];
    const label = `[${scenario.name}, ${workerCount} worker(s)]`;
    const checkpoints = [
      ...statusAt.map((at) => ({ at, run: async () => void statusSnapshots.push(await captureStatus(observer, clock.now())) })),
      ...hourly(runStart, span.end.getTime()).map((at) => ({ at, run: async () => log(`${label} ${clock.now().toISOString().slice(5, 16).replace('T', ' ')}Z virtual, ${calls.calls.length} calls, ${realSeconds(startedAt)} s real`) })),
      // The test server runs without autovacuum: analyse as it would, once the first load is in and then hourly.
      ...[runStart + 10 * MINUTE, ...hourly(runStart, span.end.getTime())].map((at) => ({ at, run: () => observer.exec('analyze') })),
    ].sort((a, b) => a.at - b.at);
    const loop = await runVirtualTime({ clock, workers, db: observer, changes, end: span.end.getTime(), checkpoints });
    await fillLateness(observer, runs);
    return {
      workers: workerCount,
      runStart,
      start: span.start.getTime(),
      end: span.end.getTime(),
      connections: connections.map(({ credentialValues: _, ...c }) => c),
      races: world.races.map((r) => ({
        raceId: r.race.id, eventId: r.race.event.id, partner: r.race.event.partner, host: r.race.event.host, scorer: r.race.event.scorer,
        startMs: r.startMs, raceDay: r.raceDay, group: r.group,
        runsignupRaceId: r.race.event.ids.runsignup === undefined ? null : String(r.race.event.ids.runsignup),
      })),
      calls: calls.calls,
      changes: changes.observed,
      changesSkipped: changes.skipped,
      changesSuperseded: changes.superseded,
      runs,
      statusSnapshots,
      alerts: await countAlerts(observer),
      realMs: Math.round(performance.now() - startedAt),
      ticks: loop.ticks,
    };
  } finally {
    for (const pool of pools) await pool.close();
    await world.sandbox.close();
    if (options.keepDatabase) log(`[${scenario.name}, ${workerCount} worker(s)] database kept: ${databaseName}`);
    else await dropDatabase(pgUrl, databaseName);
  }
}

/** The world race a report's race is: its provider race id, as the connection's skin shows it. */
function raceLookup(world: ScenarioWorld, connections: readonly SimConnection[]): (report: RunReport) => number | null {
  const providerOf = new Map(connections.map((c) => [c.id, c.provider]));
  return (report) => {
    const provider = providerOf.get(report.connectionId);
    if (!provider || !report.race) return null;
    return world.sandbox.world.raceAt(provider, report.race.providerRaceId)?.id ?? null;
  };
}

async function countAlerts(db: Database): Promise<Record<string, number>> {
  const rows = await db.query<{ kind: string; n: number }>('select kind, count(*)::int as n from alerts group by kind');
  return Object.fromEntries(rows.map((a) => [a.kind, a.n]));
}

/** Every whole virtual hour after `from`, before `to`. */
function hourly(from: number, to: number): number[] {
  return Array.from({ length: Math.floor((to - from) / HOUR) }, (_, i) => from + (i + 1) * HOUR);
}

const realSeconds = (startedAt: number) => ((performance.now() - startedAt) / 1000).toFixed(0);

function toRunRecord(report: RunReport, at: number, raceId: number | null, world: ScenarioWorld): Omit<RunRecord, 'worker'> {
  const reported = report.race?.startTime ? Date.parse(report.race.startTime) : null;
  return {
    connectionId: report.connectionId,
    runId: report.runId,
    targetId: report.targetId,
    kind: report.kind,
    raceId,
    startMs: raceId === null ? reported : world.byRaceId.get(raceId)!.startMs,
    at,
    status: report.status,
    errorClass: report.errorClass ?? null,
    budgetExhausted: report.budgetExhausted ?? false,
    apiCalls: report.counts.apiCalls,
    latenessMs: null,
  };
}

/** Lateness is stored on the run (virtual now − next_run_at when it began). */
async function fillLateness(db: Database, runs: RunRecord[]): Promise<void> {
  const rows = await db.query<{ id: number; lateness_ms: number | null }>(
    'select id, lateness_ms from sync_runs where id = any($1::bigint[])',
    [runs.flatMap((r) => (r.runId === null ? [] : [r.runId]))],
  );
  const byId = new Map(rows.map((r) => [r.id, r.lateness_ms]));
  for (const run of runs) run.latenessMs = run.runId === null ? null : byId.get(run.runId) ?? null;
}
