/**
 * One phase of the simulation: a fresh PostgreSQL database (dropped afterwards), a fresh sandbox world (same seed every
 * phase), a partner with one RunSignUp connection, `workers` Worker instances sharing the database,
 * and the virtual-time loop from start to end. Returns the raw record (calls, changes, runs);
 * metrics.ts turns it into figures.
 */
import type { Database } from '../../src/db/database.js';
import { openPostgres } from '../../src/db/postgres.js';
import { startRunSignupSandbox, type RunSignupSandbox } from '../../src/sandbox/index.js';
import type { RunReport } from '../../src/sync/context.js';
import { CallLog, type CallRecord } from './calls.js';
import { ChangeTracker, planChanges, type ObservedChange } from './changes.js';
import { VirtualClock } from './clock.js';
import { runVirtualTime } from './loop.js';
import { HOUR, MINUTE, sandboxOptions, timeline, type Scenario } from './scenario.js';
import { addRaceWeekendPartner, createDatabase, createWorkers, dropDatabase } from './setup.js';
import { captureStatus, type StatusSnapshot } from './status-snapshot.js';

export interface RunRecord {
  /** Which worker (1-based) ran it. */
  worker: number;
  runId: number | null;
  targetId: number | null;
  kind: RunReport['kind'];
  /** RunSignUp event id (the canonical race) and race id (the canonical event). */
  providerRaceId: string | null;
  providerEventId: string | null;
  startMs: number | null;
  at: number;
  status: RunReport['status'];
  errorClass: string | null;
  budgetExhausted: boolean;
  apiCalls: number;
  latenessMs: number | null;
}

export interface PhaseRecord {
  workers: number;
  start: number;
  end: number;
  /** The RunSignUp races on race day, in start order, with their first and last event starts. */
  raceDayRaces: { raceId: string; firstStartMs: number; lastStartMs: number }[];
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
}

export async function runPhase(scenario: Scenario, workerCount: number, options: PhaseOptions): Promise<PhaseRecord> {
  const { pgUrl, statusAt, hours } = options;
  const startedAt = performance.now();
  const full = timeline(scenario);
  const span = hours === undefined ? full : { ...full, end: new Date(Math.min(full.end.getTime(), full.start.getTime() + hours * HOUR)) };
  const clock = new VirtualClock(span.start);
  // A database of this process's own, so two simulations can run side by side; dropped at the end.
  const databaseName = `p88_simulate_${process.pid}`;
  const url = await createDatabase(pgUrl, databaseName);
  const sandbox = await startRunSignupSandbox(sandboxOptions(scenario, clock.now));
  const pools: Database[] = [];
  try {
    for (let i = 0; i <= workerCount; i++) pools.push(await openPostgres(url, 2));
    const observer = pools[0]!;
    const { partnerId, box } = await addRaceWeekendPartner(observer, sandbox, scenario);
    const calls = new CallLog(clock, scenario.callCostMs);
    const changes = new ChangeTracker(sandbox, planChanges(sandbox, scenario, span.start, span.end));
    const runs: RunRecord[] = [];
    const onRun = (worker: number, report: RunReport) => {
      runs.push({ ...toRunRecord(report, clock.time), worker });
      const { created, updated, deleted } = report.counts;
      if (report.kind === 'participants' && report.race && created + updated + deleted > 0) changes.noteWrite(Number(report.race.providerRaceId));
    };
    const workers = createWorkers({ pools: pools.slice(1), box, clock, calls, scenario, onRun });
    await workers[0]!.prepare();
    const statusSnapshots: StatusSnapshot[] = [];
    const checkpoints = [
      ...statusAt.map((at) => ({ at, run: async () => void statusSnapshots.push(await captureStatus(observer, clock.now())) })),
      ...hourly(span).map((at) => ({ at, run: async () => progress(workerCount, clock, calls, startedAt) })),
      // The test server runs without autovacuum: analyse as it would, once the first load is in and then hourly.
      ...[span.start.getTime() + 10 * MINUTE, ...hourly(span)].map((at) => ({ at, run: () => observer.exec('analyze') })),
    ].sort((a, b) => a.at - b.at);
    const loop = await runVirtualTime({ clock, workers, db: observer, changes, timingPartnerId: partnerId, end: span.end.getTime(), checkpoints });
    await fillLateness(observer, runs);
    return {
      workers: workerCount,
      start: span.start.getTime(),
      end: span.end.getTime(),
      raceDayRaces: raceDayRaces(sandbox, scenario),
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
    await sandbox.close();
    if (options.keepDatabase) process.stderr.write(`[${workerCount} worker(s)] database kept: ${databaseName}\n`);
    else await dropDatabase(pgUrl, databaseName);
  }
}

function raceDayRaces(sandbox: RunSignupSandbox, scenario: Scenario): PhaseRecord['raceDayRaces'] {
  return sandbox.world.raceIds.slice(0, scenario.raceDayRaces).map((id) => {
    const starts = sandbox.world.eventIds(id).map((eventId) => sandbox.world.eventInfo(eventId)!.startTime * 1000);
    return { raceId: String(id), firstStartMs: Math.min(...starts), lastStartMs: Math.max(...starts) };
  });
}

async function countAlerts(db: Database): Promise<Record<string, number>> {
  const rows = await db.query<{ kind: string; n: number }>('select kind, count(*)::int as n from alerts group by kind');
  return Object.fromEntries(rows.map((a) => [a.kind, a.n]));
}

/** Every whole virtual hour after the start, before the end. */
function hourly(span: { start: Date; end: Date }): number[] {
  const from = span.start.getTime();
  return Array.from({ length: Math.floor((span.end.getTime() - from) / HOUR) }, (_, i) => from + (i + 1) * HOUR);
}

function progress(workers: number, clock: VirtualClock, calls: CallLog, startedAt: number): void {
  const real = ((performance.now() - startedAt) / 1000).toFixed(0);
  process.stderr.write(`[${workers} worker(s)] ${clock.now().toISOString().slice(11, 16)}Z virtual, ${calls.calls.length} calls, ${real} s real\n`);
}

function toRunRecord(report: RunReport, at: number): Omit<RunRecord, 'worker'> {
  return {
    runId: report.runId,
    targetId: report.targetId,
    kind: report.kind,
    providerRaceId: report.race?.providerRaceId ?? null,
    providerEventId: report.race?.providerEventId ?? null,
    startMs: report.race?.startTime ? Date.parse(report.race.startTime) : null,
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
